package org.vecnn.backend.cuda;

import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.TrainingKernels;

/**
 * The {@code cuda} backend: matrices in the memory of one NVIDIA GPU, operations as kernels on one stream of
 * it. Obtain it from {@code Backends} or {@link CudaBackendProvider}; closing it frees every matrix it created,
 * its cached memory, and its hold on the GPU.
 *
 * <p>All methods may be called from any thread; calls are serialised on the backend's stream. The host waits
 * for the GPU only when data comes back ({@code get}, {@code toFloatArray}, {@code toDoubleArray}).
 */
public final class CudaBackend extends AbstractBackend {
    private final CudaContext context;
    private final CudaKernels kernels;

    CudaBackend(CudaContext context) {
        super(CudaBackendProvider.NAME, true);
        this.context = context;
        this.kernels = new CudaKernels(context);
    }

    /**
     * @return the GPU and driver in use, e.g. {@code "NVIDIA H100 80GB HBM3 (GPU 0, sm_90, 132 SMs, 79.1 GiB),
     *     driver 13.0; own kernels"}
     */
    public String device() {
        return context.description();
    }

    /**
     * @return the device memory this backend holds now
     * @throws IllegalStateException when the backend is closed
     */
    public CudaMemoryStatistics memoryStatistics() {
        ensureOpen("memoryStatistics");
        return context.statistics();
    }

    /**
     * Returns the memory of closed matrices, which the backend keeps for reuse, to the driver (for other
     * processes or libraries); waits for the GPU to finish queued work first.
     *
     * @throws IllegalStateException when the backend is closed or the GPU failed
     */
    public void releaseCachedMemory() {
        ensureOpen("releaseCachedMemory");
        context.releaseCachedMemory();
    }

    CudaContext context() {
        return context;
    }

    CudaKernels kernels() {
        return kernels;
    }

    CudaMatrix allocateMatrix(int rows, int cols, Precision precision, boolean zero, String operation) {
        long bytes = (long) rows * cols * precision.bytes();
        String what = rows + "×" + cols + " " + precision + " matrix";
        DeviceBuffer buffer = context.call(operation, () -> {
            DeviceBuffer b = context.allocate(bytes, operation, what);
            if (zero) {
                try {
                    context.zero(b.pointer(), bytes, operation);
                } catch (RuntimeException e) {
                    b.release();
                    throw e;
                }
            }
            return b;
        });
        try {
            return new CudaMatrix(this, rows, cols, precision, buffer);
        } catch (RuntimeException | Error e) {
            buffer.release();
            throw e;
        }
    }

    // The upload reads the array before it returns (the driver stages pageable memory itself) and keeps no
    // reference to it: a caller's array can be uploaded directly, with no private heap copy first.
    @Override
    protected Matrix copyIn(int rows, int cols, float[] rowMajor) {
        return wrap(rows, cols, rowMajor);
    }

    @Override
    protected Matrix copyIn(int rows, int cols, double[] rowMajor) {
        return wrap(rows, cols, rowMajor);
    }

    @Override
    protected Matrix wrap(int rows, int cols, float[] data) {
        CudaMatrix m = allocateMatrix(rows, cols, Precision.FLOAT32, false, "matrix");
        try {
            context.run("matrix", () -> context.upload(m.pointer(), data, "matrix"));
            return m;
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        CudaMatrix m = allocateMatrix(rows, cols, Precision.FLOAT64, false, "matrix");
        try {
            context.run("matrix", () -> context.upload(m.pointer(), data, "matrix"));
            return m;
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        return allocateMatrix(rows, cols, precision, true, "zeros");
    }

    @Override
    protected Matrix allocate(int rows, int cols, Precision precision) {
        return allocateMatrix(rows, cols, precision, false, "allocate");
    }

    @Override
    protected DenseLayer newDense(Matrix weights, Matrix bias, Activation activation) {
        return new CudaDenseLayer(this, weights, bias, activation);
    }

    /** Copies on the device when the source is this backend's own; through the host otherwise. */
    @Override
    protected Matrix copy(Matrix source) {
        if (source instanceof CudaMatrix && source.backend() == this) {
            return ((CudaMatrix) source).copy("copyOf");
        }
        return super.copy(source);
    }

    /**
     * @return the backend's own training kernels: parameters, gradients and optimizer states stay on the GPU
     *     (see {@code docs/cuda-backend.md}, "Training")
     */
    @Override
    protected TrainingKernels trainingKernels() {
        return new CudaTrainingKernels(this);
    }

    @Override
    protected void release() {
        context.close();
    }
}
