package org.vecnn.backend.loop;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.spi.ComposedTrainingKernels;
import org.vecnn.spi.DoubleTraining;
import org.vecnn.spi.FloatTraining;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The training kernels of {@code loop} and {@code loop-naive}, in place on the matrices' heap arrays: the
 * products through the backend's {@link LoopKernels} (the blocked GEMM, whose packing reads a transposed
 * operand, or the naive triple loop that indexes it), everything element-wise through
 * {@link FloatTraining}/{@link DoubleTraining}, without a copy. Every matrix written is marked
 * {@link LoopMatrix#written()}, so that a layer holding a packed copy of it packs again.
 */
final class LoopTrainingKernels extends ComposedTrainingKernels {
    private final LoopKernels kernels;

    LoopTrainingKernels(LoopBackend backend, LoopKernels kernels) {
        super(backend, backend.name());
        this.kernels = kernels;
    }

    @Override
    public void denseForward(Matrix input, Matrix weights, Matrix bias, Activation activation, Matrix logits,
            Matrix output) {
        LoopMatrix a = (LoopMatrix) input;
        LoopMatrix w = (LoopMatrix) weights;
        LoopMatrix b = (LoopMatrix) bias;
        LoopMatrix out = (LoopMatrix) output;
        int m = input.rows();
        int k = input.cols();
        int n = weights.cols();
        if (logits == null) {
            if (a.floats != null) {
                kernels.dense(a.floats, w.floats, b.floats, activation, out.floats, m, k, n);
            } else {
                kernels.dense(a.doubles, w.doubles, b.doubles, activation, out.doubles, m, k, n);
            }
            out.written();
            return;
        }
        LoopMatrix z = (LoopMatrix) logits;
        if (a.floats != null) {
            kernels.dense(a.floats, w.floats, b.floats, Activation.LINEAR, z.floats, m, k, n);
            kernels.activate(activation, z.floats, null, out.floats, m, n);
        } else {
            kernels.dense(a.doubles, w.doubles, b.doubles, Activation.LINEAR, z.doubles, m, k, n);
            kernels.activate(activation, z.doubles, null, out.doubles, m, n);
        }
        z.written();
        out.written();
    }

    @Override
    public void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        LoopMatrix left = (LoopMatrix) a;
        LoopMatrix right = (LoopMatrix) b;
        LoopMatrix c = (LoopMatrix) out;
        int k = transposeA ? a.rows() : a.cols();
        if (left.floats != null) {
            kernels.multiply(left.floats, transposeA, right.floats, transposeB, c.floats, out.rows(), k, out.cols());
        } else {
            kernels.multiply(left.doubles, transposeA, right.doubles, transposeB, c.doubles, out.rows(), k,
                    out.cols());
        }
        c.written();
    }

    @Override
    public void columnSums(Matrix a, Matrix out) {
        LoopMatrix x = (LoopMatrix) a;
        LoopMatrix sums = (LoopMatrix) out;
        if (x.floats != null) {
            FloatTraining.columnSums(x.floats, sums.floats, a.rows(), a.cols());
        } else {
            DoubleTraining.columnSums(x.doubles, sums.doubles, a.rows(), a.cols());
        }
        sums.written();
    }

    @Override
    public void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits) {
        LoopMatrix a = (LoopMatrix) output;
        LoopMatrix da = (LoopMatrix) gradOutput;
        LoopMatrix dz = (LoopMatrix) gradLogits;
        if (a.floats != null) {
            FloatTraining.activationBackward(activation, a.floats, da.floats, dz.floats, a.rows(), a.cols());
        } else {
            DoubleTraining.activationBackward(activation, a.doubles, da.doubles, dz.doubles, a.rows(), a.cols());
        }
        dz.written();
    }

    @Override
    public double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets,
            Matrix gradLogits) {
        LoopMatrix z = (LoopMatrix) logits;
        LoopMatrix a = (LoopMatrix) output;
        LoopMatrix y = (LoopMatrix) targets;
        LoopMatrix dz = (LoopMatrix) gradLogits;
        double value = a.floats != null
                ? FloatTraining.loss(loss, activation, z.floats, a.floats, y.floats, dz == null ? null : dz.floats,
                        a.rows(), a.cols())
                : DoubleTraining.loss(loss, activation, z.doubles, a.doubles, y.doubles,
                        dz == null ? null : dz.doubles, a.rows(), a.cols());
        if (dz != null) {
            dz.written();
        }
        return value;
    }

    @Override
    public long countCorrect(Matrix output, Matrix targets) {
        LoopMatrix a = (LoopMatrix) output;
        LoopMatrix y = (LoopMatrix) targets;
        return a.floats != null ? FloatTraining.countCorrect(a.floats, y.floats, a.rows(), a.cols())
                : DoubleTraining.countCorrect(a.doubles, y.doubles, a.rows(), a.cols());
    }

    @Override
    public void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state) {
        LoopMatrix p = (LoopMatrix) parameter;
        LoopMatrix g = (LoopMatrix) gradient;
        LoopMatrix s0 = state.length > 0 ? (LoopMatrix) state[0] : null;
        LoopMatrix s1 = state.length > 1 ? (LoopMatrix) state[1] : null;
        int size = parameter.rows() * parameter.cols();
        if (p.floats != null) {
            FloatTraining.update(optimizer, step, learningRate, p.floats, g.floats, s0 == null ? null : s0.floats,
                    s1 == null ? null : s1.floats, 0, size);
        } else {
            DoubleTraining.update(optimizer, step, learningRate, p.doubles, g.doubles,
                    s0 == null ? null : s0.doubles, s1 == null ? null : s1.doubles, 0, size);
        }
        p.written();
        for (Matrix s : state) {
            ((LoopMatrix) s).written();
        }
    }

    @Override
    public void copy(Matrix source, Matrix target) {
        LoopMatrix s = (LoopMatrix) source;
        LoopMatrix t = (LoopMatrix) target;
        if (s.floats != null) {
            System.arraycopy(s.floats, 0, t.floats, 0, s.floats.length);
        } else {
            System.arraycopy(s.doubles, 0, t.doubles, 0, s.doubles.length);
        }
        t.written();
    }
}
