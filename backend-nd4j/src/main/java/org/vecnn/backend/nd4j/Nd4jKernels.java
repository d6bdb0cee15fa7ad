package org.vecnn.backend.nd4j;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.vecnn.Activation;
import org.vecnn.simd.DoubleActivationPass;
import org.vecnn.simd.FloatActivationPass;

/**
 * Bias and activations over the off-heap memory of ND4J arrays, by {@link FloatActivationPass} and its FLOAT64
 * twin (module simd-activations): blocks of rows are copied to the heap in bulk, computed there in the Vector
 * API's lanes (the api's formulas without {@code jdk.incubator.vector}) and copied back. ND4J's transforms are not used because they differ from the api's contract (its
 * float tanh loses all relative accuracy near 0: tanh(1e-8f) gives 0) and each native op costs tens of
 * microseconds of call overhead (measured: 49 µs for gemm + addiRowVector + sigmoid on the 1×3 seed).
 */
final class Nd4jKernels {
    /**
     * Outputs of at least this many elements are split by rows over the common fork-join pool. Each element
     * is computed alone, so the split changes no bit of the result. Measured (docs/nd4j-backend.md): dense
     * sigmoid at n=256 went from 14.7 to 20.7 GFLOPS on 2 cores.
     */
    static final int PARALLEL_FROM = 1 << 14;

    private Nd4jKernels() {
    }

    /**
     * dst = g(src + bias), the bias broadcast over rows; without a bias, dst = g(src). The sum is rounded to
     * the element type before g, as the unfused addRowVector-then-apply stores it. dst may be src; all three
     * have src's precision.
     *
     * @param bias 1&times;n, or null
     */
    static void apply(Activation g, Nd4jMatrix src, Nd4jMatrix bias, Nd4jMatrix dst) {
        int m = src.rows();
        int n = src.cols();
        RowRange pass;
        if (src.floats() != null) {
            float[] b = null;
            if (bias != null) {
                b = new float[n];
                bias.floats().get(0, b);
            }
            float[] row = b;
            pass = (from, to) -> FloatActivationPass.biasApply(g, src.floats(), row, dst.floats(), from, to, n);
        } else {
            double[] b = null;
            if (bias != null) {
                b = new double[n];
                bias.doubles().get(0, b);
            }
            double[] row = b;
            pass = (from, to) -> DoubleActivationPass.biasApply(g, src.doubles(), row, dst.doubles(), from, to, n);
        }
        int blocks = blocks(m, n);
        if (blocks == 1) {
            pass.run(0, m);
        } else {
            IntStream.range(0, blocks).parallel().forEach(k -> pass.run((int) ((long) m * k / blocks),
                    (int) ((long) m * (k + 1) / blocks)));
        }
    }

    private static int blocks(int m, int n) {
        if (m < 2 || (long) m * n < PARALLEL_FROM) {
            return 1;
        }
        return Math.min(m, 4 * ForkJoinPool.getCommonPoolParallelism());
    }

    /** Rows [from, to) of the pass. */
    @FunctionalInterface
    private interface RowRange {
        void run(int from, int to);
    }
}
