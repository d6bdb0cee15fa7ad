package org.vecnn.backend.loop.internal;

import org.vecnn.Activation;

/**
 * The element-wise tail of a dense layer for FLOAT32, applied to a block of Z while it is still in cache:
 * z = z + b<sub>j</sub>, then g(z) with the formulas of {@link org.vecnn.spi.ArrayActivations} (computed in
 * double and rounded once), so that a fused forward matches matmul, addRowVector and apply bit for bit
 * when the product is the same.
 */
@SuppressWarnings("cast") // the (float) casts become redundant (double) casts in the FLOAT64 twin
final class FloatEpilogue {
    private FloatEpilogue() {
    }

    /**
     * Adds the bias and applies g over rows&times;cols elements at off (row stride ld) whose first column is
     * column col0 of the layer. For SOFTMAX only the bias is added: see {@link #softmaxRows}.
     */
    static void biasActivate(float[] c, int off, int ld, int rows, int cols, float[] bias, int col0,
            Activation g) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * ld;
            switch (g) {
                case RELU:
                    for (int j = 0; j < cols; j++) {
                        float z = c[o + j] + bias[col0 + j];
                        c[o + j] = z < 0 ? 0 : z; // NaN < 0 is false: NaN passes through
                    }
                    break;
                case SIGMOID:
                    for (int j = 0; j < cols; j++) {
                        c[o + j] = sigmoid(c[o + j] + bias[col0 + j]);
                    }
                    break;
                case TANH:
                    for (int j = 0; j < cols; j++) {
                        c[o + j] = (float) Math.tanh(c[o + j] + bias[col0 + j]);
                    }
                    break;
                default: // LINEAR, and SOFTMAX before its row pass
                    for (int j = 0; j < cols; j++) {
                        c[o + j] = c[o + j] + bias[col0 + j];
                    }
                    break;
            }
        }
    }

    // Beyond these, (float) of the double sigmoid is exactly 1 or exactly 0: e^-z is below a quarter ulp
    // of 1 (rounds 1 - e^-z up to 1), or e^z below half the smallest subnormal (rounds to 0). A margin of
    // 0.5 keeps clear of rounding in the thresholds themselves. The shortcut skips exp for saturated units.
    private static final double SIGMOID_ONE = -Math.log(Math.ulp((float) 1) / 4) + 0.5;
    private static final double SIGMOID_ZERO = Math.log(Float.MIN_VALUE / 2) - 0.5;

    /** (float) of Activation.SIGMOID.apply(z), the same formula, with exact shortcuts for saturation. */
    static float sigmoid(double z) {
        if (z > SIGMOID_ONE) {
            return 1;
        }
        if (z < SIGMOID_ZERO) {
            return 0;
        }
        if (z >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-z)));
        }
        double e = Math.exp(z);
        return (float) (e / (1.0 + e));
    }

    /** Row-wise, numerically stable softmax in place: the same steps as ArrayActivations. */
    static void softmaxRows(float[] c, int rowFrom, int rowTo, int n) {
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, c[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(c[base + j] - max);
            }
            for (int j = 0; j < n; j++) {
                c[base + j] = (float) (Math.exp(c[base + j] - max) / sum);
            }
        }
    }
}
