package org.vecnn.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.ComposedTrainingKernels;
import org.vecnn.spi.DoubleTraining;
import org.vecnn.spi.FloatTraining;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The training kernels of the {@code nd4j} backend, on the off-heap memory of the arrays:
 * <ul>
 *   <li>products with a transposed operand by the OpenBLAS gemm that nd4j-native links (the one the forward
 *       product calls), with its transpose flags on the operands' own memory: no transposed copy is made;</li>
 *   <li>bias and activations of the forward pass by {@link Nd4jKernels};</li>
 *   <li>column sums, the activation backward pass, the loss and the optimizer update in place by the api's
 *       {@link FloatTraining}/{@link DoubleTraining} formulas over bulk copies of the buffers (one copy in and
 *       out per operand or block, never an element at a time), as {@link Nd4jKernels} computes activations and
 *       for the same reason: an ND4J element-wise op costs a native call that outweighs the arithmetic.</li>
 * </ul>
 */
final class Nd4jTrainingKernels extends ComposedTrainingKernels {
    /** Elements per block of the update: four blocks of FLOAT64 stay within a 256 KiB L2 share. */
    static final int UPDATE_BLOCK = 4096;

    Nd4jTrainingKernels(Nd4jBackend owner) {
        super(owner, Nd4jBackendProvider.NAME);
    }

    @Override
    public void denseForward(Matrix input, Matrix weights, Matrix bias, Activation activation, Matrix logits,
            Matrix output) {
        Nd4jMatrix z = (Nd4jMatrix) (logits != null ? logits : output);
        Nd4jMatrix o = (Nd4jMatrix) output;
        Nd4jMatrix.gemm((Nd4jMatrix) input, (Nd4jMatrix) weights, z);
        if (logits == null) {
            Nd4jKernels.apply(activation, z, (Nd4jMatrix) bias, o);
        } else {
            Nd4jKernels.apply(Activation.LINEAR, z, (Nd4jMatrix) bias, z);
            Nd4jKernels.apply(activation, z, null, o);
        }
    }

    @Override
    public void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        INDArray x = ((Nd4jMatrix) a).ndArray();
        INDArray y = ((Nd4jMatrix) b).ndArray();
        INDArray c = ((Nd4jMatrix) out).ndArray();
        int m = out.rows();
        int n = out.cols();
        int k = transposeA ? a.rows() : a.cols();
        int ta = transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        // Row-major leading dimensions are the stored column counts, whatever the flags.
        if (a.precision() == Precision.FLOAT32) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1f,
                    new FloatPointer(x.data().addressPointer()), a.cols(),
                    new FloatPointer(y.data().addressPointer()), b.cols(), 0f,
                    new FloatPointer(c.data().addressPointer()), n);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1.0,
                    new DoublePointer(x.data().addressPointer()), a.cols(),
                    new DoublePointer(y.data().addressPointer()), b.cols(), 0.0,
                    new DoublePointer(c.data().addressPointer()), n);
        }
    }

    @Override
    public void columnSums(Matrix a, Matrix out) {
        Nd4jMatrix x = (Nd4jMatrix) a;
        Nd4jMatrix o = (Nd4jMatrix) out;
        if (x.floats() != null) {
            float[] sums = new float[a.cols()];
            FloatTraining.columnSums(read(x.floats(), a), sums, a.rows(), a.cols());
            o.floats().put(0, sums);
        } else {
            double[] sums = new double[a.cols()];
            DoubleTraining.columnSums(read(x.doubles(), a), sums, a.rows(), a.cols());
            o.doubles().put(0, sums);
        }
    }

    @Override
    public void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits) {
        Nd4jMatrix a = (Nd4jMatrix) output;
        Nd4jMatrix da = (Nd4jMatrix) gradOutput;
        Nd4jMatrix dz = (Nd4jMatrix) gradLogits;
        int m = output.rows();
        int n = output.cols();
        if (a.floats() != null) {
            float[] d = read(da.floats(), gradOutput);
            FloatTraining.activationBackward(activation, read(a.floats(), output), d, d, m, n);
            dz.floats().put(0, d);
        } else {
            double[] d = read(da.doubles(), gradOutput);
            DoubleTraining.activationBackward(activation, read(a.doubles(), output), d, d, m, n);
            dz.doubles().put(0, d);
        }
    }

    @Override
    public double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets,
            Matrix gradLogits) {
        Nd4jMatrix z = (Nd4jMatrix) logits;
        Nd4jMatrix a = (Nd4jMatrix) output;
        Nd4jMatrix y = (Nd4jMatrix) targets;
        Nd4jMatrix dz = (Nd4jMatrix) gradLogits;
        int m = output.rows();
        int n = output.cols();
        double value;
        if (a.floats() != null) {
            float[] d = dz == null ? null : new float[m * n];
            value = FloatTraining.loss(loss, activation, read(z.floats(), logits), read(a.floats(), output),
                    read(y.floats(), targets), d, m, n);
            if (d != null) {
                dz.floats().put(0, d);
            }
        } else {
            double[] d = dz == null ? null : new double[m * n];
            value = DoubleTraining.loss(loss, activation, read(z.doubles(), logits), read(a.doubles(), output),
                    read(y.doubles(), targets), d, m, n);
            if (d != null) {
                dz.doubles().put(0, d);
            }
        }
        return value;
    }

    @Override
    public long countCorrect(Matrix output, Matrix targets) {
        Nd4jMatrix a = (Nd4jMatrix) output;
        Nd4jMatrix y = (Nd4jMatrix) targets;
        return a.floats() != null
                ? FloatTraining.countCorrect(read(a.floats(), output), read(y.floats(), targets), output.rows(),
                        output.cols())
                : DoubleTraining.countCorrect(read(a.doubles(), output), read(y.doubles(), targets), output.rows(),
                        output.cols());
    }

    /**
     * The update of {@link Optimizer} by {@link FloatTraining#update} (or its FLOAT64 twin) over blocks of
     * {@value #UPDATE_BLOCK} elements, each copied out of the off-heap buffers in bulk and back: bitwise the
     * update of the Java backends. ND4J's own element-wise operations are not used: each costs a native call
     * of far more than the whole block's arithmetic (docs/nd4j-backend.md has the measurements).
     */
    @Override
    public void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state) {
        Nd4jMatrix p = (Nd4jMatrix) parameter;
        Nd4jMatrix g = (Nd4jMatrix) gradient;
        Nd4jMatrix s0 = state.length > 0 ? (Nd4jMatrix) state[0] : null;
        Nd4jMatrix s1 = state.length > 1 ? (Nd4jMatrix) state[1] : null;
        int size = parameter.rows() * parameter.cols();
        int block = Math.min(size, UPDATE_BLOCK);
        if (p.floats() != null) {
            float[] pb = new float[block];
            float[] gb = new float[block];
            float[] ab = s0 == null ? null : new float[block];
            float[] bb = s1 == null ? null : new float[block];
            for (int from = 0; from < size; from += block) {
                int n = Math.min(block, size - from);
                p.floats().get(from, pb, 0, n);
                g.floats().get(from, gb, 0, n);
                if (ab != null) {
                    s0.floats().get(from, ab, 0, n);
                }
                if (bb != null) {
                    s1.floats().get(from, bb, 0, n);
                }
                FloatTraining.update(optimizer, step, learningRate, pb, gb, ab, bb, 0, n);
                p.floats().put(from, pb, 0, n);
                if (ab != null) {
                    s0.floats().put(from, ab, 0, n);
                }
                if (bb != null) {
                    s1.floats().put(from, bb, 0, n);
                }
            }
        } else {
            double[] pb = new double[block];
            double[] gb = new double[block];
            double[] ab = s0 == null ? null : new double[block];
            double[] bb = s1 == null ? null : new double[block];
            for (int from = 0; from < size; from += block) {
                int n = Math.min(block, size - from);
                p.doubles().get(from, pb, 0, n);
                g.doubles().get(from, gb, 0, n);
                if (ab != null) {
                    s0.doubles().get(from, ab, 0, n);
                }
                if (bb != null) {
                    s1.doubles().get(from, bb, 0, n);
                }
                DoubleTraining.update(optimizer, step, learningRate, pb, gb, ab, bb, 0, n);
                p.doubles().put(from, pb, 0, n);
                if (ab != null) {
                    s0.doubles().put(from, ab, 0, n);
                }
                if (bb != null) {
                    s1.doubles().put(from, bb, 0, n);
                }
            }
        }
    }

    private static float[] read(FloatBuffer buffer, Matrix m) {
        float[] out = new float[m.rows() * m.cols()];
        buffer.get(0, out);
        return out;
    }

    private static double[] read(DoubleBuffer buffer, Matrix m) {
        double[] out = new double[m.rows() * m.cols()];
        buffer.get(0, out);
        return out;
    }
}
