// The FLOAT32 source of truth: DoubleTraining.java beside it is generated from this file by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java. Edit this file, then regenerate.
package org.vecnn.spi;

import org.vecnn.Activation;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The training formulas over FLOAT32 data on the heap: the one source of each derivative, loss and update that
 * the Java backends and {@link ComposedTrainingKernels} use, so that they agree bit for bit. Arrays are
 * row-major and m&times;n unless said otherwise.
 *
 * <p>Arithmetic: element-wise derivatives and updates are computed in the element type, one rounding per
 * operation in the order written; the sums of a softmax row and the loss are accumulated in double; the
 * column sums in the element type, in increasing row order.
 */
@SuppressWarnings("cast") // the element-type casts are redundant in the generated twin
public final class FloatTraining {
    private FloatTraining() {
    }

    /**
     * dz = g'(z) &#8857; da from the output a = g(z): sigmoid a(1 - a)da, tanh (1 - a&middot;a)da, relu a &gt; 0 ? da
     * : 0, leaky relu a &gt; 0 ? da : &alpha;&middot;da (the product in double, rounded once; valid for &alpha; &ge; 0
     * only, where the sign of a is the sign of z), linear da; softmax, per row, a<sub>j</sub>(da<sub>j</sub> - s)
     * with s = &Sigma;<sub>k</sub> a<sub>k</sub>da<sub>k</sub> accumulated in double and rounded once; log-softmax,
     * per row, da<sub>j</sub> - e<sup>a<sub>j</sub></sup>&middot;s with s = &Sigma;<sub>k</sub> da<sub>k</sub>
     * accumulated in double and rounded once, and e<sup>a<sub>j</sub></sup> computed in double and rounded once.
     *
     * @param g the activation
     * @param a the output A, m&times;n
     * @param da dL/dA, m&times;n
     * @param dz receives dL/dZ, m&times;n; may be da (in place)
     * @param rows m
     * @param cols n
     */
    public static void activationBackward(Activation g, float[] a, float[] da, float[] dz, int rows, int cols) {
        int size = rows * cols;
        switch (g.kind()) {
            case LINEAR:
                if (da != dz) {
                    System.arraycopy(da, 0, dz, 0, size);
                }
                break;
            case RELU:
                for (int i = 0; i < size; i++) {
                    dz[i] = a[i] > 0 ? da[i] : 0;
                }
                break;
            case SIGMOID:
                for (int i = 0; i < size; i++) {
                    dz[i] = a[i] * (1 - a[i]) * da[i];
                }
                break;
            case TANH:
                for (int i = 0; i < size; i++) {
                    dz[i] = (1 - a[i] * a[i]) * da[i];
                }
                break;
            case LEAKY_RELU:
                double alpha = g.alpha();
                for (int i = 0; i < size; i++) {
                    dz[i] = a[i] > 0 ? da[i] : (float) (alpha * da[i]);
                }
                break;
            case SOFTMAX:
                for (int r = 0; r < rows; r++) {
                    int o = r * cols;
                    double s = 0;
                    for (int j = 0; j < cols; j++) {
                        s += (double) a[o + j] * da[o + j];
                    }
                    float dot = (float) s;
                    for (int j = 0; j < cols; j++) {
                        dz[o + j] = a[o + j] * (da[o + j] - dot);
                    }
                }
                break;
            case LOG_SOFTMAX:
                for (int r = 0; r < rows; r++) {
                    int o = r * cols;
                    double s = 0;
                    for (int j = 0; j < cols; j++) {
                        s += da[o + j];
                    }
                    float sum = (float) s;
                    for (int j = 0; j < cols; j++) {
                        dz[o + j] = da[o + j] - (float) Math.exp(a[o + j]) * sum;
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("activationBackward: unknown activation " + g);
        }
    }

    /**
     * out<sub>j</sub> = &Sigma;<sub>i</sub> a<sub>ij</sub>, in increasing i, accumulated in the element type.
     *
     * @param a m&times;n
     * @param out receives the n sums
     * @param rows m
     * @param cols n
     */
    public static void columnSums(float[] a, float[] out, int rows, int cols) {
        System.arraycopy(a, 0, out, 0, cols);
        for (int r = 1; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += a[o + j];
            }
        }
    }

    /**
     * The batch loss and, when dz is not null, dL/dZ; see {@link TrainingKernels#loss}.
     *
     * @param loss the loss
     * @param g the output activation, one the loss {@link Loss#accepts(Activation) accepts}; categorical
     *     cross-entropy on a log-softmax output is the negative log-likelihood -&Sigma;<sub>j</sub>
     *     y<sub>ij</sub>a<sub>ij</sub> of the output, its gradient (e<sup>a</sup> - y)/m with e<sup>a</sup> in
     *     double rounded once
     * @param z the logits Z
     * @param a the output A = g(Z)
     * @param y the targets Y
     * @param dz receives dL/dZ, or null; may not be z, a or y
     * @param rows m
     * @param cols n
     * @return the mean over the rows of the per-row loss, accumulated in double
     * @throws IllegalArgumentException when a fused loss is paired with another activation
     */
    public static double loss(Loss loss, Activation g, float[] z, float[] a, float[] y, float[] dz, int rows,
            int cols) {
        if (!loss.accepts(g)) {
            throw new IllegalArgumentException("loss: " + loss.label() + " needs a " + loss.outputNames()
                    + " output layer, not " + g.label());
        }
        double total = 0;
        switch (loss) {
            case MEAN_SQUARED_ERROR:
                for (int i = 0; i < rows * cols; i++) {
                    double d = (double) a[i] - y[i];
                    total += d * d;
                }
                total /= cols;
                if (dz != null) {
                    float scale = (float) (2.0 / ((double) rows * cols));
                    for (int i = 0; i < rows * cols; i++) {
                        dz[i] = (a[i] - y[i]) * scale;
                    }
                    activationBackward(g, a, dz, dz, rows, cols);
                }
                break;
            case BINARY_CROSS_ENTROPY:
                for (int i = 0; i < rows * cols; i++) {
                    double v = z[i];
                    total += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
                }
                fusedGradient(a, y, dz, rows, cols);
                break;
            case CATEGORICAL_CROSS_ENTROPY:
                if (g.kind() == Activation.Kind.LOG_SOFTMAX) {
                    for (int i = 0; i < rows * cols; i++) {
                        if (y[i] != 0) {
                            total -= (double) y[i] * a[i];
                        }
                    }
                    if (dz != null) {
                        float m = rows;
                        for (int i = 0; i < rows * cols; i++) {
                            dz[i] = ((float) Math.exp(a[i]) - y[i]) / m;
                        }
                    }
                    break;
                }
                for (int r = 0; r < rows; r++) {
                    int o = r * cols;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < cols; j++) {
                        max = Math.max(max, z[o + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < cols; j++) {
                        sum += Math.exp(z[o + j] - max);
                    }
                    double lse = max + Math.log(sum);
                    for (int j = 0; j < cols; j++) {
                        if (y[o + j] != 0) {
                            total += y[o + j] * (lse - z[o + j]);
                        }
                    }
                }
                fusedGradient(a, y, dz, rows, cols);
                break;
            default:
                throw new IllegalArgumentException("loss: unknown loss " + loss);
        }
        return total / rows;
    }

    // dz = (a - y) / m, the gradient of a cross-entropy w.r.t. the logits of its matching activation.
    private static void fusedGradient(float[] a, float[] y, float[] dz, int rows, int cols) {
        if (dz == null) {
            return;
        }
        float m = rows;
        for (int i = 0; i < rows * cols; i++) {
            dz[i] = (a[i] - y[i]) / m;
        }
    }

    /**
     * @param a the output A, m&times;n
     * @param y the targets Y, m&times;n
     * @param rows m
     * @param cols n
     * @return the rows where the first largest column of a is the first largest of y; for n = 1, where
     *     (a &ge; 0.5) = (y &ge; 0.5)
     */
    public static long countCorrect(float[] a, float[] y, int rows, int cols) {
        long right = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            if (cols == 1) {
                right += (a[o] >= 0.5f) == (y[o] >= 0.5f) ? 1 : 0;
                continue;
            }
            int best = 0;
            int want = 0;
            for (int j = 1; j < cols; j++) {
                if (a[o + j] > a[o + best]) {
                    best = j;
                }
                if (y[o + j] > y[o + want]) {
                    want = j;
                }
            }
            right += best == want ? 1 : 0;
        }
        return right;
    }

    /**
     * One optimizer step on elements [from, to) of a parameter, in place; see {@link Optimizer}. The constants
     * (&eta;, &lambda;, &mu;, &beta;s, &epsilon;, and 1 - &beta;, 1 - &eta;w and the bias corrections
     * 1 - &beta;<sup>t</sup>, computed in double) are rounded to the element type first.
     *
     * @param optimizer the rule
     * @param step t &ge; 1
     * @param learningRate &eta;
     * @param p the parameter &theta;
     * @param g the gradient
     * @param s0 the first state (v for momentum, m for Adam), or null when the rule has none
     * @param s1 the second state (v for Adam), or null
     * @param from the first element
     * @param to one past the last element
     */
    public static void update(Optimizer optimizer, long step, double learningRate, float[] p, float[] g,
            float[] s0, float[] s1, int from, int to) {
        float lr = (float) learningRate;
        float l2 = (float) optimizer.l2();
        switch (optimizer.kind()) {
            case SGD:
                float mu = (float) optimizer.momentum();
                if (s0 == null) {
                    for (int i = from; i < to; i++) {
                        float grad = g[i] + l2 * p[i];
                        p[i] -= lr * grad;
                    }
                } else if (optimizer.nesterov()) {
                    for (int i = from; i < to; i++) {
                        float grad = g[i] + l2 * p[i];
                        s0[i] = mu * s0[i] + grad;
                        p[i] -= lr * (grad + mu * s0[i]);
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        float grad = g[i] + l2 * p[i];
                        s0[i] = mu * s0[i] + grad;
                        p[i] -= lr * s0[i];
                    }
                }
                break;
            case ADAM:
            case ADAMW:
                float b1 = (float) optimizer.beta1();
                float b2 = (float) optimizer.beta2();
                // 1 - beta in double, then rounded: 1 - (float) 0.999 would be 1.3e-5 off, relative
                float r1 = (float) (1 - optimizer.beta1());
                float r2 = (float) (1 - optimizer.beta2());
                float c1 = (float) (1 - Math.pow(optimizer.beta1(), step));
                float c2 = (float) (1 - Math.pow(optimizer.beta2(), step));
                float eps = (float) optimizer.epsilon();
                float keep = (float) (1 - learningRate * optimizer.weightDecay());
                boolean decay = optimizer.kind() == Optimizer.Kind.ADAMW && optimizer.weightDecay() != 0;
                for (int i = from; i < to; i++) {
                    float grad = g[i] + l2 * p[i];
                    s0[i] = b1 * s0[i] + r1 * grad;
                    s1[i] = b2 * s1[i] + r2 * grad * grad;
                    float theta = decay ? p[i] * keep : p[i];
                    p[i] = theta - lr * (s0[i] / c1) / ((float) Math.sqrt(s1[i] / c2) + eps);
                }
                break;
            default:
                throw new IllegalArgumentException("update: unknown optimizer " + optimizer.kind());
        }
    }
}
