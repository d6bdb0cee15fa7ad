package org.vecnn.backend.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecnn.Activation;
import org.vecnn.backend.loop.internal.LoopKernelFactory;
import org.vecnn.backend.loop.internal.LoopKernels;

/**
 * The GEMM kernels checked against each other (EJML style): the blocked SIMD kernels, the blocked scalar
 * kernels and the naive triple loop. With small-integer data every partial sum is exact in both precisions,
 * so the kernels must agree bit for bit whatever their blocking; with random data they must agree with a
 * double reference within the rounding bound of a k-term dot product.
 *
 * <p>Run twice by the build: with {@code --add-modules jdk.incubator.vector}, where "simd" is the Vector API
 * kernel, and without it ({@code -Dvecnn.loop.expectScalar=true}), where it must have fallen back to scalar.
 */
@Tag("slow")
class LoopGemmTest {
    private static final boolean EXPECT_SCALAR = Boolean.getBoolean("vecnn.loop.expectScalar");

    private static final LoopKernels NAIVE = LoopKernelFactory.naive();
    private static final LoopKernels SIMD = LoopKernelFactory.blocked(true, 2);
    private static final LoopKernels SCALAR = LoopKernelFactory.blocked(false, 2);

    @Test
    void simdKernelsAreUsedExactlyWhenTheJvmHasTheVectorApi() {
        if (EXPECT_SCALAR) {
            assertTrue(SIMD.describe().startsWith("scalar kernels, 2 threads: jdk.incubator.vector not in this JVM"),
                    SIMD.describe());
            assertTrue(!LoopKernelFactory.vectorAvailable());
        } else {
            assertTrue(SIMD.describe().matches("Vector API, \\d+-bit float lanes, \\d+x\\d+ tile, 2 threads"), SIMD.describe());
            assertTrue(LoopKernelFactory.vectorAvailable());
        }
        assertEquals("scalar kernels, 2 threads: vecnn.loop.vector=false", SCALAR.describe());
    }

    @Test
    void everySmallShapeAgreesExactlyAcrossKernels() {
        Random random = new Random(11);
        for (int m = 1; m <= 9; m++) {
            for (int k = 1; k <= 9; k++) {
                for (int n = 1; n <= 9; n++) {
                    checkExact(random, m, k, n);
                }
            }
        }
    }

    static Stream<Arguments> awkwardShapes() {
        return Stream.of(
                Arguments.of(17, 33, 65), Arguments.of(65, 127, 33), Arguments.of(127, 17, 127),
                Arguments.of(33, 65, 17), Arguments.of(5, 40, 70), Arguments.of(70, 40, 5),
                // around the micro-tiles (6×16, 6×8, 2 rows) and the small-product cut-off (32³)
                Arguments.of(6, 16, 16), Arguments.of(7, 17, 31), Arguments.of(12, 300, 32), Arguments.of(2, 9000, 33),
                // straddling KC = 256, MC = 144, the scalar column block 256/128
                Arguments.of(13, 255, 40), Arguments.of(13, 256, 40), Arguments.of(13, 257, 40),
                Arguments.of(143, 20, 50), Arguments.of(144, 20, 50), Arguments.of(145, 20, 50),
                Arguments.of(9, 20, 255), Arguments.of(9, 20, 257), Arguments.of(9, 20, 129),
                // straddling the 512-bit kernels' KC = 512 (FLOAT64) and 1024 (FLOAT32), with the 12-row tile and
                // its MC = 144, and three slices of k
                Arguments.of(13, 511, 40), Arguments.of(13, 513, 40), Arguments.of(25, 1023, 40),
                Arguments.of(25, 1025, 40), Arguments.of(145, 700, 33), Arguments.of(30, 2100, 70),
                // straddling NC = 2048 (FLOAT32) and 1024 (FLOAT64)
                Arguments.of(7, 3, 2049), Arguments.of(7, 5, 1025),
                // straddling the thread split (2^21 multiply-adds) by rows and by columns
                Arguments.of(128, 128, 127), Arguments.of(128, 128, 128), Arguments.of(129, 130, 131),
                Arguments.of(3, 700, 1001), Arguments.of(1, 1500, 1500), Arguments.of(1500, 1500, 1));
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
    @MethodSource("awkwardShapes")
    void awkwardShapesAgreeExactlyAcrossKernels(int m, int k, int n) {
        checkExact(new Random(31L * m + 7L * k + n), m, k, n);
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
    @MethodSource("awkwardShapes")
    void awkwardShapesStayWithinTheRoundingBound(int m, int k, int n) {
        Random random = new Random(17L * m + 5L * k + n);
        float[] a = gaussianFloats(random, m * k);
        float[] b = gaussianFloats(random, k * n);
        checkBound(a, b, m, k, n);
        double[] ad = gaussianDoubles(random, m * k);
        double[] bd = gaussianDoubles(random, k * n);
        checkBound(ad, bd, m, k, n);
    }

    @Test
    void aProductOfSize512AgreesAcrossKernels() {
        Random random = new Random(512);
        checkExact(random, 512, 520, 515);
        int m = 515;
        int k = 512;
        int n = 530;
        checkBound(gaussianFloats(random, m * k), gaussianFloats(random, k * n), m, k, n);
    }

    @Test
    void resultsAreBitwiseTheSameForAnyThreadCount() {
        int[][] shapes = {{300, 257, 290}, {7, 400, 3000}, {1, 2100, 1100}, {2100, 1100, 1}};
        for (boolean vector : new boolean[] {true, false}) {
            LoopKernels one = LoopKernelFactory.blocked(vector, 1);
            for (int[] s : shapes) {
                Random random = new Random(s[0] + s[1] + s[2]);
                float[] a = gaussianFloats(random, s[0] * s[1]);
                float[] b = gaussianFloats(random, s[1] * s[2]);
                float[] bias = gaussianFloats(random, s[2]);
                float[] want = new float[s[0] * s[2]];
                one.dense(a, b, bias, Activation.SOFTMAX, want, s[0], s[1], s[2]);
                for (int threads : new int[] {2, 3, 8}) {
                    float[] got = new float[want.length];
                    LoopKernelFactory.blocked(vector, threads).dense(a, b, bias, Activation.SOFTMAX, got, s[0], s[1],
                            s[2]);
                    assertArrayEquals(want, got, "vector=" + vector + " " + threads + " threads, shape "
                            + s[0] + "×" + s[1] + "·" + s[1] + "×" + s[2]);
                }
            }
        }
    }

    @Test
    void repeatedCallsAreBitwiseIdentical() {
        Random random = new Random(3);
        int m = 200;
        int k = 300;
        int n = 100;
        double[] a = gaussianDoubles(random, m * k);
        double[] b = gaussianDoubles(random, k * n);
        for (LoopKernels kernels : new LoopKernels[] {SIMD, SCALAR}) {
            double[] first = new double[m * n];
            kernels.matmul(a, b, first, m, k, n);
            for (int call = 0; call < 5; call++) {
                double[] again = new double[m * n];
                kernels.matmul(a, b, again, m, k, n);
                assertArrayEquals(first, again, kernels.describe());
            }
        }
    }

    @Test
    void fusedDenseEqualsProductThenBiasThenActivationBitForBit() {
        Random random = new Random(5);
        int[][] shapes = {{1, 2, 3}, {9, 40, 50}, {150, 300, 70}};
        for (LoopKernels kernels : new LoopKernels[] {SIMD, SCALAR, NAIVE}) {
            for (int[] s : shapes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                float[] a = gaussianFloats(random, m * k);
                float[] w = gaussianFloats(random, k * n);
                float[] bias = gaussianFloats(random, n);
                double[] ad = gaussianDoubles(random, m * k);
                double[] wd = gaussianDoubles(random, k * n);
                double[] biasd = gaussianDoubles(random, n);
                for (Activation g : Activation.values()) {
                    float[] z = new float[m * n];
                    kernels.matmul(a, w, z, m, k, n);
                    for (int i = 0; i < z.length; i++) {
                        z[i] += bias[i % n];
                    }
                    kernels.activate(g, z, null, z, m, n);
                    float[] fused = new float[m * n];
                    kernels.dense(a, w, bias, g, fused, m, k, n);
                    assertArrayEquals(z, fused, kernels.describe() + " " + g + " FLOAT32 " + m + "×" + k + "·" + k
                            + "×" + n);
                    double[] zd = new double[m * n];
                    kernels.matmul(ad, wd, zd, m, k, n);
                    for (int i = 0; i < zd.length; i++) {
                        zd[i] += biasd[i % n];
                    }
                    kernels.activate(g, zd, null, zd, m, n);
                    double[] fusedd = new double[m * n];
                    kernels.dense(ad, wd, biasd, g, fusedd, m, k, n);
                    assertArrayEquals(zd, fusedd, kernels.describe() + " " + g + " FLOAT64");
                }
            }
        }
    }

    // The scalar kernels compute the api's formulas bit for bit; the SIMD ones in the Vector API's lanes,
    // within the kit's allowance for evaluating an activation (docs/conformance.md): 8u·(|g(z)| + 1).
    @Test
    void activationsMatchTheApiFormulasAcrossTheirWholeRange() {
        int m = 200_001;
        float[] z = new float[m];
        double[] zd = new double[m];
        for (int i = 0; i < m; i++) {
            z[i] = (i - m / 2) * 0.0012f; // -120 .. 120, through both saturation shortcuts of the sigmoid
            zd[i] = (i - m / 2) * 0.0081; // -810 .. 810
        }
        z[0] = Float.NaN;
        z[1] = Float.POSITIVE_INFINITY;
        z[2] = Float.NEGATIVE_INFINITY;
        zd[0] = Double.NaN;
        for (LoopKernels kernels : new LoopKernels[] {SIMD, SCALAR}) {
            boolean lanes = !kernels.describe().startsWith("scalar");
            for (Activation g : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU}) {
                float[] got = new float[m];
                kernels.dense(z, new float[] {1}, new float[] {0}, g, got, m, 1, 1);
                double[] gotd = new double[m];
                kernels.dense(zd, new double[] {1}, new double[] {0}, g, gotd, m, 1, 1);
                for (int i = 0; i < m; i++) {
                    float want = g == Activation.RELU ? (z[i] < 0 ? 0 : z[i]) : (float) g.apply(z[i]);
                    if (lanes ? !within(got[i], want, 0x1p-24) : Float.compare(want, got[i]) != 0) {
                        fail(kernels.describe() + " " + g + " FLOAT32 at z = " + z[i] + ": " + got[i] + ", want "
                                + want);
                    }
                    double wantd = g == Activation.RELU ? (zd[i] < 0 ? 0 : zd[i]) : g.apply(zd[i]);
                    if (lanes ? !within(gotd[i], wantd, 0x1p-53) : Double.compare(wantd, gotd[i]) != 0) {
                        fail(kernels.describe() + " " + g + " FLOAT64 at z = " + zd[i] + ": " + gotd[i] + ", want "
                                + wantd);
                    }
                }
            }
        }
    }

    @Test
    void nanAndInfinityPropagateLikeTheNaiveLoop() {
        Random random = new Random(8);
        for (int[] s : new int[][] {{20, 300, 40}, {3, 5, 7}, {70, 70, 70}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = smallIntegerFloats(random, m * k);
            float[] b = smallIntegerFloats(random, k * n);
            a[(m / 2) * k + k / 3] = Float.NaN;
            a[(m - 1) * k] = Float.POSITIVE_INFINITY;
            b[(k - 1) * n + n - 1] = Float.NEGATIVE_INFINITY;
            float[] want = new float[m * n];
            NAIVE.matmul(a, b, want, m, k, n);
            for (LoopKernels kernels : new LoopKernels[] {SIMD, SCALAR}) {
                float[] got = new float[m * n];
                kernels.matmul(a, b, got, m, k, n);
                assertArrayEquals(want, got, kernels.describe());
            }
            for (int j = 0; j < n; j++) {
                assertTrue(Float.isNaN(want[(m / 2) * n + j]), "NaN in row " + m / 2 + " reaches column " + j);
            }
        }
    }

    // The kit's bound for evaluating an activation: 8u·(|want| + 1); NaN only where the formula gives NaN.
    static boolean within(double got, double want, double u) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got);
        }
        return got == want || Math.abs(got - want) <= 8 * u * (Math.abs(want) + 1);
    }

    private static void checkExact(Random random, int m, int k, int n) {
        float[] a = smallIntegerFloats(random, m * k);
        float[] b = smallIntegerFloats(random, k * n);
        float[] want = new float[m * n];
        NAIVE.matmul(a, b, want, m, k, n);
        double[] ad = toDoubles(a);
        double[] bd = toDoubles(b);
        double[] wantd = new double[m * n];
        NAIVE.matmul(ad, bd, wantd, m, k, n);
        assertArrayEquals(toDoubles(want), wantd, "naive FLOAT32 vs FLOAT64 " + m + "×" + k + "·" + k + "×" + n);
        for (LoopKernels kernels : new LoopKernels[] {SIMD, SCALAR}) {
            String what = kernels.describe() + ", " + m + "×" + k + "·" + k + "×" + n;
            float[] got = new float[m * n];
            java.util.Arrays.fill(got, 99); // the output must be overwritten, not accumulated into
            kernels.matmul(a, b, got, m, k, n);
            assertArrayEquals(want, got, "FLOAT32 " + what);
            double[] gotd = new double[m * n];
            java.util.Arrays.fill(gotd, 99);
            kernels.matmul(ad, bd, gotd, m, k, n);
            assertArrayEquals(wantd, gotd, "FLOAT64 " + what);
        }
    }

    private static void checkBound(float[] a, float[] b, int m, int k, int n) {
        double u = 0x1.0p-24;
        for (LoopKernels kernels : new LoopKernels[] {SIMD, SCALAR, NAIVE}) {
            float[] got = new float[m * n];
            kernels.matmul(a, b, got, m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        double t = (double) a[i * k + p] * b[p * n + j];
                        exact += t;
                        magnitude += Math.abs(t);
                    }
                    double bound = 1.01 * k * u * magnitude + Float.MIN_NORMAL;
                    if (Math.abs(got[i * n + j] - exact) > bound) {
                        fail(kernels.describe() + " FLOAT32 " + m + "×" + k + "·" + k + "×" + n + ": c[" + i + "][" + j
                                + "] = " + got[i * n + j] + ", exact " + exact + ", bound " + bound);
                    }
                }
            }
        }
    }

    private static void checkBound(double[] a, double[] b, int m, int k, int n) {
        double u = 0x1.0p-53;
        for (LoopKernels kernels : new LoopKernels[] {SIMD, SCALAR, NAIVE}) {
            double[] got = new double[m * n];
            kernels.matmul(a, b, got, m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    // a compensated (Kahan-Babuska) reference, far more accurate than the bound checked
                    double sum = 0;
                    double comp = 0;
                    double magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        double t = a[i * k + p] * b[p * n + j];
                        double s = sum + t;
                        comp += Math.abs(sum) >= Math.abs(t) ? (sum - s) + t : (t - s) + sum;
                        sum = s;
                        magnitude += Math.abs(t);
                    }
                    double exact = sum + comp;
                    double bound = 1.01 * (k + 1) * u * magnitude + Double.MIN_NORMAL;
                    if (Math.abs(got[i * n + j] - exact) > bound) {
                        fail(kernels.describe() + " FLOAT64 " + m + "×" + k + "·" + k + "×" + n + ": c[" + i + "][" + j
                                + "] = " + got[i * n + j] + ", exact " + exact + ", bound " + bound);
                    }
                }
            }
        }
    }

    static float[] smallIntegerFloats(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextInt(9) - 4;
        }
        return x;
    }

    static float[] gaussianFloats(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    static double[] gaussianDoubles(Random random, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
