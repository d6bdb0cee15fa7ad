package org.vecnn.backend.nd4j;

import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractBackend;

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
        return new Nd4jMatrix(this, outsideWorkspaces(() -> Nd4j.create(data, shape(rows, cols), 'c')));
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        return new Nd4jMatrix(this, outsideWorkspaces(() -> Nd4j.create(data, shape(rows, cols), 'c')));
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        return new Nd4jMatrix(this, outsideWorkspaces(() -> Nd4j.create(type(precision), shape(rows, cols), 'c')));
    }

    @Override
    protected Matrix allocate(int rows, int cols, Precision precision) {
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
}
