// GENERATED FILE, do not edit: the FLOAT64 twin of FloatNaive.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatNaive.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.backend.loop.internal;

import org.vecnn.Activation;
import org.vecnn.spi.DoubleActivations;

/**
 * The {@code loop-naive} kernels for FLOAT64: the seed's left-hand code, kept deliberately unoptimised as
 * the baseline that shows what vectorisation buys.
 */
final class DoubleNaive {
    private DoubleNaive() {
    }

    /** c = a&middot;b by the textbook triple loop: c<sub>ij</sub> = &Sigma;<sub>p</sub> a<sub>ip</sub> b<sub>pj</sub>, walking b down a column. */
    static void matmul(double[] a, double[] b, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = sum;
            }
        }
    }

    /**
     * For every example row and every unit j: z = dot(W[:, j], a_in) + b[j]; a_out[j] = g(z), with
     * {@link DoubleActivations}'s formulas like every loop kernel. SOFTMAX, which needs the whole row of z, is
     * applied once the row is complete.
     */
    static void dense(double[] a, double[] w, double[] bias, Activation g, double[] out, int m, int k, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                double z = 0;
                for (int p = 0; p < k; p++) {
                    z += w[p * n + j] * a[r * k + p];
                }
                z += bias[j];
                out[r * n + j] = g.isRowWise() ? z : DoubleActivations.activate(g, z);
            }
            if (g.isRowWise()) {
                DoubleActivations.rowWise(g, out, out, r, r + 1, n);
            }
        }
    }

    /**
     * c = op(a)&middot;op(b) by the textbook triple loop, reading a transposed operand by its indices:
     * c<sub>ij</sub> = &Sigma;<sub>p</sub> op(a)<sub>ip</sub> op(b)<sub>pj</sub>, op(a)<sub>ip</sub> = a[p&middot;m + i]
     * when transA, op(b)<sub>pj</sub> = b[j&middot;k + p] when transB.
     */
    static void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = sum;
            }
        }
    }
}
