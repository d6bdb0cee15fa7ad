package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.DenseLayer;
import org.vecnn.Network;
import org.vecnn.Precision;

class SequentialTest {
    private static final Sequential ARCH = Sequential.input(6).dense(5, Activation.RELU).dense(4, "tanh")
            .dense(3, Activation.SOFTMAX);

    @Test
    void theGeneratorIsSplittableRandomsSplitMix64() {
        for (long seed : new long[] {0, 1, -7, 42, Long.MIN_VALUE}) {
            Sequential.SplitMix64 mine = new Sequential.SplitMix64(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                assertEquals(jdk.nextDouble(), mine.nextUnit());
            }
        }
    }

    @Test
    void weightsFollowTheDocumentedHeAndGlorotUniformFormulas() {
        Model m = ARCH.initialize(42);
        SplittableRandom random = new SplittableRandom(42);
        double[] limits = {Math.sqrt(6.0 / 6), Math.sqrt(6.0 / (5 + 4)), Math.sqrt(6.0 / (4 + 3))};
        for (int i = 0; i < 3; i++) {
            LayerWeights l = m.layers().get(i);
            double[] w = l.weights();
            for (int k = 0; k < w.length; k++) {
                assertEquals(limits[i] * (2.0 * random.nextDouble() - 1.0), w[k], "layer " + i + " weight " + k);
                assertTrue(Math.abs(w[k]) <= limits[i]);
            }
            assertArrayEquals(new double[l.units()], l.bias());
        }
        assertEquals(Precision.FLOAT64, m.precision());
        assertEquals("Model[6→5 relu, 5→4 tanh, 4→3 softmax] FLOAT64", m.toString());
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnother() {
        assertEquals(ARCH.initialize(3), ARCH.initialize(3));
        assertNotEquals(ARCH.initialize(3), ARCH.initialize(4));
    }

    @Test
    void heInitializationKeepsTheVarianceOfALargeLayerNearTwoOverFanIn() {
        int fanIn = 400;
        double[] w = Sequential.input(fanIn).dense(300, Activation.RELU).initialize(9).layers().get(0).weights();
        double sum = 0;
        for (double v : w) {
            sum += v * v;
        }
        // Uniform on [-l, l] has variance l²/3 = 2/fanIn; 120,000 draws put the mean square within 1%.
        assertEquals(2.0 / fanIn, sum / w.length, 0.01 * 2.0 / fanIn);
    }

    @Test
    void initialWeightsAreBitwiseTheSameOnEveryBackendInBothPrecisions() {
        List<String> names = AvailableBackends.available();
        assertTrue(names.contains("loop") && names.contains("loop-naive"),
                "the loop backends are test dependencies, yet available are only " + names);
        Model m = ARCH.initialize(2025);
        for (Precision p : Precision.values()) {
            List<double[]> first = null;
            for (String name : names) {
                try (Backend backend = Backends.get(name); Network net = m.build(backend, p)) {
                    List<double[]> values = new ArrayList<>();
                    for (int i = 0; i < net.layers().size(); i++) {
                        DenseLayer layer = net.layers().get(i);
                        double[] expected = m.layers().get(i).weights();
                        if (p == Precision.FLOAT32) {
                            for (int k = 0; k < expected.length; k++) {
                                expected[k] = (float) expected[k];
                            }
                        }
                        assertEquals(p, layer.precision());
                        assertArrayEquals(expected, layer.weights().toDoubleArray(), name + " " + p + " W" + i);
                        assertArrayEquals(new double[layer.units()], layer.bias().toDoubleArray(), name + " b" + i);
                        values.add(layer.weights().toDoubleArray());
                    }
                    if (first == null) {
                        first = values;
                    } else {
                        for (int i = 0; i < values.size(); i++) {
                            assertArrayEquals(first.get(i), values.get(i), name + " vs " + names.get(0));
                        }
                    }
                }
            }
        }
    }

    @Test
    void buildInitializesAndUploadsInOneCall() {
        try (Backend backend = Backends.get("loop"); Network net = ARCH.build(backend, Precision.FLOAT32, 5)) {
            assertEquals(6, net.inputs());
            assertEquals(3, net.outputs());
            assertEquals(Precision.FLOAT32, net.precision());
            assertEquals("Network[6→5 relu, 5→4 tanh, 4→3 softmax] on loop FLOAT32", net.toString());
        }
    }

    @Test
    void badArchitecturesAreRefusedWithTheLayerAtFault() {
        assertEquals("sequential: inputs must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Sequential.input(0)).getMessage());
        assertEquals("sequential: layer 1 needs at least 1 unit, got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> Sequential.input(3).dense(2, Activation.RELU).dense(0, Activation.RELU)).getMessage());
        assertEquals("sequential: layer 0 has no activation",
                assertThrows(IllegalArgumentException.class,
                        () -> Sequential.input(3).dense(2, (Activation) null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sequential.input(3).dense(2, "gelu"))
                .getMessage().contains("unknown name 'gelu'"));
        assertEquals("sequential: add at least one dense layer before initializing",
                assertThrows(IllegalStateException.class, () -> Sequential.input(3).initialize(1)).getMessage());
        assertEquals("Sequential[input 6, 6→5 relu, 5→4 tanh, 4→3 softmax]", ARCH.toString());
    }
}
