package org.vecnn.bench;

import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

/**
 * The hook for the GPU baseline, {@code raw:cublas}, the reference of the {@code cuda} backend. It is not
 * measured inside the JVM: JCublas2 12.6 needs {@code libcublas.so.12}, which the lent GPU machines (CUDA 13)
 * lack, so the baseline is taken there by {@code bench/src/main/python/cublas_baseline.py} (PyTorch, TF32
 * off), which writes rows in the format of {@code results.csv} with the same workload ids. To measure it in
 * the JVM instead, replace {@link #load()} and the storage methods with JCublas2 calls
 * ({@code cublasSgemm} on device memory, operands swapped for row-major) and report it available.
 */
final class CublasRaw extends RawSubject<Object> {

    CublasRaw() {
        super("cublas");
    }

    @Override
    ProbeResult load() {
        return ProbeResult.unavailable("the cuBLAS baseline is not measured in the JVM (JCublas2 12.6 needs "
                + "libcublas.so.12)", "on a GPU machine run bench/src/main/python/cublas_baseline.py beside "
                + "`vecnn bench --backends cuda` and compare rows by workload id (docs/benchmarks.md)");
    }

    @Override
    Object create(int rows, int cols, double[] data, Precision precision) {
        throw new UnsupportedOperationException("raw:cublas is a hook; see its class comment");
    }

    @Override
    void gemm(Object a, Object b, Object c, int m, int k, int n, Precision precision) {
        throw new UnsupportedOperationException("raw:cublas is a hook; see its class comment");
    }

    @Override
    void biasActivate(Object z, int rows, int cols, Object bias, Activation g, Precision precision) {
        throw new UnsupportedOperationException("raw:cublas is a hook; see its class comment");
    }

    @Override
    double[] read(Object m, int length, Precision precision) {
        throw new UnsupportedOperationException("raw:cublas is a hook; see its class comment");
    }

    @Override
    void free(Object m) {
    }
}
