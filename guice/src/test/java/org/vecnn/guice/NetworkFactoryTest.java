package org.vecnn.guice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.ShapeMismatchException;

class NetworkFactoryTest {
    private static final double[][] SEED_W = {{1, -3, 5}, {-2, 4, -6}};
    private static final double[] SEED_B = {-1, 1, 2};

    private final HeapBackend backend = new HeapBackend("heap");
    private final NetworkFactory factory = new NetworkFactory(backend);

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void denseLayerComputesTheSeedExample(Precision precision) {
        try (DenseLayer layer = factory.dense(SEED_W, SEED_B, Activation.SIGMOID, precision);
                Matrix x = backend.matrix(new double[][] {{200, 17}}, precision);
                Matrix y = layer.forward(x)) {
            assertEquals(precision, y.precision());
            assertArrayEquals(new double[] {1, 0, 1}, y.toDoubleArray(), 1e-6);
        }
    }

    @Test
    void builtNetworkChainsLayersInOrder() {
        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        try (Network net = factory.network(2, Precision.FLOAT64)
                .layer(SEED_W, new double[] {0, 0, 0}, Activation.LINEAR)
                .layer(identity, new double[] {1, 1, 1}, Activation.RELU)
                .build();
                Matrix x = backend.matrix(new double[][] {{200, 17}, {1, 1}}, Precision.FLOAT64);
                Matrix y = net.forward(x)) {
            // row 0: [166, -532, 898] + 1 → relu; row 1: [-1, 1, -1] + 1 → relu
            assertArrayEquals(new double[] {167, 0, 899, 0, 2, 0}, y.toDoubleArray(), 0.0);
            assertEquals(2, net.inputs());
            assertEquals(3, net.outputs());
        }
    }

    @Test
    void seededLayersAreReproducibleAndWithinTheGlorotLimit() {
        try (Network a = factory.network(8, Precision.FLOAT64).layer(4, Activation.TANH, 7L).build();
                Network b = factory.network(8, Precision.FLOAT64).layer(4, Activation.TANH, 7L).build();
                Network c = factory.network(8, Precision.FLOAT64).layer(4, Activation.TANH, 8L).build()) {
            double[] wa = a.layers().get(0).weights().toDoubleArray();
            assertArrayEquals(wa, b.layers().get(0).weights().toDoubleArray(), 0.0);
            assertFalse(Arrays.equals(wa, c.layers().get(0).weights().toDoubleArray()), "another seed");
            double limit = Math.sqrt(6.0 / (8 + 4));
            for (double w : wa) {
                assertTrue(Math.abs(w) <= limit, "weight " + w + " outside ±" + limit);
            }
            assertArrayEquals(new double[4], a.layers().get(0).bias().toDoubleArray(), 0.0);
        }
    }

    @Test
    void builderRejectsWeightsWhoseRowsDoNotMatchThePreviousLayer() {
        NetworkFactory.Builder builder = factory.network(2, Precision.FLOAT32).layer(SEED_W, SEED_B, Activation.RELU);

        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> builder.layer(new double[][] {{1}, {2}}, new double[] {0}, Activation.LINEAR));

        assertEquals("network: layer 1 has W with 2 rows, but its inputs are 3 wide (the units of layer 0)",
                e.getMessage());
    }

    @Test
    void biasOfTheWrongLengthIsRejectedWithoutLeakingMatrices() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> factory.dense(SEED_W, new double[] {1, 2}, Activation.LINEAR, Precision.FLOAT32));

        assertEquals("dense: W is 2×3, bias has 2 values: it needs one per unit (3)", e.getMessage());
        assertEquals(0, backend.liveMatrices());
    }

    @Test
    void failedBuildClosesTheLayersItAlreadyCreated() {
        NetworkFactory.Builder builder = factory.network(2, Precision.FLOAT64)
                .layer(SEED_W, SEED_B, Activation.RELU)
                .layer(2, Activation.LINEAR, 1L)
                .layer(new double[][] {{1}, {1}}, new double[] {0, 0}, Activation.LINEAR);

        assertThrows(ShapeMismatchException.class, builder::build);

        assertEquals(0, backend.liveMatrices());
    }

    @Test
    void buildWithoutLayersFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> factory.network(3, Precision.FLOAT32).build());
        assertEquals("network: add at least one layer before build()", e.getMessage());
    }

    @Test
    void weightsArePrivateCopies() {
        double[][] w = {{1, 2}};
        NetworkFactory.Builder builder = factory.network(1, Precision.FLOAT64).layer(w, new double[] {0, 0},
                Activation.LINEAR);
        w[0][0] = 100;
        try (Network net = builder.build()) {
            assertArrayEquals(new double[] {1, 2}, net.layers().get(0).weights().toDoubleArray(), 0.0);
        }
    }
}
