package org.vecnn.backend.loop.internal;

import org.vecnn.Activation;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;

/**
 * The compute kernels behind a loop backend, over row-major heap arrays that the caller has validated:
 * {@code a} is m&times;k, {@code b} (or {@code w}) k&times;n, {@code c} (or {@code out}) m&times;n and distinct
 * from both, {@code bias} 1&times;n. Implementations are stateless and safe to share between threads.
 */
public interface LoopKernels {

    /** @return what the kernels run on, e.g. "Vector API, 256-bit float lanes, 2 threads" */
    String describe();

    /** c = a&middot;b; only c is modified. */
    void matmul(float[] a, float[] b, float[] c, int m, int k, int n);

    /** c = a&middot;b; only c is modified. */
    void matmul(double[] a, double[] b, double[] c, int m, int k, int n);

    /** out = g(a&middot;w + bias), the bias added to every row; only out is modified. */
    void dense(float[] a, float[] w, float[] bias, Activation g, float[] out, int m, int k, int n);

    /** out = g(a&middot;w + bias), the bias added to every row; only out is modified. */
    void dense(double[] a, double[] w, double[] bias, Activation g, double[] out, int m, int k, int n);

    /** c = op(a)&middot;op(b), op(x) = x<sup>T</sup> when its flag is set (a is then k&times;m, b n&times;k); only c is modified. */
    void multiply(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int k, int n);

    /** c = op(a)&middot;op(b), op(x) = x<sup>T</sup> when its flag is set (a is then k&times;m, b n&times;k); only c is modified. */
    void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k, int n);

    /**
     * Packs a weight matrix once for the {@code dense} overloads that take it, for a layer whose W does
     * not change between calls.
     *
     * @param w k&times;n; not modified
     * @return w packed for these kernels, or null when they read w as it is (then pass null)
     */
    default float[] packWeights(float[] w, int k, int n) {
        return null;
    }

    /** @see #packWeights(float[], int, int) */
    default double[] packWeights(double[] w, int k, int n) {
        return null;
    }

    /**
     * out = g(a&middot;w + bias), bitwise what {@link #dense(float[], float[], float[], Activation, float[], int,
     * int, int)} gives, reading W from packedW where that is faster.
     *
     * @param packedW {@link #packWeights(float[], int, int)} of w, or null
     */
    default void dense(float[] a, float[] w, float[] packedW, float[] bias, Activation g, float[] out, int m, int k,
            int n) {
        dense(a, w, bias, g, out, m, k, n);
    }

    /** @see #dense(float[], float[], float[], float[], Activation, float[], int, int, int) */
    default void dense(double[] a, double[] w, double[] packedW, double[] bias, Activation g, double[] out, int m,
            int k, int n) {
        dense(a, w, bias, g, out, m, k, n);
    }

    /**
     * dst = g(src + bias), the bias added to every row, row-wise for SOFTMAX and LOG_SOFTMAX: bitwise what the
     * fused {@code dense} computes after its product; only dst is modified.
     *
     * @param bias n elements, or null for none
     * @param dst m&times;n, may be src
     */
    default void activate(Activation g, float[] src, float[] bias, float[] dst, int m, int n) {
        FloatActivations.biasApply(g, src, bias, dst, m, n);
    }

    /** @see #activate(Activation, float[], float[], float[], int, int) */
    default void activate(Activation g, double[] src, double[] bias, double[] dst, int m, int n) {
        DoubleActivations.biasApply(g, src, bias, dst, m, n);
    }
}
