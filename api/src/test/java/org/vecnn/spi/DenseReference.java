package org.vecnn.spi;

import java.util.Random;
import org.vecnn.Activation;
import org.vecnn.Precision;

/**
 * A plain double-precision dense layer and the error bound a backend's result must meet, for the backend
 * modules' own tests (shipped in vecnn-api's test jar; the conformance kit has its own, fuller reference, but a
 * backend module cannot depend on the kit, whose tests depend on every backend).
 */
public final class DenseReference {
    private DenseReference() {
    }

    public static double[] random(Random random, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        return x;
    }

    /** Rounds to the precision, so the reference sees exactly the backend's inputs. */
    public static double[] rounded(double[] x, Precision p) {
        double[] r = x.clone();
        if (p == Precision.FLOAT32) {
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) r[i];
            }
        }
        return r;
    }

    public static double[] matmul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    public static double[] dense(double[] a, double[] w, double[] bias, Activation g, int m, int k, int n) {
        double[] z = matmul(a, w, m, k, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                z[i * n + j] += bias[j];
            }
        }
        if (g == Activation.SOFTMAX) {
            for (int i = 0; i < m; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, z[i * n + j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += Math.exp(z[i * n + j] - max);
                }
                for (int j = 0; j < n; j++) {
                    z[i * n + j] = Math.exp(z[i * n + j] - max) / sum;
                }
            }
        } else {
            for (int i = 0; i < z.length; i++) {
                z[i] = g.apply(z[i]);
            }
        }
        return z;
    }

    /**
     * A forward error bound for a sum of k+1 products of inputs in [-1, 1] (the bias counts as one), with
     * headroom: every activation used here is 1-Lipschitz, softmax's rows sum to one.
     */
    public static double tolerance(Precision p, int k) {
        return 4 * (k + 2) * p.unitRoundoff() * (k + 1) + 4 * p.unitRoundoff();
    }
}
