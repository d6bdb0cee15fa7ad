package org.vecnn.backend.nd4j;

import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.TrainingKernels;

/**
 * The {@code nd4j} backend: off-heap ND4J arrays in 'c' order, each of the precision its matrix asks for
 * (never ND4J's process-wide default data type), tracked so that closing the backend frees them all.
 * Products call the OpenBLAS gemm that nd4j-native links, on the arrays' own memory; bias and activations run
 * in one Java pass over that memory (see docs/nd4j-backend.md for why).
 */
public final class Nd4jBackend extends AbstractBackend {

    /**
     * Creates a backend; ND4J must load here (the provider's probe says whether it does).
     *
     * @throws org.vecnn.BackendUnavailableException when ND4J cannot load, with the reason
     */
    public Nd4jBackend() {
        super(Nd4jBackendProvider.NAME, true);
        var probe = Nd4jRuntime.probe();
        if (!probe.available()) {
            throw new org.vecnn.BackendUnavailableException("backend 'nd4j' cannot run here: " + probe.reason()
                    + "; " + probe.hint());
        }
    }

    // Nd4j.create copies the array into native memory and keeps no reference to it: a caller's array can go
    // straight there, with no private heap copy first.
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
        checkAllocation("matrix", rows, cols, Precision.FLOAT32);
        return new Nd4jMatrix(this, outsideWorkspaces(() -> Nd4j.create(data, shape(rows, cols), 'c')));
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        checkAllocation("matrix", rows, cols, Precision.FLOAT64);
        return new Nd4jMatrix(this, outsideWorkspaces(() -> Nd4j.create(data, shape(rows, cols), 'c')));
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        checkAllocation("zeros", rows, cols, precision);
        return new Nd4jMatrix(this, outsideWorkspaces(() -> Nd4j.create(type(precision), shape(rows, cols), 'c')));
    }

    @Override
    protected Matrix allocate(int rows, int cols, Precision precision) {
        checkAllocation("allocate", rows, cols, precision);
        return new Nd4jMatrix(this,
                outsideWorkspaces(() -> Nd4j.createUninitialized(type(precision), shape(rows, cols), 'c')));
    }

    @Override
    protected DenseLayer newDense(Matrix weights, Matrix bias, Activation activation) {
        return new Nd4jDenseLayer(weights, bias, activation, this::allocate);
    }

    /** @return how many matrices of this backend are open (for tests of the resource tracking) */
    int openMatrices() {
        return trackedCount();
    }

    /**
     * Refuses, before any memory is touched, a request that cannot be had: over javacpp's off-heap limit
     * (which ND4J's buffers count against), over its limit on the process's physical memory, or over the
     * physical memory the machine has free. Without it, javacpp answers such a request by running the
     * garbage collector and waiting, over and over, and ND4J zero-fills what it did get, before failing.
     *
     * @throws OutOfMemoryError naming the operation, the shape, the bytes asked for and the limit
     */
    static void checkAllocation(String operation, int rows, int cols, Precision precision) {
        long bytes = (long) rows * cols * (precision == Precision.FLOAT64 ? Double.BYTES : Float.BYTES);
        // Reading the process's physical memory costs a system call: only requests this large are worth it.
        boolean large = bytes >= LARGE_REQUEST;
        String problem = allocationProblem(bytes, Pointer.maxBytes(), Pointer.totalBytes(),
                large ? Pointer.maxPhysicalBytes() : 0, large ? Pointer.physicalBytes() : 0,
                large ? Pointer.availablePhysicalBytes() : 0);
        if (problem != null) {
            throw new OutOfMemoryError(operation + ": " + rows + "×" + cols + " " + precision + " needs " + bytes
                    + " bytes of native memory, " + problem);
        }
    }

    /** The requests from which {@link #checkAllocation} also asks about physical memory. */
    static final long LARGE_REQUEST = 64L << 20;

    /**
     * @param bytes the request
     * @param maxBytes javacpp's limit on off-heap memory, 0 or less for none
     * @param totalBytes what javacpp holds now
     * @param maxPhysical javacpp's limit on the process's physical memory, 0 or less for none or not asked
     * @param physical the process's physical memory now
     * @param available the machine's free physical memory, 0 or less when unknown or not asked
     * @return why the request cannot be had, or null when it may be tried
     */
    static String allocationProblem(long bytes, long maxBytes, long totalBytes, long maxPhysical, long physical,
            long available) {
        if (maxBytes > 0 && bytes > maxBytes - totalBytes) {
            return "more than the " + maxBytes + " bytes nd4j may hold off the heap (" + totalBytes
                    + " held already; javacpp's limit -Dorg.bytedeco.javacpp.maxBytes, by default -Xmx)";
        }
        if (maxPhysical > 0 && bytes > maxPhysical - physical) {
            return "more than the process may use: " + physical + " of " + maxPhysical + " bytes of physical memory "
                    + "in use (javacpp's limit -Dorg.bytedeco.javacpp.maxPhysicalBytes)";
        }
        if (available > 0 && bytes > available) {
            return "more than the " + available + " bytes of physical memory the machine has free";
        }
        return null;
    }

    static DataType type(Precision precision) {
        return precision == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    }

    private static long[] shape(int rows, int cols) {
        return new long[] {rows, cols};
    }

    // An array created inside a host's workspace would belong to it and could not be closed on its own.
    private static INDArray outsideWorkspaces(Supplier<INDArray> create) {
        if (Nd4j.getMemoryManager().getCurrentWorkspace() == null) {
            return create.get();
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return create.get();
        }
    }

    /**
     * @return the backend's own training kernels ({@link Nd4jTrainingKernels}): products with transposed operands through
     *     the library's transpose flags, the element-wise work on the matrices' own memory
     */
    @Override
    protected TrainingKernels trainingKernels() {
        return new Nd4jTrainingKernels(this);
    }
}
