package org.vecnn.conformance;

import org.vecnn.Activation;
import org.vecnn.Precision;

/**
 * Results computed inside the kit, independently of every backend (and of the api's own
 * {@link Activation#apply}), each with a rigorous bound on the error a correct backend may make.
 *
 * <p><b>Products.</b> A k-term dot product computed in precision u, in any order, with or without FMA,
 * blocked or not, lies within &gamma;<sub>k</sub>&middot;&Sigma;|a<sub>i</sub>w<sub>i</sub>| of the exact value,
 * &gamma;<sub>k</sub> = k&middot;u/(1 &minus; k&middot;u) (Higham, <i>Accuracy and Stability of Numerical
 * Algorithms</i>, 2nd ed., &sect;3.1). The bias is one more term. For FLOAT32 the reference is the plain
 * double sum (products of floats are exact in double); for FLOAT64 it is Ogita, Rump and Oishi's Dot2
 * (Math.fma-based TwoProduct and TwoSum), as if computed in twice the precision. The reference's own
 * error is added to the bound.
 *
 * <p><b>Activations.</b> The error of z propagates through g by its Lipschitz constant (1/4 for sigmoid,
 * 1 for tanh, relu and linear, max(1, |&alpha;|) for leaky relu; a factor e<sup>2&delta;</sup> &minus; 1 for
 * softmax and 2&delta; for log-softmax, &delta; the row's largest error of z), plus a few roundings for
 * evaluating g (exp, tanh, a division, softmax's sum, the product &alpha;z, log-softmax's shift) in the
 * matrix's precision.
 */
final class Reference {
    static final double U64 = Precision.FLOAT64.unitRoundoff();
    /** Roundings allowed for evaluating sigmoid, tanh or softmax: "a few ulps" (one ulp is up to 2u). */
    static final double EVALUATION_ROUNDINGS = 8;

    private Reference() {
    }

    static double gamma(int k, double u) {
        double ku = k * u;
        return ku >= 1 ? Double.POSITIVE_INFINITY : ku / (1 - ku);
    }

    /** Rounds to the precision, as a matrix of that precision holds the values. */
    static double[] round(double[] values, Precision p) {
        if (p == Precision.FLOAT64) {
            return values;
        }
        double[] r = new double[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) values[i];
        }
        return r;
    }

    /**
     * z = a&middot;w (+ bias), a: m&times;k, w: k&times;n, bias: 1&times;n or null.
     *
     * @param aError per element of a, how far the backend's a may lie from these values (null: exact)
     */
    static Expected product(double[] a, double[] aError, int m, int k, double[] w, int n, double[] bias,
            Precision p) {
        int terms = k + (bias == null ? 0 : 1);
        double gammaP = gamma(terms, p.unitRoundoff());
        double gammaRef = gamma(terms, U64);
        boolean compensated = p == Precision.FLOAT64;
        double[] value = new double[m * n];
        double[] bound = new double[m * n];
        double[] hi = new double[n];
        double[] lo = new double[n];
        double[] abs = new double[n];
        double[] inherited = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                hi[j] = bias == null ? 0 : bias[j];
                abs[j] = bias == null ? 0 : Math.abs(bias[j]);
                lo[j] = 0;
                inherited[j] = 0;
            }
            for (int t = 0; t < k; t++) {
                double aik = a[i * k + t];
                double e = aError == null ? 0 : aError[i * k + t];
                double magnitude = Math.abs(aik) + e;
                int base = t * n;
                if (compensated) {
                    for (int j = 0; j < n; j++) {
                        double wj = w[base + j];
                        double x = aik * wj;
                        double r = Math.fma(aik, wj, -x);
                        double s = hi[j] + x;
                        double z = s - hi[j];
                        lo[j] += ((hi[j] - (s - z)) + (x - z)) + r;
                        hi[j] = s;
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        hi[j] += aik * w[base + j];
                    }
                }
                for (int j = 0; j < n; j++) {
                    abs[j] += magnitude * Math.abs(w[base + j]);
                }
                if (e != 0) {
                    for (int j = 0; j < n; j++) {
                        inherited[j] += e * Math.abs(w[base + j]);
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                // an infinite or NaN sum is the answer: Dot2's correction term is NaN there (∞ − ∞)
                double v = Double.isFinite(hi[j]) ? hi[j] + lo[j] : hi[j];
                double referenceError = compensated ? U64 * Math.abs(v) + 2 * gammaRef * gammaRef * abs[j]
                        : gammaRef * abs[j];
                value[i * n + j] = v;
                // ±∞ or NaN is the same in any order of summation (no term overflows in the kit's data)
                bound[i * n + j] = Double.isFinite(v) ? inherited[j] + gammaP * abs[j] + referenceError : 0;
            }
        }
        return new Expected(m, n, value, bound);
    }

    /** c = a + row broadcast over every row, one rounding in precision p. */
    static Expected addRow(double[] a, int m, int n, double[] row, Precision p) {
        double u = p.unitRoundoff();
        double[] value = new double[m * n];
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double x = a[i * n + j];
                double y = row[j];
                double s = x + y;
                value[i * n + j] = s;
                bound[i * n + j] = u * Math.abs(s) + U64 * (Math.abs(x) + Math.abs(y));
            }
        }
        return new Expected(m, n, value, bound);
    }

    /**
     * The activations the kit's forward checks cover: one of each kind, and leaky ReLUs of a non-default and of a
     * negative slope.
     */
    static Activation[] forwardActivations() {
        Activation[] kinds = Activation.values();
        Activation[] all = java.util.Arrays.copyOf(kinds, kinds.length + 2);
        all[kinds.length] = Activation.leakyRelu(0.2);
        all[kinds.length + 1] = Activation.leakyRelu(-0.5);
        return all;
    }

    /**
     * The activations the kit's training checks cover: one of each kind, and a leaky ReLU of a non-default slope
     * (training needs &alpha; &ge; 0).
     */
    static Activation[] trainingActivations() {
        Activation[] kinds = Activation.values();
        Activation[] all = java.util.Arrays.copyOf(kinds, kinds.length + 1);
        all[kinds.length] = Activation.leakyRelu(0.2);
        return all;
    }

    /** g(z), where z carries its own bound; element-wise, or row-wise for SOFTMAX and LOG_SOFTMAX. */
    static Expected activate(Expected z, Activation g, Precision p) {
        double u = p.unitRoundoff();
        double evaluation = EVALUATION_ROUNDINGS * u;
        int n = z.cols;
        double[] value = new double[z.value.length];
        double[] bound = new double[value.length];
        if (g == Activation.SOFTMAX) {
            for (int r = 0; r < z.rows; r++) {
                softmaxRow(z.value, r * n, n, value);
                double delta = 0;
                for (int c = 0; c < n; c++) {
                    delta = Math.max(delta, z.bound[r * n + c]);
                }
                double spread = Math.expm1(2 * delta);
                for (int c = 0; c < n; c++) {
                    double s = value[r * n + c];
                    bound[r * n + c] = s * spread + evaluation * ((n + 2) * s + 1);
                }
            }
            return new Expected(z.rows, n, value, bound);
        }
        if (g.kind() == Activation.Kind.LOG_SOFTMAX) {
            for (int r = 0; r < z.rows; r++) {
                double max = logSoftmaxRow(z.value, r * n, n, value);
                double delta = 0;
                for (int c = 0; c < n; c++) {
                    delta = Math.max(delta, z.bound[r * n + c]);
                }
                // a_j = z_j - lse(z): z_j moves by delta, lse by at most delta (its gradient, softmax, sums to 1);
                // evaluating: the row's sum as softmax's, (n + 2) roundings, and the shift max + log(sum) and the
                // subtraction, one rounding each of |max| and |a_j|
                for (int c = 0; c < n; c++) {
                    double a = value[r * n + c];
                    bound[r * n + c] = 2 * delta + evaluation * (Math.abs(a) + Math.abs(max) + n + 2);
                    // z_j - max beyond p's range (a row spanning more than the largest value) rounds to -∞
                    double rounded = p == Precision.FLOAT32 ? (double) (float) a : a;
                    if (Double.isInfinite(rounded)) {
                        value[r * n + c] = rounded;
                    }
                }
            }
            return new Expected(z.rows, n, value, bound);
        }
        for (int i = 0; i < value.length; i++) {
            double x = z.value[i];
            double e = z.bound[i];
            switch (g.kind()) {
                case LINEAR:
                    value[i] = x;
                    bound[i] = e;
                    break;
                case RELU:
                    value[i] = Double.isNaN(x) ? x : x > 0 ? x : 0;
                    bound[i] = e;
                    break;
                case LEAKY_RELU:
                    double slope = g.alpha();
                    // the product rounded once to p; its overflow to ±∞ is the answer, as for any rounding
                    double product = p == Precision.FLOAT32 ? (double) (float) (slope * x) : slope * x;
                    value[i] = Double.isNaN(x) || x >= 0 ? x : Double.isFinite(product) ? slope * x : product;
                    // rounding the product: relative u, or absolutely half the smallest subnormal where it
                    // underflows (Higham's model with underflow, fl(x) = x(1 + d) + h)
                    bound[i] = Math.max(1, Math.abs(slope)) * e + evaluation * Math.abs(value[i]) + tiny(p);
                    break;
                case SIGMOID:
                    value[i] = sigmoid(x);
                    bound[i] = 0.25 * e + evaluation * (Math.abs(value[i]) + 1);
                    break;
                case TANH:
                    value[i] = Math.tanh(x);
                    bound[i] = e + evaluation * (Math.abs(value[i]) + 1);
                    break;
                default:
                    throw new IllegalArgumentException("activation " + g);
            }
        }
        return new Expected(z.rows, n, value, bound);
    }

    /** Half the smallest subnormal of p, rounded up to it: the absolute error of a rounding that underflows. */
    private static double tiny(Precision p) {
        return p == Precision.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE;
    }

    /** An exact input, as an expectation with zero bounds. */
    static Expected exact(double[] values, int rows, int cols) {
        return new Expected(rows, cols, values.clone(), new double[values.length]);
    }

    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z); // NaN takes this branch and stays NaN
        return e / (1 + e);
    }

    // out = z - max - log Σ e^(z - max) over one row; NaN anywhere makes the row NaN. Returns the row's max.
    private static double logSoftmaxRow(double[] z, int base, int n, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int c = 0; c < n; c++) {
            double x = z[base + c];
            nan |= Double.isNaN(x);
            max = Math.max(max, x);
        }
        if (nan) {
            java.util.Arrays.fill(out, base, base + n, Double.NaN);
            return Double.NaN;
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            sum += Math.exp(z[base + c] - max);
        }
        double log = Math.log(sum);
        for (int c = 0; c < n; c++) {
            out[base + c] = (z[base + c] - max) - log;
        }
        return max;
    }

    private static void softmaxRow(double[] z, int base, int n, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int c = 0; c < n; c++) {
            double x = z[base + c];
            nan |= Double.isNaN(x);
            max = Math.max(max, x);
        }
        if (nan) {
            java.util.Arrays.fill(out, base, base + n, Double.NaN);
            return;
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            double e = Math.exp(z[base + c] - max);
            out[base + c] = e;
            sum += e;
        }
        for (int c = 0; c < n; c++) {
            out[base + c] /= sum;
        }
    }
}
