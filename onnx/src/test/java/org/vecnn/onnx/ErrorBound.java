package org.vecnn.onnx;

import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.model.LayerWeights;
import org.vecnn.model.Model;

/**
 * How far a correct engine's outputs may lie from the exact outputs of a model, derived as the conformance
 * kit derives its bounds (its Reference class): a k-term dot product plus bias computed in precision u, in any
 * order, with or without FMA, lies within &gamma;<sub>k+1</sub>&middot;(&Sigma;|a<sub>i</sub>w<sub>i</sub>| +
 * |b|) of the exact value, &gamma;<sub>n</sub> = nu/(1 &minus; nu) (Higham, 2nd ed., &sect;3.1); an error
 * already in a propagates through |W|; activations pass it on by their Lipschitz constant (1/4 sigmoid, 1
 * tanh, relu, linear; e<sup>2&delta;</sup> &minus; 1 relative for softmax) plus 8 roundings for evaluating them.
 *
 * <p>The two activations of issue 13's LeakyRelu and LogSoftmax:
 * <ul>
 * <li>leaky ReLU, a = z &lt; 0 ? &alpha;z : z: Lipschitz constant max(1, |&alpha;|) on the input's error; its
 * evaluation is one rounding of the product &alpha;z (exact for z &ge; 0), u&middot;|a|, plus 2<sup>-53</sup>|a|
 * where &alpha; is not a float and the product is first rounded to double; an input error that crosses zero adds
 * at most (u + 2<sup>-53</sup>)|&alpha;|&delta; more. So e = max(1, |&alpha;|)&middot;&delta; + (u +
 * 2<sup>-53</sup>)(|a| + |&alpha;|&delta;).</li>
 * <li>log-softmax, a<sub>j</sub> = z<sub>j</sub> &minus; m &minus; log S, m = max<sub>k</sub> z<sub>k</sub>, S =
 * &Sigma;<sub>k</sub> e<sup>z<sub>k</sub> &minus; m</sup>: log-sum-exp is 1-Lipschitz in the largest input error,
 * so input errors &delta;<sub>k</sub> move a<sub>j</sub> by at most &delta;<sub>j</sub> + max<sub>k</sub>
 * &delta;<sub>k</sub> (absolute, where softmax's e<sup>2&delta;</sup> &minus; 1 is relative). Evaluation, in
 * whatever order an engine subtracts: the n terms e<sup>z<sub>k</sub> &minus; m</sup> (the subtraction u|z<sub>k</sub>
 * &minus; m|, which moves the term by at most u/e of the row's largest, e<sup>x</sup> 4u) summed in n &minus; 1
 * roundings give S within (2n + 5)u relative (S &ge; 1), so log S within (2n + 5)u absolute, plus u&middot;log n
 * for log's own rounding; then z<sub>j</sub> &minus; m (u|z<sub>j</sub> &minus; m| &le; u|a<sub>j</sub>|, since
 * log S &ge; 0) or m + log S (u(|m| + log n)), and the last subtraction u|a<sub>j</sub>|. All of it lies inside
 * 8u&middot;((n + 2) + |a<sub>j</sub>| + |m|), the kit's 8 evaluation roundings applied to each magnitude that
 * is rounded: e<sub>j</sub> = &delta;<sub>j</sub> + max &delta; + 8u((n + 2) + |a<sub>j</sub>| + |m|).</li>
 * </ul>
 *
 * <p>Beyond the kit: {@link #FOLDING} more roundings per dot product, for what the loader folds and what
 * the reference engine does not (alpha into W, BatchNormalization's scale into W, a bias Add, FLOAT32 weights
 * rounded from a DOUBLE file). Two engines of precisions p and q agree within bound(p) + bound(q).
 */
final class ErrorBound {
    static final int FOLDING = 4;
    static final double EVALUATION_ROUNDINGS = 8;

    final double[] value;
    final double[] bound;

    private ErrorBound(double[] value, double[] bound) {
        this.value = value;
        this.bound = bound;
    }

    static double gamma(int n, double u) {
        double nu = n * u;
        return nu >= 1 ? Double.POSITIVE_INFINITY : nu / (1 - nu);
    }

    /** The model's outputs in double and their bound for an engine of precision p, for an exact batch x. */
    static ErrorBound of(Model model, double[] x, int rows, Precision p) {
        double u = p.unitRoundoff();
        double[] a = x.clone();
        double[] e = new double[a.length];
        for (LayerWeights layer : model.layers()) {
            int k = layer.inputs();
            int n = layer.units();
            double[] w = layer.weights();
            double[] b = layer.bias();
            double g = gamma(k + 1 + FOLDING, u);
            double[] z = new double[rows * n];
            double[] ez = new double[rows * n];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    double v = b[j];
                    double magnitude = Math.abs(b[j]);
                    double inherited = 0;
                    for (int t = 0; t < k; t++) {
                        double wt = w[t * n + j];
                        v += a[i * k + t] * wt;
                        magnitude += (Math.abs(a[i * k + t]) + e[i * k + t]) * Math.abs(wt);
                        inherited += e[i * k + t] * Math.abs(wt);
                    }
                    z[i * n + j] = v;
                    // The double reference's own error, γ_k(2^-53)·magnitude, is added as well.
                    ez[i * n + j] = inherited + (g + gamma(k + 1, 0x1p-53)) * magnitude;
                }
            }
            a = new double[rows * n];
            e = new double[rows * n];
            activate(layer.activation(), z, ez, a, e, rows, n, u);
        }
        return new ErrorBound(a, e);
    }

    private static void activate(Activation g, double[] z, double[] ez, double[] a, double[] e, int rows, int n,
            double u) {
        double evaluation = EVALUATION_ROUNDINGS * u;
        if (g.kind() == Activation.Kind.LOG_SOFTMAX) {
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY;
                double delta = 0;
                for (int c = 0; c < n; c++) {
                    max = Math.max(max, z[r * n + c]);
                    delta = Math.max(delta, ez[r * n + c]);
                }
                double sum = 0;
                for (int c = 0; c < n; c++) {
                    sum += Math.exp(z[r * n + c] - max);
                }
                double shift = max + Math.log(sum);
                for (int c = 0; c < n; c++) {
                    a[r * n + c] = z[r * n + c] - shift;
                    e[r * n + c] = ez[r * n + c] + delta + evaluation * ((n + 2) + Math.abs(a[r * n + c])
                            + Math.abs(max));
                }
            }
            return;
        }
        if (g == Activation.SOFTMAX) {
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY;
                double delta = 0;
                for (int c = 0; c < n; c++) {
                    max = Math.max(max, z[r * n + c]);
                    delta = Math.max(delta, ez[r * n + c]);
                }
                double sum = 0;
                for (int c = 0; c < n; c++) {
                    a[r * n + c] = Math.exp(z[r * n + c] - max);
                    sum += a[r * n + c];
                }
                double spread = Math.expm1(2 * delta);
                for (int c = 0; c < n; c++) {
                    double s = a[r * n + c] / sum;
                    a[r * n + c] = s;
                    e[r * n + c] = s * spread + evaluation * ((n + 2) * s + 1);
                }
            }
            return;
        }
        for (int i = 0; i < z.length; i++) {
            double x = z[i];
            switch (g.kind()) {
                case LINEAR:
                    a[i] = x;
                    e[i] = ez[i];
                    break;
                case RELU:
                    a[i] = Math.max(0, x);
                    e[i] = ez[i];
                    break;
                case LEAKY_RELU: {
                    double alpha = Math.abs(g.alpha());
                    a[i] = x < 0 ? g.alpha() * x : x;
                    e[i] = Math.max(1, alpha) * ez[i] + (u + 0x1p-53) * (Math.abs(a[i]) + alpha * ez[i]);
                    break;
                }
                case SIGMOID:
                    a[i] = 1 / (1 + Math.exp(-x));
                    e[i] = 0.25 * ez[i] + evaluation * (Math.abs(a[i]) + 1);
                    break;
                case TANH:
                    a[i] = Math.tanh(x);
                    e[i] = ez[i] + evaluation * (Math.abs(a[i]) + 1);
                    break;
                default:
                    throw new IllegalArgumentException("activation " + g);
            }
        }
    }
}
