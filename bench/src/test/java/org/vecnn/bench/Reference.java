package org.vecnn.bench;

import java.util.List;
import org.vecnn.Activation;

/**
 * The output of a workload computed here in double, independently of every subject; for a training step, the
 * loss of the first step.
 */
final class Reference {
    private Reference() {
    }

    static double[] of(Workload w) {
        WorkloadData d = WorkloadData.of(w);
        if (w.kind() == Workload.Kind.GEMM) {
            int n = w.size();
            return product(d.left(), d.right(), n, n, n);
        }
        double[] x = d.input();
        List<Workload.Layer> layers = w.layers();
        for (int i = 0; i < layers.size(); i++) {
            Workload.Layer l = layers.get(i);
            double[] z = product(x, d.weights().get(i), w.batch(), l.inputs(), l.units());
            for (int r = 0; r < w.batch(); r++) {
                for (int c = 0; c < l.units(); c++) {
                    z[r * l.units() + c] += d.biases().get(i)[c];
                }
                activate(z, r * l.units(), l.units(), l.activation());
            }
            x = z;
        }
        if (w.kind() == Workload.Kind.TRAIN) {
            // A training task's result is the loss of its step: the mean cross-entropy of the first forward.
            int classes = layers.get(layers.size() - 1).units();
            double loss = 0;
            for (int r = 0; r < w.batch(); r++) {
                loss -= Math.log(x[r * classes + d.labels()[r]]);
            }
            return new double[] {loss / w.batch()};
        }
        return x;
    }

    private static double[] product(double[] a, double[] b, int m, int k, int n) {
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

    private static void activate(double[] z, int from, int length, Activation g) {
        if (g == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < length; i++) {
                max = Math.max(max, z[from + i]);
            }
            double sum = 0;
            for (int i = 0; i < length; i++) {
                sum += Math.exp(z[from + i] - max);
            }
            for (int i = 0; i < length; i++) {
                z[from + i] = Math.exp(z[from + i] - max) / sum;
            }
            return;
        }
        for (int i = 0; i < length; i++) {
            z[from + i] = g.apply(z[from + i]);
        }
    }
}
