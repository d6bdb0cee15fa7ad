package org.vecnn.bench;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.vecnn.Activation;
import org.vecnn.spi.ArrayActivations;

/**
 * The bias-and-activation pass that follows a raw library's GEMM in the raw dense-layer baselines:
 * z<sub>ij</sub> &larr; g(z<sub>ij</sub> + b<sub>j</sub>) in place, one pass over Z (row by row for softmax).
 */
final class RawPasses {
    private RawPasses() {
    }

    static void biasActivate(float[] z, int rows, int cols, float[] bias, Activation g) {
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                z[i] += bias[c];
            }
        }
        ArrayActivations.apply(g, z, z, rows, cols);
    }

    static void biasActivate(double[] z, int rows, int cols, double[] bias, Activation g) {
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                z[i] += bias[c];
            }
        }
        ArrayActivations.apply(g, z, z, rows, cols);
    }

    static void biasActivate(FloatBuffer z, int rows, int cols, float[] bias, Activation g) {
        if (g == Activation.SOFTMAX) {
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < cols; c++) {
                    float v = z.get(base + c) + bias[c];
                    z.put(base + c, v);
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += Math.exp(z.get(base + c) - max);
                }
                for (int c = 0; c < cols; c++) {
                    z.put(base + c, (float) (Math.exp(z.get(base + c) - max) / sum));
                }
            }
            return;
        }
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                float v = z.get(i) + bias[c];
                z.put(i, g == Activation.RELU ? (v < 0f ? 0f : v) : (float) g.apply(v));
            }
        }
    }

    static void biasActivate(DoubleBuffer z, int rows, int cols, double[] bias, Activation g) {
        if (g == Activation.SOFTMAX) {
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < cols; c++) {
                    double v = z.get(base + c) + bias[c];
                    z.put(base + c, v);
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += Math.exp(z.get(base + c) - max);
                }
                for (int c = 0; c < cols; c++) {
                    z.put(base + c, Math.exp(z.get(base + c) - max) / sum);
                }
            }
            return;
        }
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                double v = z.get(i) + bias[c];
                z.put(i, g == Activation.RELU ? (v < 0 ? 0 : v) : g.apply(v));
            }
        }
    }
}
