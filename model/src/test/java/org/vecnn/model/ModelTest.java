package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;

class ModelTest {
    // The seed lecture's layer: X = [[200, 17]], W = [[1, -3, 5], [-2, 4, -6]], B = [[-1, 1, 2]], sigmoid.
    private static final Model SEED = Model.of(Precision.FLOAT64, List.of(new LayerWeights(2, 3, Activation.SIGMOID,
            new double[] {1, -3, 5, -2, 4, -6}, new double[] {-1, 1, 2})));

    @Test
    void theSeedExampleGivesOneZeroOneOnEveryBackendInBothPrecisions() {
        for (String name : AvailableBackends.available()) {
            for (Precision p : Precision.values()) {
                try (Backend backend = Backends.get(name); Network net = SEED.build(backend, p);
                        Matrix x = backend.matrix(1, 2, new double[] {200, 17}, p);
                        Matrix a = net.forward(x)) {
                    assertArrayEquals(new double[] {1, 0, 1}, a.toDoubleArray(), 1e-30, name + " " + p);
                }
            }
        }
    }

    @Test
    void aTwoLayerModelComputesWhatTheFormulaSays() {
        Model m = Sequential.input(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).initialize(8);
        double[] x = {0.5, -1.25, 2.0};
        double[] expected = reference(m, x);
        for (String name : AvailableBackends.available()) {
            try (Backend backend = Backends.get(name); Network net = m.build(backend);
                    Matrix in = backend.matrix(1, 3, x); Matrix out = net.forward(in)) {
                assertArrayEquals(expected, out.toDoubleArray(), 1e-14, name);
            }
        }
    }

    @Test
    void weightsAreUploadedOncePerModelNotOncePerBatch() throws IOException {
        Model m = Sequential.input(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).initialize(1);
        CountingBackend backend = new CountingBackend(Backends.get("loop"), 0);
        try (backend; Network net = m.build(backend, Precision.FLOAT32)) {
            assertEquals(4, backend.uploads, "W and b of two layers");
            Matrix w0 = net.layers().get(0).weights();
            StringBuilder csv = new StringBuilder();
            for (int r = 0; r < 10; r++) {
                csv.append(r).append(",1,2\n");
            }
            RowSource rows = new CsvRowSource(new java.io.ByteArrayInputStream(csv.toString().getBytes()), "x.csv",
                    -1, 3, Precision.FLOAT32);
            long n = Predictor.predict(net, rows, 2, new PredictionWriter(new StringWriter(), false), null);
            assertEquals(10, n);
            assertEquals(4 + 5, backend.uploads, "one upload per batch of 2 rows, no weights again");
            assertTrue(w0 == net.layers().get(0).weights() && !w0.isClosed());
        }
    }

    @Test
    void aBuildThatFailsHalfwayLeavesNothingOpen() {
        Model m = Sequential.input(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).initialize(1);
        for (int failOn = 1; failOn <= 4; failOn++) {
            CountingBackend backend = new CountingBackend(Backends.get("loop-naive"), failOn);
            try (backend) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> m.build(backend, Precision.FLOAT64));
                assertEquals("upload " + failOn + " fails, as the test asked", e.getMessage());
                assertEquals(failOn - 1, backend.created.size());
                for (Matrix created : backend.created) {
                    assertTrue(created.isClosed(), "upload " + failOn + ": a matrix stayed open");
                }
            }
        }
    }

    @Test
    void layersThatDoNotChainAreRefused() {
        LayerWeights a = new LayerWeights(2, 3, Activation.RELU, new double[6], new double[3]);
        LayerWeights b = new LayerWeights(4, 1, Activation.SIGMOID, new double[4], new double[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.of(Precision.FLOAT32, List.of(a, b)));
        assertEquals("model: layer 0 is 2→3 relu but layer 1 is 4→1 sigmoid: layer 1.inputs must equal layer "
                + "0.units (3)", e.getMessage());
        assertEquals("layer: W is 2×3 but has 5 elements", assertThrows(IllegalArgumentException.class,
                () -> new LayerWeights(2, 3, Activation.RELU, new double[5], new double[3])).getMessage());
        assertEquals("layer: B has 2 elements but the layer has 3 units", assertThrows(IllegalArgumentException.class,
                () -> new LayerWeights(2, 3, Activation.RELU, new double[6], new double[2])).getMessage());
    }

    @Test
    void theModelCopiesWhatItIsGiven() {
        double[] w = {1, 2};
        LayerWeights l = new LayerWeights(1, 2, Activation.LINEAR, w, new double[2]);
        w[0] = 99;
        l.weights()[1] = 99;
        assertArrayEquals(new double[] {1, 2}, l.weights());
    }

    private static double[] reference(Model m, double[] x) {
        double[] a = x;
        for (LayerWeights l : m.layers()) {
            double[] w = l.weights();
            double[] z = l.bias();
            for (int j = 0; j < l.units(); j++) {
                for (int i = 0; i < l.inputs(); i++) {
                    z[j] += a[i] * w[i * l.units() + j];
                }
            }
            if (l.activation() == Activation.SOFTMAX) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int j = 0; j < z.length; j++) {
                    z[j] = Math.exp(z[j] - max);
                    sum += z[j];
                }
                for (int j = 0; j < z.length; j++) {
                    z[j] /= sum;
                }
            } else {
                for (int j = 0; j < z.length; j++) {
                    z[j] = l.activation().apply(z[j]);
                }
            }
            a = z;
        }
        return a;
    }
}
