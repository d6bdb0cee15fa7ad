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
import org.vecnn.spi.TrainingKernels;
import pabeles.concurrency.ConcurrencyOps;

/**
 * The {@code ejml} backend: heap matrices wrapping EJML's row-major storage without a copy, products on
 * {@code CommonOps_FDRM}/{@code CommonOps_DDRM}, switching to the concurrent {@code CommonOps_MT_*} variants
 * from {@link #concurrentFrom(Precision)} multiply-adds on.
 */
public final class EjmlBackend extends AbstractBackend {
    /**
     * System property: the number of multiply-adds m&middot;k&middot;n from which a product uses EJML's
     * concurrent variant, in both precisions; {@code 0} always, {@code -1} never. Defaults
     * {@value #CONCURRENT_FROM_FLOAT32} (FLOAT32) and {@value #CONCURRENT_FROM_FLOAT64} (FLOAT64).
     */
    public static final String CONCURRENT_PROPERTY = "vecnn.ejml.concurrentFrom";

    /**
     * 100³: where EJML's concurrent FLOAT32 product starts to beat the single-threaded one (measurements:
     * docs/ejml-backend.md). The MT variant splits rows, so one-row inputs stay single.
     */
    static final long CONCURRENT_FROM_FLOAT32 = 1_000_000L;

    /**
     * About 63³: FLOAT64 rows cost twice the memory traffic, and the concurrent variant pays off sooner
     * (measurements: docs/ejml-backend.md).
     */
    static final long CONCURRENT_FROM_FLOAT64 = 250_000L;

    private final long concurrentFrom32;
    private final long concurrentFrom64;

    /** Creates a backend; the thresholds come from {@value #CONCURRENT_PROPERTY} when it is set. */
    public EjmlBackend() {
        this(readThreshold(CONCURRENT_FROM_FLOAT32), readThreshold(CONCURRENT_FROM_FLOAT64));
    }

    EjmlBackend(long concurrentFrom32, long concurrentFrom64) {
        super(EjmlBackendProvider.NAME, false);
        this.concurrentFrom32 = concurrentFrom32;
        this.concurrentFrom64 = concurrentFrom64;
    }

    /**
     * @param precision a precision
     * @return the multiply-adds m&middot;k&middot;n from which products of that precision run concurrently; -1 for
     *     never
     */
    public long concurrentFrom(Precision precision) {
        return precision == Precision.FLOAT32 ? concurrentFrom32 : concurrentFrom64;
    }

    static ProbeResult probe() {
        try {
            long from32 = readThreshold(CONCURRENT_FROM_FLOAT32);
            long from64 = readThreshold(CONCURRENT_FROM_FLOAT64);
            return ProbeResult.available("EJML " + EjmlVersion.VERSION + ", pure Java, "
                    + (from32 < 0 ? "single-threaded products"
                            : "concurrent products from " + from32 + " (FLOAT32) and " + from64
                                    + " (FLOAT64) multiply-adds on " + ConcurrencyOps.getMaxThreads() + " threads"));
        } catch (Throwable t) { // a missing or broken EJML jar must not escape the probe
            return ProbeResult.failed("loading EJML", t,
                    "put org.ejml:ejml-fdense and org.ejml:ejml-ddense on the class path");
        }
    }

    private static long readThreshold(long measured) {
        String value = System.getProperty(CONCURRENT_PROPERTY);
        if (value == null || value.isBlank()) {
            return measured;
        }
        try {
            long from = Long.parseLong(value.trim());
            return from < 0 ? -1 : from;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONCURRENT_PROPERTY + " must be a whole number of"
                    + " multiply-adds (0 always, -1 never), got '" + value + "'", e);
        }
    }

    boolean concurrent(Precision precision, int m, int k, int n) {
        long from = concurrentFrom(precision);
        return from >= 0 && m > 1 && (long) m * k * n >= from;
    }

    void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (concurrent(Precision.FLOAT32, a.numRows, a.numCols, b.numCols)) {
            CommonOps_MT_FDRM.mult(a, b, c);
        } else {
            CommonOps_FDRM.mult(a, b, c);
        }
    }

    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (concurrent(Precision.FLOAT64, a.numRows, a.numCols, b.numCols)) {
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

    /**
     * @return the backend's own training kernels ({@link EjmlTrainingKernels}): products with transposed operands through
     *     the library's transpose flags, the element-wise work on the matrices' own memory
     */
    @Override
    protected TrainingKernels trainingKernels() {
        return new EjmlTrainingKernels(this);
    }
}
