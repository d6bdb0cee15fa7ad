package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.ArrayActivations;
import org.vecnn.spi.ProbeResult;

/**
 * The backend on a real GPU: results against a host reference, memory bookkeeping, lifetime. Skipped, with
 * the probe's reason, where no usable GPU is present (the conformance kit covers the api contract there too).
 */
class CudaBackendGpuTest {
    private static CudaBackend backend;
    private static ProbeResult probe;

    @BeforeAll
    static void openTheGpu() {
        probe = new CudaBackendProvider().probe();
        if (probe.available()) {
            backend = (CudaBackend) new CudaBackendProvider().create();
        }
    }

    @BeforeEach
    void needsAGpu() {
        assumeTrue(backend != null, "no usable GPU: " + probe.reason());
    }

    @AfterAll
    static void closeTheGpu() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theSeedExampleGivesOneZeroOne() {
        try (Matrix x = backend.matrix(new float[][] {{200, 17}});
                DenseLayer layer = backend.dense(backend.matrix(new float[][] {{1, -3, 5}, {-2, 4, -6}}),
                        backend.matrix(new float[][] {{-1, 1, 2}}), Activation.SIGMOID);
                Matrix a = layer.forward(x)) {
            assertArrayEquals(new float[] {1, 0, 1}, a.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void productsMatchTheHostOnEdgeAndVectorShapes() {
        Random random = new Random(11);
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {129, 130, 17}, {256, 128, 64}, {64, 96, 300}, {7, 1000, 3}};
        for (Precision p : Precision.values()) {
            for (int[] s : shapes) {
                double[] a = data(random, s[0] * s[2]);
                double[] b = data(random, s[2] * s[1]);
                try (Matrix ma = backend.matrix(s[0], s[2], a, p); Matrix mb = backend.matrix(s[2], s[1], b, p);
                        Matrix c = ma.matmul(mb)) {
                    double[] got = c.toDoubleArray();
                    for (int i = 0; i < s[0]; i++) {
                        for (int j = 0; j < s[1]; j++) {
                            double want = 0;
                            double mag = 0;
                            for (int k = 0; k < s[2]; k++) {
                                want += a[i * s[2] + k] * b[k * s[1] + j];
                                mag += Math.abs(a[i * s[2] + k] * b[k * s[1] + j]);
                            }
                            double tol = 2 * (s[2] + 2) * p.unitRoundoff() * mag + (p == Precision.FLOAT32 ? 1e-6 : 0);
                            assertEquals(want, got[i * s[1] + j], tol, p + " " + s[0] + "×" + s[2] + "·" + s[2] + "×"
                                    + s[1] + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fusedDenseLayersMatchTheHostForEveryActivation() {
        Random random = new Random(12);
        int batch = 67;
        int inputs = 45;
        int units = 131;
        for (Precision p : Precision.values()) {
            for (Activation g : Activation.values()) {
                double[] x = data(random, batch * inputs);
                double[] w = data(random, inputs * units);
                double[] bias = data(random, units);
                double[] z = new double[batch * units];
                for (int i = 0; i < batch; i++) {
                    for (int j = 0; j < units; j++) {
                        double s = bias[j];
                        for (int k = 0; k < inputs; k++) {
                            s += x[i * inputs + k] * w[k * units + j];
                        }
                        z[i * units + j] = s;
                    }
                }
                double[] want = new double[z.length];
                ArrayActivations.apply(g, z, want, batch, units);
                try (Matrix in = backend.matrix(batch, inputs, x, p);
                        DenseLayer layer = backend.dense(backend.matrix(inputs, units, w, p),
                                backend.matrix(1, units, bias, p), g);
                        Matrix out = layer.forward(in)) {
                    double[] got = out.toDoubleArray();
                    double tol = (inputs + 10) * 4 * p.unitRoundoff();
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(want[i], got[i], tol * Math.max(1, Math.abs(want[i])), p + " " + g + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void elementwiseOperationsTransposeAndConversionsStayExact() {
        double[] values = {1, -2, 3, -4, 5, -6};
        try (Matrix m = backend.matrix(2, 3, values, Precision.FLOAT64);
                Matrix t = m.transpose();
                Matrix row = backend.matrix(1, 3, new double[] {10, 20, 30}, Precision.FLOAT64);
                Matrix f = m.toPrecision(Precision.FLOAT32);
                Matrix copy = backend.copyOf(m)) {
            assertArrayEquals(new double[] {1, -4, -2, 5, 3, -6}, t.toDoubleArray());
            m.addRowVector(row, m);
            assertArrayEquals(new double[] {11, 18, 33, 6, 25, 24}, m.toDoubleArray());
            m.apply(Activation.RELU, m);
            assertEquals(Precision.FLOAT32, f.precision());
            assertArrayEquals(new float[] {1, -2, 3, -4, 5, -6}, f.toFloatArray());
            assertArrayEquals(values, copy.toDoubleArray());
            assertEquals(-6.0, copy.get(1, 2));
        }
    }

    @Test
    void closedMatricesReturnTheirMemory() {
        CudaMemoryStatistics before = backend.memoryStatistics();
        Matrix a = backend.zeros(1000, 1000, Precision.FLOAT32);
        CudaMemoryStatistics during = backend.memoryStatistics();
        assertEquals(before.liveMatrices() + 1, during.liveMatrices());
        assertTrue(during.liveBytes() >= before.liveBytes() + 4_000_000L, during.toString());
        assertArrayEquals(new float[1_000_000], a.toFloatArray());
        a.close();
        a.close();
        CudaMemoryStatistics after = backend.memoryStatistics();
        assertEquals(before.liveMatrices(), after.liveMatrices());
        assertEquals(before.liveBytes(), after.liveBytes());
        assertThrows(IllegalStateException.class, a::toFloatArray);
    }

    private static double[] data(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        return x;
    }
}
