package org.vecnn.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
 *   <li>the optimizer update by ND4J's own in-place array operations and BLAS axpy, on the parameter's and the
 *       states' buffers;</li>
 *   <li>bias and activations of the forward pass by {@link Nd4jKernels}; column sums, the activation backward
 *       pass and the loss by the api's {@link FloatTraining}/{@link DoubleTraining} formulas over bulk copies of
 *       the buffers (one copy in and out per operand, never an element at a time).</li>
 * </ul>
 */
final class Nd4jTrainingKernels extends ComposedTrainingKernels {

    Nd4jTrainingKernels(Nd4jBackend owner) {
        super(owner);
    }

    /** @return {@code "nd4j"} */
    @Override
    public String path() {
        return Nd4jBackendProvider.NAME;
    }

    /** @return true */
    @Override
    public boolean isNative() {
        return true;
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
     * The update of {@link Optimizer} with ND4J's in-place operations. The constants are rounded to the element
     * type as {@link FloatTraining#update} rounds them; the operations are the same, though BLAS axpy may fuse a
     * multiply and an add, so FLOAT32 results can differ from the loop backend's in the last bit.
     */
    @Override
    public void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state) {
        boolean single = parameter.precision() == Precision.FLOAT32;
        INDArray p = ((Nd4jMatrix) parameter).ndArray();
        INDArray g = ((Nd4jMatrix) gradient).ndArray();
        long size = p.length();
        Level1 blas = Nd4j.getBlasWrapper().level1();
        double lr = round(learningRate, single);
        double l2 = round(optimizer.l2(), single);
        try (INDArray grad = g.dup()) {
            if (l2 != 0) {
                blas.axpy(size, l2, p, grad);
            }
            switch (optimizer.kind()) {
                case SGD:
                    if (state.length == 0) {
                        blas.axpy(size, -lr, grad, p);
                        break;
                    }
                    INDArray v = ((Nd4jMatrix) state[0]).ndArray();
                    double mu = round(optimizer.momentum(), single);
                    v.muli(mu).addi(grad);
                    if (optimizer.nesterov()) {
                        blas.axpy(size, mu, v, grad);
                        blas.axpy(size, -lr, grad, p);
                    } else {
                        blas.axpy(size, -lr, v, p);
                    }
                    break;
                case ADAM:
                case ADAMW:
                    adam(optimizer, step, learningRate, single, p, grad, ((Nd4jMatrix) state[0]).ndArray(),
                            ((Nd4jMatrix) state[1]).ndArray(), blas);
                    break;
                default:
                    throw new IllegalArgumentException("update: unknown optimizer " + optimizer.kind());
            }
        }
    }

    private static void adam(Optimizer optimizer, long step, double learningRate, boolean single, INDArray p,
            INDArray grad, INDArray m, INDArray v, Level1 blas) {
        long size = p.length();
        double b1 = round(optimizer.beta1(), single);
        double b2 = round(optimizer.beta2(), single);
        double c1 = round(1 - Math.pow(optimizer.beta1(), step), single);
        double c2 = round(1 - Math.pow(optimizer.beta2(), step), single);
        double eps = round(optimizer.epsilon(), single);
        double lr = round(learningRate, single);
        try (INDArray t = grad.mul(grad)) {
            m.muli(b1);
            blas.axpy(size, round(1 - b1, single), grad, m);
            v.muli(b2);
            blas.axpy(size, round(1 - b2, single), t, v);
            v.div(c2, t);
            Transforms.sqrt(t, false).addi(eps);
            m.div(c1, grad).muli(lr).divi(t);
        }
        if (optimizer.kind() == Optimizer.Kind.ADAMW && optimizer.weightDecay() != 0) {
            p.muli(round(1 - learningRate * optimizer.weightDecay(), single));
        }
        p.subi(grad);
    }

    private static double round(double value, boolean single) {
        return single ? (float) value : value;
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
