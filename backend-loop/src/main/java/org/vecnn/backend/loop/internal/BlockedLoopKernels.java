package org.vecnn.backend.loop.internal;

import org.vecnn.Activation;

/** The {@code loop} kernels: the blocked GEMM with a fused epilogue, SIMD or scalar micro-kernels. */
final class BlockedLoopKernels implements LoopKernels {
    private final FloatGemm floats;
    private final DoubleGemm doubles;
    private final String description;

    BlockedLoopKernels(FloatGemm floats, DoubleGemm doubles, String description) {
        this.floats = floats;
        this.doubles = doubles;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
        floats.multiply(a, b, c, m, k, n, null, null);
    }

    @Override
    public void matmul(double[] a, double[] b, double[] c, int m, int k, int n) {
        doubles.multiply(a, b, c, m, k, n, null, null);
    }

    @Override
    public void dense(float[] a, float[] w, float[] bias, Activation g, float[] out, int m, int k, int n) {
        floats.multiply(a, w, out, m, k, n, bias, g);
    }

    @Override
    public void dense(double[] a, double[] w, double[] bias, Activation g, double[] out, int m, int k, int n) {
        doubles.multiply(a, w, out, m, k, n, bias, g);
    }

    @Override
    public void multiply(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int k, int n) {
        floats.multiply(a, transA, b, transB, c, m, k, n);
    }

    @Override
    public void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k, int n) {
        doubles.multiply(a, transA, b, transB, c, m, k, n);
    }

    @Override
    public float[] packWeights(float[] w, int k, int n) {
        return floats.pack(w, k, n);
    }

    @Override
    public double[] packWeights(double[] w, int k, int n) {
        return doubles.pack(w, k, n);
    }

    @Override
    public void dense(float[] a, float[] w, float[] packedW, float[] bias, Activation g, float[] out, int m, int k,
            int n) {
        floats.multiply(a, w, packedW, out, m, k, n, bias, g);
    }

    @Override
    public void dense(double[] a, double[] w, double[] packedW, double[] bias, Activation g, double[] out, int m,
            int k, int n) {
        doubles.multiply(a, w, packedW, out, m, k, n, bias, g);
    }

    @Override
    public void activate(Activation g, float[] src, float[] bias, float[] dst, int m, int n) {
        floats.activate(g, src, bias, dst, m, n);
    }

    @Override
    public void activate(Activation g, double[] src, double[] bias, double[] dst, int m, int n) {
        doubles.activate(g, src, bias, dst, m, n);
    }
}
