package org.vecnn.conformance;

import static org.vecnn.conformance.Reference.U64;
import static org.vecnn.conformance.Reference.gamma;

import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The training's references, computed in the kit independently of every backend and of the api's formulas,
 * each with a bound derived as {@link Reference}'s are: a k-term sum in precision u lies within
 * &gamma;<sub>k</sub>&middot;&Sigma;|terms| of the exact value, an element-wise formula within a few roundings of
 * its magnitude, and an input that carries an error (an {@link Expected} with bounds) passes it on through the
 * formula's first-order sensitivities, plus their second-order products. Every reference value is computed in
 * double (products compensated, as Dot2), whose own error is added to the bound.
 *
 * <p>Bounds therefore hold for any order of summation, with or without FMA, and compose: a whole training step
 * built from these operations bounds a backend's weights after the step, and several steps bound a short run.
 */
final class TrainingReference {
    /** Roundings allowed for one element-wise formula of a few operations. */
    private static final double FEW = 8;

    private TrainingReference() {
    }

    /** op(a)&middot;op(b) for inputs with bounds. */
    static Expected multiply(Expected a, boolean ta, Expected b, boolean tb, Precision p) {
        int m = ta ? a.cols : a.rows;
        int k = ta ? a.rows : a.cols;
        int n = tb ? b.rows : b.cols;
        int kb = tb ? b.cols : b.rows;
        if (k != kb) {
            throw new IllegalArgumentException("reference multiply: inner dimensions " + k + " and " + kb);
        }
        double gammaP = gamma(k, p.unitRoundoff());
        double gammaRef = gamma(k, U64);
        double[] value = new double[m * n];
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double hi = 0;
                double lo = 0;
                double abs = 0;
                double inherited = 0;
                for (int t = 0; t < k; t++) {
                    int ia = ta ? t * a.cols + i : i * a.cols + t;
                    int ib = tb ? j * b.cols + t : t * b.cols + j;
                    double x = a.value[ia];
                    double y = b.value[ib];
                    double ex = a.bound[ia];
                    double ey = b.bound[ib];
                    double prod = x * y;
                    double r = Math.fma(x, y, -prod);
                    double s = hi + prod;
                    double z = s - hi;
                    lo += ((hi - (s - z)) + (prod - z)) + r;
                    hi = s;
                    abs += (Math.abs(x) + ex) * (Math.abs(y) + ey);
                    inherited += ex * Math.abs(y) + Math.abs(x) * ey + ex * ey;
                }
                double v = hi + lo;
                value[i * n + j] = v;
                bound[i * n + j] = inherited + gammaP * abs + U64 * Math.abs(v) + 2 * gammaRef * gammaRef * abs;
            }
        }
        return new Expected(m, n, value, bound);
    }

    /** z + the row vector b over every row. */
    static Expected addRow(Expected z, Expected b, Precision p) {
        double u = p.unitRoundoff();
        double[] value = new double[z.value.length];
        double[] bound = new double[value.length];
        for (int i = 0; i < value.length; i++) {
            int j = i % z.cols;
            double v = z.value[i] + b.value[j];
            value[i] = v;
            bound[i] = z.bound[i] + b.bound[j] + u * (Math.abs(z.value[i]) + z.bound[i] + Math.abs(b.value[j])
                    + b.bound[j]) + U64 * Math.abs(v);
        }
        return new Expected(z.rows, z.cols, value, bound);
    }

    /** The column sums: 1&times;n. */
    static Expected columnSums(Expected a, Precision p) {
        Expected ones = Reference.exact(Data.filled(a.rows, 1), 1, a.rows);
        return multiply(ones, false, a, false, p);
    }

    /** dZ from the output A and dA, for each activation, as {@link org.vecnn.spi.TrainingKernels} defines it. */
    static Expected backward(Activation g, Expected a, Expected da, Precision p) {
        double u = p.unitRoundoff();
        int n = a.cols;
        double[] value = new double[a.value.length];
        double[] bound = new double[value.length];
        if (g.kind() == Activation.Kind.LOG_SOFTMAX) {
            return logSoftmaxBackward(a, da, p);
        }
        if (g == Activation.SOFTMAX) {
            double gammaN = gamma(n, u);
            for (int r = 0; r < a.rows; r++) {
                int o = r * n;
                double s = 0;
                double es = 0;
                double abs = 0;
                for (int j = 0; j < n; j++) {
                    double x = a.value[o + j];
                    double y = da.value[o + j];
                    s += x * y;
                    double ex = a.bound[o + j];
                    double ey = da.bound[o + j];
                    es += ex * Math.abs(y) + Math.abs(x) * ey + ex * ey;
                    abs += (Math.abs(x) + ex) * (Math.abs(y) + ey);
                }
                es += gammaN * abs + gamma(n, U64) * abs;
                for (int j = 0; j < n; j++) {
                    double x = a.value[o + j];
                    double ex = a.bound[o + j];
                    double y = da.value[o + j];
                    double ey = da.bound[o + j];
                    double diff = Math.abs(y) + ey + Math.abs(s) + es;
                    double v = x * (y - s);
                    value[o + j] = v;
                    bound[o + j] = ex * diff + (Math.abs(x) + ex) * (ey + es) + 3 * u * (Math.abs(x) + ex) * diff
                            + U64 * Math.abs(v);
                }
            }
            return new Expected(a.rows, n, value, bound);
        }
        for (int i = 0; i < value.length; i++) {
            double x = a.value[i];
            double ex = a.bound[i];
            double y = da.value[i];
            double ey = da.bound[i];
            double ay = Math.abs(y) + ey;
            switch (g.kind()) {
                case LINEAR:
                    value[i] = y;
                    bound[i] = ey;
                    break;
                case RELU:
                    value[i] = x > 0 ? y : 0;
                    // within its bound of 0 the backend's a may lie on either side of the kink
                    bound[i] = x - ex > 0 ? ey : ex == 0 ? 0 : ay;
                    break;
                case LEAKY_RELU:
                    double alpha = g.alpha();
                    value[i] = x > 0 ? y : alpha * y;
                    double slope = Math.abs(alpha);
                    // within its bound of 0 the backend's a may lie on either side of the kink: y or αy
                    bound[i] = x - ex > 0 ? ey
                            : x + ex <= 0 ? slope * ey + FEW * u * slope * ay + U64 * Math.abs(value[i])
                            : Math.max(1, slope) * ey + Math.abs(1 - alpha) * ay + FEW * u * slope * ay;
                    break;
                case SIGMOID:
                    value[i] = x * (1 - x) * y;
                    bound[i] = (Math.abs(1 - 2 * x) + 2 * ex) * ay * ex
                            + (Math.abs(x) + ex) * (Math.abs(1 - x) + ex) * ey
                            + FEW * u * (Math.abs(x) + ex) * (1 + Math.abs(x) + ex) * ay + U64 * Math.abs(value[i]);
                    break;
                case TANH:
                    value[i] = (1 - x * x) * y;
                    bound[i] = (2 * Math.abs(x) + ex) * ay * ex + (1 + (Math.abs(x) + ex) * (Math.abs(x) + ex)) * ey
                            + FEW * u * (1 + (Math.abs(x) + ex) * (Math.abs(x) + ex)) * ay + U64 * Math.abs(value[i]);
                    break;
                default:
                    throw new IllegalArgumentException("activation " + g);
            }
        }
        return new Expected(a.rows, n, value, bound);
    }

    /**
     * Log-softmax's backward pass per row, dz<sub>j</sub> = da<sub>j</sub> - e<sup>a<sub>j</sub></sup> S with S =
     * &Sigma;<sub>k</sub> da<sub>k</sub>: S carries the errors of dA and the n-term sum's rounding; e<sup>a</sup>
     * moves by e<sup>a</sup>(e<sup>&delta;</sup> - 1) for an error &delta; of a; evaluating the exponential, the
     * product and the subtraction adds a few roundings of the magnitudes.
     */
    private static Expected logSoftmaxBackward(Expected a, Expected da, Precision p) {
        double u = p.unitRoundoff();
        int n = a.cols;
        double[] value = new double[a.value.length];
        double[] bound = new double[value.length];
        for (int r = 0; r < a.rows; r++) {
            int o = r * n;
            double sum = 0;
            double es = 0;
            double abs = 0;
            for (int j = 0; j < n; j++) {
                sum += da.value[o + j];
                es += da.bound[o + j];
                abs += Math.abs(da.value[o + j]) + da.bound[o + j];
            }
            es += gamma(n, u) * abs + gamma(n, U64) * abs;
            double as = Math.abs(sum) + es;
            for (int j = 0; j < n; j++) {
                double e = Math.exp(a.value[o + j]);
                double ex = a.bound[o + j];
                double y = da.value[o + j];
                double ay = Math.abs(y) + da.bound[o + j];
                double v = y - e * sum;
                value[o + j] = v;
                bound[o + j] = da.bound[o + j] + e * Math.expm1(ex) * as + e * es
                        + FEW * u * (ay + e * Math.exp(ex) * as) + U64 * Math.abs(v);
            }
        }
        return new Expected(a.rows, n, value, bound);
    }

    /**
     * dL/dZ of the output layer: (A - Y)/m for the fused cross-entropies ((e<sup>A</sup> - Y)/m on a log-softmax
     * output), 2(A - Y)/(m&middot;n) through g' for mean squared error.
     */
    static Expected lossGradient(Loss loss, Activation g, Expected a, double[] y, Precision p) {
        double u = p.unitRoundoff();
        int m = a.rows;
        int n = a.cols;
        double scale = loss == Loss.MEAN_SQUARED_ERROR ? 2.0 / ((double) m * n) : 1.0 / m;
        double[] value = new double[a.value.length];
        double[] bound = new double[value.length];
        if (loss == Loss.CATEGORICAL_CROSS_ENTROPY && g.kind() == Activation.Kind.LOG_SOFTMAX) {
            for (int i = 0; i < value.length; i++) {
                double e = Math.exp(a.value[i]);
                double ex = a.bound[i];
                double v = (e - y[i]) * scale;
                value[i] = v;
                bound[i] = e * Math.expm1(ex) * scale + 4 * u * (e * Math.exp(ex) + Math.abs(y[i])) * scale
                        + U64 * Math.abs(v);
            }
            return new Expected(m, n, value, bound);
        }
        for (int i = 0; i < value.length; i++) {
            double v = (a.value[i] - y[i]) * scale;
            value[i] = v;
            bound[i] = a.bound[i] * scale + 3 * u * (Math.abs(a.value[i]) + a.bound[i] + Math.abs(y[i])) * scale
                    + U64 * Math.abs(v);
        }
        Expected d = new Expected(m, n, value, bound);
        return loss == Loss.MEAN_SQUARED_ERROR ? backward(g, a, d, p) : d;
    }

    /**
     * The loss value, from exact logits z, outputs a = g(z) and targets y: {value, bound}. Each row's terms are
     * sums of at most n + 4 operations, so the bound is &gamma;<sub>n+8</sub> times their magnitudes. Categorical
     * cross-entropy on a log-softmax output is -&Sigma; y&middot;a, from the outputs.
     */
    static double[] lossValue(Loss loss, Activation g, double[] z, double[] a, double[] y, int m, int n,
            Precision p) {
        double total = 0;
        double magnitude = 0;
        for (int r = 0; r < m; r++) {
            int o = r * n;
            switch (loss) {
                case MEAN_SQUARED_ERROR:
                    for (int j = 0; j < n; j++) {
                        double d = a[o + j] - y[o + j];
                        total += d * d / n;
                        magnitude += (Math.abs(a[o + j]) + Math.abs(y[o + j])) * (Math.abs(a[o + j])
                                + Math.abs(y[o + j])) / n;
                    }
                    break;
                case BINARY_CROSS_ENTROPY:
                    for (int j = 0; j < n; j++) {
                        double x = z[o + j];
                        double t = y[o + j];
                        total += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
                        magnitude += Math.abs(x) * (1 + Math.abs(t)) + 1;
                    }
                    break;
                default:
                    if (g.kind() == Activation.Kind.LOG_SOFTMAX) {
                        for (int j = 0; j < n; j++) {
                            total -= y[o + j] * a[o + j];
                            magnitude += Math.abs(y[o + j] * a[o + j]);
                        }
                        break;
                    }
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        max = Math.max(max, z[o + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += Math.exp(z[o + j] - max);
                    }
                    double lse = max + Math.log(sum);
                    for (int j = 0; j < n; j++) {
                        total += y[o + j] * (lse - z[o + j]);
                        magnitude += Math.abs(y[o + j]) * (Math.abs(max) + Math.log(sum) + 1 + Math.abs(z[o + j]));
                    }
            }
        }
        double value = total / m;
        return new double[] {value, gamma(n + 8, p.unitRoundoff()) * magnitude / m + 1e-15 * Math.abs(value)};
    }

    /**
     * One optimizer step on exact inputs (the backend's values before the step): {parameter, state 0, state 1}
     * after it, each with its bound, as {@link Optimizer} defines the step.
     */
    static Expected[] update(Optimizer o, long step, double lr, double[] theta, double[] g, double[] s0, double[] s1,
            int rows, int cols, Precision p) {
        double u = p.unitRoundoff();
        double c = FEW * u + 4 * U64;
        int size = theta.length;
        double[] pv = new double[size];
        double[] pb = new double[size];
        double[] v0 = s0 == null ? null : new double[size];
        double[] b0 = s0 == null ? null : new double[size];
        double[] v1 = s1 == null ? null : new double[size];
        double[] b1 = s1 == null ? null : new double[size];
        double l2 = o.l2();
        for (int i = 0; i < size; i++) {
            double grad = g[i] + l2 * theta[i];
            double gradMag = Math.abs(g[i]) + l2 * Math.abs(theta[i]);
            if (o.kind() == Optimizer.Kind.SGD) {
                if (s0 == null) {
                    pv[i] = theta[i] - lr * grad;
                    pb[i] = c * (Math.abs(theta[i]) + lr * gradMag);
                } else {
                    double mu = o.momentum();
                    v0[i] = mu * s0[i] + grad;
                    double vMag = mu * Math.abs(s0[i]) + gradMag;
                    b0[i] = c * vMag;
                    if (o.nesterov()) {
                        pv[i] = theta[i] - lr * (grad + mu * v0[i]);
                        pb[i] = c * (Math.abs(theta[i]) + lr * (gradMag + mu * vMag)) + lr * mu * b0[i];
                    } else {
                        pv[i] = theta[i] - lr * v0[i];
                        pb[i] = c * (Math.abs(theta[i]) + lr * vMag) + lr * b0[i];
                    }
                }
                continue;
            }
            double beta1 = o.beta1();
            double beta2 = o.beta2();
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            v0[i] = beta1 * s0[i] + (1 - beta1) * grad;
            double mMag = beta1 * Math.abs(s0[i]) + (1 - beta1) * gradMag;
            b0[i] = c * mMag;
            v1[i] = beta2 * s1[i] + (1 - beta2) * grad * grad;
            double vMag = beta2 * Math.abs(s1[i]) + (1 - beta2) * gradMag * gradMag;
            b1[i] = c * vMag;
            double mHat = v0[i] / c1;
            double vHat = v1[i] / c2;
            double root = Math.sqrt(vHat);
            double den = root + o.epsilon();
            double decayed = o.kind() == Optimizer.Kind.ADAMW ? theta[i] * (1 - lr * o.weightDecay()) : theta[i];
            pv[i] = decayed - lr * mHat / den;
            // first order in m's and v's errors: d step/dm = 1/(c1·den), d step/dv = -mHat/(2·root·c2·den²)
            double fromV = root > 0 ? Math.abs(mHat) * (b1[i] / c2) / (2 * root * den * den)
                    : Math.abs(mHat) * Math.sqrt(b1[i] / c2) / (den * den);
            pb[i] = c * (Math.abs(theta[i]) * (1 + lr * o.weightDecay())) + lr * (b0[i] / (c1 * den) + fromV
                    + c * Math.abs(mHat) / den);
        }
        return new Expected[] {new Expected(rows, cols, pv, pb),
            s0 == null ? null : new Expected(rows, cols, v0, b0), s1 == null ? null : new Expected(rows, cols, v1, b1)};
    }

    /**
     * SGD with momentum on inputs that carry bounds (a step of a training run): {parameter, velocity}.
     */
    static Expected[] momentumStep(Expected theta, Expected v, Expected g, double mu, double lr, Precision p) {
        double u = p.unitRoundoff();
        int size = theta.value.length;
        double[] tv = new double[size];
        double[] tb = new double[size];
        double[] vv = new double[size];
        double[] vb = new double[size];
        for (int i = 0; i < size; i++) {
            double nv = mu * v.value[i] + g.value[i];
            double nvMag = mu * (Math.abs(v.value[i]) + v.bound[i]) + Math.abs(g.value[i]) + g.bound[i];
            vv[i] = nv;
            vb[i] = mu * v.bound[i] + g.bound[i] + 3 * u * nvMag + U64 * Math.abs(nv);
            tv[i] = theta.value[i] - lr * nv;
            tb[i] = theta.bound[i] + lr * vb[i] + 3 * u * (Math.abs(theta.value[i]) + theta.bound[i]
                    + lr * (Math.abs(nv) + vb[i])) + U64 * Math.abs(tv[i]);
        }
        return new Expected[] {new Expected(theta.rows, theta.cols, tv, tb), new Expected(v.rows, v.cols, vv, vb)};
    }
}
