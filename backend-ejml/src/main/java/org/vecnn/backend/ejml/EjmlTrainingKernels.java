package org.vecnn.backend.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.simd.DoubleActivationPass;
import org.vecnn.simd.FloatActivationPass;
import org.vecnn.spi.ComposedTrainingKernels;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.DoubleTraining;
import org.vecnn.spi.FloatActivations;
import org.vecnn.spi.FloatTraining;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The training kernels of the {@code ejml} backend, over the row-major arrays of EJML's matrices in place:
 * products with a transposed operand by {@code CommonOps_FDRM.multTransA}/{@code multTransB}/{@code multTransAB}
 * (and the DDRM and concurrent {@code CommonOps_MT_*} variants, chosen as for the forward product), column sums
 * by {@code sumCols}, and the element-wise work (activation backward, loss, update) by the api's
 * {@link FloatTraining}/{@link DoubleTraining} formulas straight on the arrays, with no copy.
 */
final class EjmlTrainingKernels extends ComposedTrainingKernels {
    private final EjmlBackend owner;

    EjmlTrainingKernels(EjmlBackend owner) {
        super(owner, EjmlBackendProvider.NAME);
        this.owner = owner;
    }

    @Override
    public void denseForward(Matrix input, Matrix weights, Matrix bias, Activation activation, Matrix logits,
            Matrix output) {
        EjmlMatrix a = (EjmlMatrix) input;
        EjmlMatrix w = (EjmlMatrix) weights;
        EjmlMatrix b = (EjmlMatrix) bias;
        EjmlMatrix z = (EjmlMatrix) (logits != null ? logits : output);
        EjmlMatrix o = (EjmlMatrix) output;
        int m = input.rows();
        int n = weights.cols();
        if (a.f() != null) {
            owner.mult(a.f(), w.f(), z.f());
            if (logits == null) {
                FloatActivationPass.biasApply(activation, z.f().data, b.f().data, o.f().data, 0, m, n);
            } else {
                FloatActivations.biasApply(Activation.LINEAR, z.f().data, b.f().data, z.f().data, m, n);
                FloatActivationPass.biasApply(activation, z.f().data, null, o.f().data, 0, m, n);
            }
        } else {
            owner.mult(a.d(), w.d(), z.d());
            if (logits == null) {
                DoubleActivationPass.biasApply(activation, z.d().data, b.d().data, o.d().data, 0, m, n);
            } else {
                DoubleActivations.biasApply(Activation.LINEAR, z.d().data, b.d().data, z.d().data, m, n);
                DoubleActivationPass.biasApply(activation, z.d().data, null, o.d().data, 0, m, n);
            }
        }
    }

    @Override
    public void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        EjmlMatrix x = (EjmlMatrix) a;
        EjmlMatrix y = (EjmlMatrix) b;
        EjmlMatrix o = (EjmlMatrix) out;
        int k = transposeA ? a.rows() : a.cols();
        boolean concurrent = owner.concurrent(a.precision(), out.rows(), k, out.cols());
        if (x.f() != null) {
            multiply(x.f(), transposeA, y.f(), transposeB, o.f(), concurrent);
        } else {
            multiply(x.d(), transposeA, y.d(), transposeB, o.d(), concurrent);
        }
    }

    private static void multiply(FMatrixRMaj a, boolean ta, FMatrixRMaj b, boolean tb, FMatrixRMaj c,
            boolean concurrent) {
        if (concurrent) {
            if (ta && tb) {
                CommonOps_MT_FDRM.multTransAB(a, b, c);
            } else if (ta) {
                CommonOps_MT_FDRM.multTransA(a, b, c);
            } else if (tb) {
                CommonOps_MT_FDRM.multTransB(a, b, c);
            } else {
                CommonOps_MT_FDRM.mult(a, b, c);
            }
        } else if (ta && tb) {
            CommonOps_FDRM.multTransAB(a, b, c);
        } else if (ta) {
            CommonOps_FDRM.multTransA(a, b, c);
        } else if (tb) {
            CommonOps_FDRM.multTransB(a, b, c);
        } else {
            CommonOps_FDRM.mult(a, b, c);
        }
    }

    private static void multiply(DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, DMatrixRMaj c,
            boolean concurrent) {
        if (concurrent) {
            if (ta && tb) {
                CommonOps_MT_DDRM.multTransAB(a, b, c);
            } else if (ta) {
                CommonOps_MT_DDRM.multTransA(a, b, c);
            } else if (tb) {
                CommonOps_MT_DDRM.multTransB(a, b, c);
            } else {
                CommonOps_MT_DDRM.mult(a, b, c);
            }
        } else if (ta && tb) {
            CommonOps_DDRM.multTransAB(a, b, c);
        } else if (ta) {
            CommonOps_DDRM.multTransA(a, b, c);
        } else if (tb) {
            CommonOps_DDRM.multTransB(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
    }

    @Override
    public void columnSums(Matrix a, Matrix out) {
        EjmlMatrix x = (EjmlMatrix) a;
        EjmlMatrix o = (EjmlMatrix) out;
        if (x.f() != null) {
            CommonOps_FDRM.sumCols(x.f(), o.f());
        } else {
            CommonOps_DDRM.sumCols(x.d(), o.d());
        }
    }

    @Override
    public void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits) {
        EjmlMatrix a = (EjmlMatrix) output;
        EjmlMatrix da = (EjmlMatrix) gradOutput;
        EjmlMatrix dz = (EjmlMatrix) gradLogits;
        if (a.f() != null) {
            FloatTraining.activationBackward(activation, a.f().data, da.f().data, dz.f().data, output.rows(),
                    output.cols());
        } else {
            DoubleTraining.activationBackward(activation, a.d().data, da.d().data, dz.d().data, output.rows(),
                    output.cols());
        }
    }

    @Override
    public double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets,
            Matrix gradLogits) {
        EjmlMatrix z = (EjmlMatrix) logits;
        EjmlMatrix a = (EjmlMatrix) output;
        EjmlMatrix y = (EjmlMatrix) targets;
        EjmlMatrix dz = (EjmlMatrix) gradLogits;
        int m = output.rows();
        int n = output.cols();
        if (a.f() != null) {
            return FloatTraining.loss(loss, activation, z.f().data, a.f().data, y.f().data,
                    dz == null ? null : dz.f().data, m, n);
        }
        return DoubleTraining.loss(loss, activation, z.d().data, a.d().data, y.d().data,
                dz == null ? null : dz.d().data, m, n);
    }

    @Override
    public long countCorrect(Matrix output, Matrix targets) {
        EjmlMatrix a = (EjmlMatrix) output;
        EjmlMatrix y = (EjmlMatrix) targets;
        return a.f() != null
                ? FloatTraining.countCorrect(a.f().data, y.f().data, output.rows(), output.cols())
                : DoubleTraining.countCorrect(a.d().data, y.d().data, output.rows(), output.cols());
    }

    @Override
    public void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state) {
        EjmlMatrix p = (EjmlMatrix) parameter;
        EjmlMatrix g = (EjmlMatrix) gradient;
        int size = parameter.rows() * parameter.cols();
        if (parameter.precision() == Precision.FLOAT32) {
            FloatTraining.update(optimizer, step, learningRate, p.f().data, g.f().data,
                    state.length > 0 ? ((EjmlMatrix) state[0]).f().data : null,
                    state.length > 1 ? ((EjmlMatrix) state[1]).f().data : null, 0, size);
        } else {
            DoubleTraining.update(optimizer, step, learningRate, p.d().data, g.d().data,
                    state.length > 0 ? ((EjmlMatrix) state[0]).d().data : null,
                    state.length > 1 ? ((EjmlMatrix) state[1]).d().data : null, 0, size);
        }
    }

    @Override
    public void copy(Matrix source, Matrix target) {
        EjmlMatrix s = (EjmlMatrix) source;
        EjmlMatrix t = (EjmlMatrix) target;
        if (s.f() != null) {
            System.arraycopy(s.f().data, 0, t.f().data, 0, source.rows() * source.cols());
        } else {
            System.arraycopy(s.d().data, 0, t.d().data, 0, source.rows() * source.cols());
        }
    }
}
