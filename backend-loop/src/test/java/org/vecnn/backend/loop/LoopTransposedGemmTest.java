package org.vecnn.backend.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecnn.backend.loop.internal.LoopKernelFactory;
import org.vecnn.backend.loop.internal.LoopKernels;

/**
 * The products with a transposed operand (the training's dW = Aᵀ·dZ and dA = dZ·Wᵀ), read through the packing
 * or the indices, against the plain product of explicitly transposed copies. With small integers every partial
 * sum is exact, so every kernel must agree bit for bit.
 */
class LoopTransposedGemmTest {
    private static final LoopKernels NAIVE = LoopKernelFactory.naive();
    private static final LoopKernels[] KERNELS = {NAIVE, LoopKernelFactory.blocked(true, 2),
        LoopKernelFactory.blocked(false, 2), LoopKernelFactory.blocked(true, 1)};

    static Stream<Arguments> shapes() {
        // tiny, around the micro-tile (6×16) and the packing cut-off, straddling KC = 256 and MC = 144, the thread
        // split (2^21 multiply-adds), and the training workload's square and thin layers
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(3, 5, 2), Arguments.of(7, 17, 31),
                Arguments.of(33, 65, 17), Arguments.of(145, 257, 40), Arguments.of(128, 128, 128),
                Arguments.of(129, 130, 131), Arguments.of(128, 10, 128), Arguments.of(128, 128, 10));
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
    @MethodSource("shapes")
    void transposedOperandsGiveTheProductOfTheTransposes(int m, int k, int n) {
        Random random = new Random(m * 31L + k * 7L + n);
        float[] a = ints(random, m * k);
        float[] b = ints(random, k * n);
        float[] want = new float[m * n];
        NAIVE.matmul(a, b, want, m, k, n);
        double[] wantD = new double[m * n];
        NAIVE.matmul(widen(a), widen(b), wantD, m, k, n);
        for (LoopKernels kernels : KERNELS) {
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0;
                boolean tb = (flags & 2) != 0;
                float[] left = ta ? transpose(a, m, k) : a;
                float[] right = tb ? transpose(b, k, n) : b;
                float[] c = new float[m * n];
                kernels.multiply(left, ta, right, tb, c, m, k, n);
                assertArrayEquals(want, c, kernels.describe() + " transA=" + ta + " transB=" + tb);
                double[] cd = new double[m * n];
                kernels.multiply(widen(left), ta, widen(right), tb, cd, m, k, n);
                assertArrayEquals(wantD, cd, kernels.describe() + " FLOAT64 transA=" + ta + " transB=" + tb);
            }
        }
    }

    private static float[] ints(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextInt(9) - 4;
        }
        return x;
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }
}
