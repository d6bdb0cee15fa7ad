package org.vecnn.backend.loop.internal;

import org.vecnn.Activation;

/** The {@code loop-naive} kernels: textbook loops, one thread. */
final class NaiveLoopKernels implements LoopKernels {

    @Override
    public String describe() {
        return "naive triple loops, 1 thread (the baseline)";
    }

    @Override
    public void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
        FloatNaive.matmul(a, b, c, m, k, n);
    }

    @Override
    public void matmul(double[] a, double[] b, double[] c, int m, int k, int n) {
        DoubleNaive.matmul(a, b, c, m, k, n);
    }

    @Override
    public void dense(float[] a, float[] w, float[] bias, Activation g, float[] out, int m, int k, int n) {
        FloatNaive.dense(a, w, bias, g, out, m, k, n);
    }

    @Override
    public void dense(double[] a, double[] w, double[] bias, Activation g, double[] out, int m, int k, int n) {
        DoubleNaive.dense(a, w, bias, g, out, m, k, n);
    }

    @Override
    public void multiply(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int k, int n) {
        FloatNaive.multiply(a, transA, b, transB, c, m, k, n);
    }

    @Override
    public void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k, int n) {
        DoubleNaive.multiply(a, transA, b, transB, c, m, k, n);
    }
}
