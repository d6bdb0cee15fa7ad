package org.vecnn.backend.loop;

import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.TrainingKernels;

/**
 * A plain-Java backend over row-major heap arrays; {@code loop} and {@code loop-naive} differ only in their
 * {@link LoopKernels}. Heap memory needs no tracking: closing the backend marks its matrices closed.
 */
final class LoopBackend extends AbstractBackend {
    private final LoopKernels kernels;

    LoopBackend(String name, LoopKernels kernels) {
        super(name, false);
        this.kernels = kernels;
    }

    LoopKernels kernels() {
        return kernels;
    }

    /** @return what the kernels run on, as the probe reports it */
    String describe() {
        return kernels.describe();
    }

    @Override
    protected Matrix wrap(int rows, int cols, float[] data) {
        return new LoopMatrix(this, rows, cols, data);
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        return new LoopMatrix(this, rows, cols, data);
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        int size = rows * cols;
        return precision == Precision.FLOAT64 ? new LoopMatrix(this, rows, cols, new double[size])
                : new LoopMatrix(this, rows, cols, new float[size]);
    }

    @Override
    protected TrainingKernels trainingKernels() {
        return new LoopTrainingKernels(this, kernels);
    }

    @Override
    protected DenseLayer newDense(Matrix weights, Matrix bias, Activation activation) {
        return new LoopDenseLayer(weights, bias, activation, kernels);
    }
}
