package org.vecnn.backend.loop.internal;

import org.vecnn.Activation;

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
}
