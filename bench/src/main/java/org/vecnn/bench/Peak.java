package org.vecnn.bench;

import org.vecnn.Precision;

/**
 * The measured FMA peak of this machine: the hardware limit every GEMM is shown as a fraction of.
 *
 * @param float32Gflops FLOAT32 GFLOPS on all threads, NaN when not measured
 * @param float64Gflops FLOAT64 GFLOPS on all threads, NaN when not measured
 * @param threads the threads the probe ran, one per core
 * @param method how it was measured (or why not)
 */
public record Peak(double float32Gflops, double float64Gflops, int threads, String method) {

    /**
     * @param precision a precision
     * @return the peak for it, NaN when not measured
     */
    public double gflops(Precision precision) {
        return precision == Precision.FLOAT32 ? float32Gflops : float64Gflops;
    }
}
