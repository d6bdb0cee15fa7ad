package org.vecnn.backend.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.ShapeMismatchException;
import org.vecnn.backend.loop.internal.LoopKernelFactory;

/**
 * Both loop backends through the api: the seed's hand-computed example, batches, threads, special values
 * and the matrix operations. Each test runs on loop (SIMD where the JVM has it), loop with scalar kernels,
 * and loop-naive.
 */
class LoopBackendTest {

    static Stream<Backend> backends() {
        return Stream.of(new LoopBackendProvider().create(),
                new LoopBackend("loop", LoopKernelFactory.blocked(false, 2)),
                new LoopNaiveBackendProvider().create());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void seedExampleGivesTheHandComputedResult(Backend backend) {
        try (backend) {
            for (Precision precision : Precision.values()) {
                Matrix x = backend.matrix(new double[][] {{200, 17}}, precision);
                DenseLayer linear = backend.dense(backend.matrix(new double[][] {{1, -3, 5}, {-2, 4, -6}}, precision),
                        backend.matrix(new double[][] {{-1, 1, 2}}, precision), Activation.LINEAR);
                // z = [200 - 34 - 1, -600 + 68 + 1, 1000 - 102 + 2]
                assertArrayEquals(new double[] {165, -531, 900}, linear.forward(x).toDoubleArray(), backend.name());
                DenseLayer sigmoid = backend.dense(backend.matrix(new double[][] {{1, -3, 5}, {-2, 4, -6}}, precision),
                        backend.matrix(new double[][] {{-1, 1, 2}}, precision), Activation.SIGMOID);
                double[] a = sigmoid.forward(x).toDoubleArray();
                assertEquals(1.0, a[0]);
                assertEquals(0.0, a[1], 1e-200);
                assertEquals(1.0, a[2]);
                assertArrayEquals(new double[] {1, 0, 1},
                        new double[] {Math.round(a[0]), Math.round(a[1]), Math.round(a[2])});
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aBatchGivesEachRowsSingleRowResult(Backend backend) {
        try (backend) {
            Random random = new Random(21);
            int batch = 40;
            int inputs = 70;
            int units = 50;
            DenseLayer layer = backend.dense(backend.matrix(inputs, units, gaussian(random, inputs * units)),
                    backend.matrix(1, units, gaussian(random, units)), Activation.TANH);
            double[] x = gaussian(random, batch * inputs);
            double[] all = layer.forward(backend.matrix(batch, inputs, x)).toDoubleArray();
            for (int r = 0; r < batch; r++) {
                double[] row = new double[inputs];
                System.arraycopy(x, r * inputs, row, 0, inputs);
                double[] one = layer.forward(backend.matrix(1, inputs, row)).toDoubleArray();
                for (int j = 0; j < units; j++) {
                    // the row alone takes the unpacked path, the batch the blocked one: same maths, other order
                    assertEquals(one[j], all[r * units + j], 1e-12, backend.name() + " row " + r + " unit " + j);
                }
            }
        }
    }

    @Tag("slow")
    @ParameterizedTest
    @MethodSource("backends")
    void eightThreadsSharingALayerGetTheSingleThreadResult(Backend backend) throws Exception {
        try (backend) {
            Random random = new Random(8);
            int batch = 160;
            int inputs = 200;
            int units = 120;
            DenseLayer layer = backend.dense(backend.matrix(inputs, units, floats(random, inputs * units)),
                    backend.matrix(1, units, floats(random, units)), Activation.SIGMOID);
            Matrix input = backend.matrix(batch, inputs, floats(random, batch * inputs));
            float[] want = layer.forward(input).toFloatArray();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<float[]>> calls = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    calls.add(() -> {
                        float[] last = null;
                        for (int i = 0; i < 3; i++) {
                            try (Matrix out = layer.forward(input)) {
                                float[] got = out.toFloatArray();
                                if (last != null && !java.util.Arrays.equals(last, got)) {
                                    throw new AssertionError("a repeated forward differs");
                                }
                                last = got;
                            }
                        }
                        return last;
                    });
                }
                for (Future<float[]> result : pool.invokeAll(calls)) {
                    assertArrayEquals(want, result.get(), backend.name());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void specialValuesFollowTheActivationContract(Backend backend) {
        try (backend) {
            for (Precision precision : Precision.values()) {
                // one input; W = [1, 1, 1, 1, 1], B = [NaN, +inf, -inf, 1000, -1000]: z = x + B
                Matrix w = backend.matrix(new double[][] {{1, 1, 1, 1, 1}}, precision);
                Matrix b = backend.matrix(new double[][] {{Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, 1000, -1000}}, precision);
                DenseLayer sigmoid = backend.dense(w, b, Activation.SIGMOID);
                double[] s = sigmoid.forward(backend.matrix(new double[][] {{0.5}}, precision)).toDoubleArray();
                assertTrue(Double.isNaN(s[0]), "NaN propagates");
                assertArrayEquals(new double[] {1, 0, 1, 0}, new double[] {s[1], s[2], s[3], s[4]}, backend.name());
                DenseLayer tanh = backend.dense(backend.copyOf(w), backend.copyOf(b), Activation.TANH);
                double[] t = tanh.forward(backend.matrix(new double[][] {{0.5}}, precision)).toDoubleArray();
                assertTrue(Double.isNaN(t[0]));
                assertArrayEquals(new double[] {1, -1, 1, -1}, new double[] {t[1], t[2], t[3], t[4]});
                Matrix big = backend.matrix(new double[][] {{1000, 1001, -1000}}, precision);
                double[] soft = big.apply(Activation.SOFTMAX).toDoubleArray();
                assertEquals(1.0, soft[0] + soft[1] + soft[2], 1e-6);
                assertTrue(soft[1] > soft[0] && soft[2] == 0, java.util.Arrays.toString(soft));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void forwardIntoTheLayersOwnWeightsComputesBeforeOverwriting(Backend backend) {
        try (backend) {
            // W is 2×2 and so is the result of a 2-row batch: out may legally be W itself
            Matrix w = backend.matrix(new double[][] {{1, 2}, {3, 4}}, Precision.FLOAT64);
            DenseLayer layer = backend.dense(w, backend.matrix(new double[][] {{0, 0}}, Precision.FLOAT64),
                    Activation.LINEAR);
            Matrix x = backend.matrix(new double[][] {{1, 0}, {0, 1}}, Precision.FLOAT64);
            layer.forward(x, w);
            assertArrayEquals(new double[] {1, 2, 3, 4}, w.toDoubleArray());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matrixOperationsFollowTheDataContract(Backend backend) {
        try (backend) {
            Random random = new Random(4);
            for (Precision precision : Precision.values()) {
                int m = 37;
                int n = 70;
                double[] data = gaussian(random, m * n);
                Matrix a = backend.matrix(m, n, data, precision);
                double[] t = a.transpose().toDoubleArray();
                double[] row = gaussian(random, n);
                double[] plus = a.addRowVector(backend.matrix(1, n, row, precision)).toDoubleArray();
                double[] relu = a.apply(Activation.RELU).toDoubleArray();
                double[] stored = a.toDoubleArray();
                for (int r = 0; r < m; r++) {
                    for (int c = 0; c < n; c++) {
                        assertEquals(stored[r * n + c], t[c * m + r]);
                        assertEquals(stored[r * n + c], a.get(r, c));
                        double sum = precision == Precision.FLOAT32 ? (float) stored[r * n + c] + (float) row[c]
                                : stored[r * n + c] + row[c];
                        assertEquals(sum, plus[r * n + c]);
                        assertEquals(Math.max(0, stored[r * n + c]), relu[r * n + c]);
                    }
                }
                assertEquals(precision == Precision.FLOAT32 ? Precision.FLOAT64 : Precision.FLOAT32,
                        a.toPrecision(precision == Precision.FLOAT32 ? Precision.FLOAT64 : Precision.FLOAT32)
                                .precision());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badShapesAreRefusedWithBothShapesNamed(Backend backend) {
        try (backend) {
            Matrix a = backend.matrix(1, 2, new float[] {1, 2});
            Matrix b = backend.matrix(3, 3, new float[9]);
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.matmul(b));
            assertEquals("matmul: a is 1×2, b is 3×3: a.cols (2) must equal b.rows (3)", e.getMessage());
        }
    }

    private static double[] gaussian(Random random, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static float[] floats(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
