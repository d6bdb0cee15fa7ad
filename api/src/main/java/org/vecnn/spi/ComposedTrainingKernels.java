package org.vecnn.spi;

import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The training kernels of a backend that has no kernels of its own, composed from its forward contract: the
 * products by {@link Matrix#matmul(Matrix, Matrix)} (a transposed operand materialized by
 * {@link Matrix#transpose()}), the forward pass by matmul, {@link Matrix#addRowVector(Matrix, Matrix)} and
 * {@link Matrix#apply(Activation, Matrix)}, and the element-wise work on the host with {@link FloatTraining}'s
 * (or {@link DoubleTraining}'s) formulas, written back into the output through
 * {@code apply(LINEAR, out)}. Correct on every backend that meets the forward contract; slow, since the
 * element-wise work copies each operand out and back.
 *
 * <p>A backend may extend this class and override only the operations it computes itself.
 */
public class ComposedTrainingKernels implements TrainingKernels {
    private final Backend backend;
    private final String path;

    /**
     * @param backend the backend whose primitives compose the operations
     * @throws IllegalArgumentException when backend is null
     */
    public ComposedTrainingKernels(Backend backend) {
        this(backend, null);
    }

    /**
     * For a backend's own kernels that extend these: {@link #path()} is the given name and {@link #isNative()}
     * true.
     *
     * @param backend the backend whose primitives compose the operations not overridden
     * @param path the name of the kernels, normally the backend's; null for the composed ones
     * @throws IllegalArgumentException when backend is null
     */
    protected ComposedTrainingKernels(Backend backend, String path) {
        if (backend == null) {
            throw new IllegalArgumentException("training: backend is null");
        }
        this.backend = backend;
        this.path = path;
    }

    /** @return the backend whose primitives this composes */
    protected final Backend backend() {
        return backend;
    }

    /** @return the name given at construction, or {@code "composed"} */
    @Override
    public String path() {
        return path != null ? path : "composed";
    }

    /** @return true for a backend's own kernels (constructed with a path), false for the composed ones */
    @Override
    public boolean isNative() {
        return path != null;
    }

    @Override
    public void denseForward(Matrix input, Matrix weights, Matrix bias, Activation activation, Matrix logits,
            Matrix output) {
        Matrix z = logits != null ? logits : output;
        input.matmul(weights, z);
        z.addRowVector(bias, z);
        z.apply(activation, output);
    }

    @Override
    public void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        Matrix left = transposeA ? a.transpose() : a;
        try {
            Matrix right = transposeB ? b.transpose() : b;
            try {
                left.matmul(right, out);
            } finally {
                if (right != b) {
                    right.close();
                }
            }
        } finally {
            if (left != a) {
                left.close();
            }
        }
    }

    @Override
    public void columnSums(Matrix a, Matrix out) {
        if (a.precision() == Precision.FLOAT32) {
            float[] sums = new float[a.cols()];
            FloatTraining.columnSums(a.toFloatArray(), sums, a.rows(), a.cols());
            write(sums, out);
        } else {
            double[] sums = new double[a.cols()];
            DoubleTraining.columnSums(a.toDoubleArray(), sums, a.rows(), a.cols());
            write(sums, out);
        }
    }

    @Override
    public void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits) {
        int m = output.rows();
        int n = output.cols();
        if (output.precision() == Precision.FLOAT32) {
            float[] dz = gradOutput.toFloatArray();
            FloatTraining.activationBackward(activation, output.toFloatArray(), dz, dz, m, n);
            write(dz, gradLogits);
        } else {
            double[] dz = gradOutput.toDoubleArray();
            DoubleTraining.activationBackward(activation, output.toDoubleArray(), dz, dz, m, n);
            write(dz, gradLogits);
        }
    }

    @Override
    public double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets,
            Matrix gradLogits) {
        int m = output.rows();
        int n = output.cols();
        double value;
        if (output.precision() == Precision.FLOAT32) {
            float[] dz = gradLogits == null ? null : new float[m * n];
            value = FloatTraining.loss(loss, activation, logits.toFloatArray(), output.toFloatArray(),
                    targets.toFloatArray(), dz, m, n);
            if (dz != null) {
                write(dz, gradLogits);
            }
        } else {
            double[] dz = gradLogits == null ? null : new double[m * n];
            value = DoubleTraining.loss(loss, activation, logits.toDoubleArray(), output.toDoubleArray(),
                    targets.toDoubleArray(), dz, m, n);
            if (dz != null) {
                write(dz, gradLogits);
            }
        }
        return value;
    }

    @Override
    public long countCorrect(Matrix output, Matrix targets) {
        return output.precision() == Precision.FLOAT32
                ? FloatTraining.countCorrect(output.toFloatArray(), targets.toFloatArray(), output.rows(),
                        output.cols())
                : DoubleTraining.countCorrect(output.toDoubleArray(), targets.toDoubleArray(), output.rows(),
                        output.cols());
    }

    @Override
    public void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state) {
        int size = parameter.rows() * parameter.cols();
        if (parameter.precision() == Precision.FLOAT32) {
            float[] p = parameter.toFloatArray();
            float[] s0 = state.length > 0 ? state[0].toFloatArray() : null;
            float[] s1 = state.length > 1 ? state[1].toFloatArray() : null;
            FloatTraining.update(optimizer, step, learningRate, p, gradient.toFloatArray(), s0, s1, 0, size);
            write(p, parameter);
            writeStates(state, s0, s1);
        } else {
            double[] p = parameter.toDoubleArray();
            double[] s0 = state.length > 0 ? state[0].toDoubleArray() : null;
            double[] s1 = state.length > 1 ? state[1].toDoubleArray() : null;
            DoubleTraining.update(optimizer, step, learningRate, p, gradient.toDoubleArray(), s0, s1, 0, size);
            write(p, parameter);
            writeStates(state, s0, s1);
        }
    }

    private void writeStates(Matrix[] state, Object s0, Object s1) {
        if (s0 instanceof float[]) {
            write((float[]) s0, state[0]);
            if (s1 != null) {
                write((float[]) s1, state[1]);
            }
        } else if (s0 instanceof double[]) {
            write((double[]) s0, state[0]);
            if (s1 != null) {
                write((double[]) s1, state[1]);
            }
        }
    }

    @Override
    public void copy(Matrix source, Matrix target) {
        source.apply(Activation.LINEAR, target);
    }

    /**
     * Writes host values into a matrix of this backend: uploads them, then copies with
     * {@code apply(LINEAR, target)}.
     *
     * @param values target.rows()&middot;target.cols() values, row-major
     * @param target the FLOAT32 matrix to overwrite
     */
    protected final void write(float[] values, Matrix target) {
        try (Matrix upload = backend.matrix(target.rows(), target.cols(), values)) {
            upload.apply(Activation.LINEAR, target);
        }
    }

    /**
     * Writes host values into a matrix of this backend; see {@link #write(float[], Matrix)}.
     *
     * @param values target.rows()&middot;target.cols() values, row-major
     * @param target the FLOAT64 matrix to overwrite
     */
    protected final void write(double[] values, Matrix target) {
        try (Matrix upload = backend.matrix(target.rows(), target.cols(), values)) {
            upload.apply(Activation.LINEAR, target);
        }
    }
}
