package org.vecnn.backend.ejml;

import org.ejml.EjmlVersion;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.ProbeResult;
import pabeles.concurrency.ConcurrencyOps;

/**
 * The {@code ejml} backend: heap matrices wrapping EJML's row-major storage without a copy, products on
 * {@code CommonOps_FDRM}/{@code CommonOps_DDRM}, switching to the concurrent {@code CommonOps_MT_*} variants
 * from {@link #concurrentFrom()} multiply-adds on.
 */
public final class EjmlBackend extends AbstractBackend {
    /**
     * System property: the number of multiply-adds m&middot;k&middot;n from which a product uses EJML's
     * concurrent variant; {@code 0} always, {@code -1} never. Default {@value #CONCURRENT_FROM}.
     */
    public static final String CONCURRENT_PROPERTY = "vecnn.ejml.concurrentFrom";

    /**
     * 100³. Measured 2026-11-26 on the 2-core build machine (load ≈ 3, indicative; docs/ejml-backend.md),
     * CommonOps_MT_FDRM.mult / CommonOps_FDRM.mult for square FLOAT32 products: n=64 0.94×, n=128 1.17×,
     * n=192 1.69×, n=256 1.98×, n=512 1.98×. The MT variant splits rows, so one-row inputs stay single.
     */
    static final long CONCURRENT_FROM = 1_000_000L;

    private final long concurrentFrom;

    /** Creates a backend; the threshold comes from {@value #CONCURRENT_PROPERTY} when set. */
    public EjmlBackend() {
        this(readThreshold());
    }

    EjmlBackend(long concurrentFrom) {
        super(EjmlBackendProvider.NAME, false);
        this.concurrentFrom = concurrentFrom;
    }

    /** @return the multiply-adds m&middot;k&middot;n from which products run concurrently; -1 for never */
    public long concurrentFrom() {
        return concurrentFrom;
    }

    static ProbeResult probe() {
        try {
            long from = readThreshold();
            return ProbeResult.available("EJML " + EjmlVersion.VERSION + ", pure Java, "
                    + (from < 0 ? "single-threaded products"
                            : "concurrent products from " + from + " multiply-adds on "
                                    + ConcurrencyOps.getMaxThreads() + " threads"));
        } catch (Throwable t) { // a missing or broken EJML jar must not escape the probe
            return ProbeResult.failed("loading EJML", t,
                    "put org.ejml:ejml-fdense and org.ejml:ejml-ddense on the class path");
        }
    }

    private static long readThreshold() {
        String value = System.getProperty(CONCURRENT_PROPERTY);
        if (value == null || value.isBlank()) {
            return CONCURRENT_FROM;
        }
        try {
            long from = Long.parseLong(value.trim());
            return from < 0 ? -1 : from;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONCURRENT_PROPERTY + " must be a whole number of"
                    + " multiply-adds (0 always, -1 never), got '" + value + "'", e);
        }
    }

    boolean concurrent(int m, int k, int n) {
        return concurrentFrom >= 0 && m > 1 && (long) m * k * n >= concurrentFrom;
    }

    void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (concurrent(a.numRows, a.numCols, b.numCols)) {
            CommonOps_MT_FDRM.mult(a, b, c);
        } else {
            CommonOps_FDRM.mult(a, b, c);
        }
    }

    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (concurrent(a.numRows, a.numCols, b.numCols)) {
            CommonOps_MT_DDRM.mult(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
    }

    @Override
    protected Matrix wrap(int rows, int cols, float[] data) {
        return new EjmlMatrix(this, FMatrixRMaj.wrap(rows, cols, data));
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        return new EjmlMatrix(this, DMatrixRMaj.wrap(rows, cols, data));
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        return precision == Precision.FLOAT64 ? wrap(rows, cols, new double[rows * cols])
                : wrap(rows, cols, new float[rows * cols]);
    }

    @Override
    protected DenseLayer newDense(Matrix weights, Matrix bias, Activation activation) {
        return new EjmlDenseLayer(weights, bias, activation);
    }
}
