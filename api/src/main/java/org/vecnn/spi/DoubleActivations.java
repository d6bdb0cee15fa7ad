// GENERATED FILE, do not edit: the FLOAT64 twin of FloatActivations.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatActivations.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.spi;

import java.nio.DoubleBuffer;
import org.vecnn.Activation;

/**
 * The activations over FLOAT64 data on the heap (or in NIO buffers): the one formula of each activation that
 * every Java backend uses, for its standalone {@code apply} and its fused dense layer alike. Values are
 * computed in double precision and rounded once to the element type.
 * Arrays are row-major; a destination may be its source (in place).
 *
 * <ul>
 * <li>sigmoid: 1 / (1 + e<sup>-z</sup>) for z &ge; 0 and e<sup>z</sup> / (1 + e<sup>z</sup>) below, from one
 *     e = e<sup>-|z|</sup>, so that exp never overflows; 1 above {@link #SIGMOID_ONE} and 0 below
 *     {@link #SIGMOID_ZERO} without calling exp, where the formula rounds to exactly that;</li>
 * <li>relu: z &lt; 0 ? 0 : z, so NaN and -0.0 pass through unchanged;</li>
 * <li>leaky relu: z &lt; 0 ? &alpha;&middot;z : z, the product in double rounded once;</li>
 * <li>tanh: {@link Math#tanh};</li>
 * <li>softmax, per row: e<sup>z<sub>j</sub> - max</sup> / &Sigma;<sub>k</sub> e<sup>z<sub>k</sub> - max</sup>,
 *     max and sum accumulated in double, so that rows of large entries neither overflow nor lose the result;</li>
 * <li>log-softmax, per row: z<sub>j</sub> - max - log &Sigma;<sub>k</sub> e<sup>z<sub>k</sub> - max</sup>, the
 *     same max and sum, rounded once.</li>
 * </ul>
 */
@SuppressWarnings("cast") // the element-type casts are redundant in the generated twin
public final class DoubleActivations {
    /**
     * Above this z, sigmoid(z) rounds to exactly 1 in this precision: e<sup>-z</sup> is below a quarter of the
     * ulp of 1, so 1 / (1 + e<sup>-z</sup>) rounds up to 1. The 0.5 keeps clear of rounding in the bound itself.
     */
    public static final double SIGMOID_ONE = -Math.log(Math.ulp((double) 1) / 4) + 0.5;

    /**
     * Below this z, sigmoid(z) rounds to exactly 0 in this precision: e<sup>z</sup> / (1 + e<sup>z</sup>) is
     * e<sup>z</sup>, below half the smallest subnormal, so it rounds to 0. Written as log(MIN_VALUE) - log(2)
     * because MIN_VALUE / 2 is itself 0 in its own precision. The 0.5 keeps clear of rounding in the bound.
     */
    public static final double SIGMOID_ZERO = Math.log(Double.MIN_VALUE) - Math.log(2) - 0.5;

    private DoubleActivations() {
    }

    /**
     * @param z the pre-activation value
     * @return sigmoid(z), the double formula rounded once to this precision
     */
    public static double sigmoid(double z) {
        if (z > SIGMOID_ONE) {
            return 1;
        }
        if (z < SIGMOID_ZERO) {
            return 0;
        }
        // One exp, and no branch on the sign (random signs made such a branch mispredict half the time).
        double e = Math.exp(-Math.abs(z));
        return (double) ((z >= 0 ? 1.0 : e) / (1.0 + e));
    }

    /**
     * @param z the pre-activation value
     * @return tanh(z) rounded once to this precision
     */
    public static double tanh(double z) {
        return (double) Math.tanh(z);
    }

    /**
     * @param z the pre-activation value
     * @return z &lt; 0 ? 0 : z (NaN and -0.0 unchanged)
     */
    public static double relu(double z) {
        return z < 0 ? 0 : z;
    }

    /**
     * @param z the pre-activation value
     * @param alpha the slope on negative inputs
     * @return z &lt; 0 ? &alpha;&middot;z : z, the product rounded once to this precision (NaN unchanged)
     */
    public static double leakyRelu(double z, double alpha) {
        return z < 0 ? (double) (alpha * z) : z;
    }

    /**
     * dst = g(src) over an m&times;n block, row-wise for SOFTMAX and LOG_SOFTMAX.
     *
     * @param g the activation
     * @param src m&middot;n elements from index 0
     * @param dst m&middot;n elements from index 0, overwritten; may be src
     * @param rows m
     * @param cols n
     */
    public static void apply(Activation g, double[] src, double[] dst, int rows, int cols) {
        biasApply(g, src, null, dst, rows, cols);
    }

    /**
     * dst = g(src + bias), the bias added to every row (rounded to this precision before g), row-wise for
     * SOFTMAX and LOG_SOFTMAX.
     *
     * @param g the activation
     * @param src m&middot;n elements from index 0
     * @param bias n elements, or null for none
     * @param dst m&middot;n elements from index 0, overwritten; may be src
     * @param rows m
     * @param cols n
     */
    public static void biasApply(Activation g, double[] src, double[] bias, double[] dst, int rows, int cols) {
        if (bias == null) {
            if (g.isRowWise()) {
                rowWise(g, src, dst, 0, rows, cols);
            } else {
                elementWise(g, src, dst, 0, rows * cols);
            }
            return;
        }
        biasActivate(g, src, dst, 0, cols, rows, cols, bias, 0);
        if (g.isRowWise()) {
            rowWise(g, dst, dst, 0, rows, cols);
        }
    }

    /**
     * The element-wise tail of a fused dense layer, in place on a tile of Z: z = g(z + bias<sub>j</sub>) over
     * rows&times;cols elements from off (row stride ld), whose first column is column col0 of the layer. For
     * the row-wise activations only the bias is added; {@link #rowWise} follows once whole rows are final.
     *
     * @param g the activation
     * @param c the matrix holding the tile, modified
     * @param off the index of the tile's first element
     * @param ld the row stride of c
     * @param rows the tile's rows
     * @param cols the tile's columns
     * @param bias the layer's bias, 1&times;n
     * @param col0 the layer column of the tile's first column
     */
    public static void biasActivate(Activation g, double[] c, int off, int ld, int rows, int cols, double[] bias,
            int col0) {
        biasActivate(g, c, c, off, ld, rows, cols, bias, col0);
    }

    /**
     * Row-wise SOFTMAX or LOG_SOFTMAX of rows [rowFrom, rowTo) of an n-column row-major block.
     *
     * @param g SOFTMAX or LOG_SOFTMAX
     * @param src the block, from index 0
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     * @throws IllegalArgumentException when g is element-wise
     */
    public static void rowWise(Activation g, double[] src, double[] dst, int rowFrom, int rowTo, int cols) {
        switch (g.kind()) {
            case SOFTMAX:
                softmaxRows(src, dst, rowFrom, rowTo, cols);
                break;
            case LOG_SOFTMAX:
                logSoftmaxRows(src, dst, rowFrom, rowTo, cols);
                break;
            default:
                throw new IllegalArgumentException("rowWise: " + g + " is element-wise");
        }
    }

    /**
     * Row-wise log-softmax of rows [rowFrom, rowTo) of an n-column row-major block.
     *
     * @param src the block, from index 0
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     */
    public static void logSoftmaxRows(double[] src, double[] dst, int rowFrom, int rowTo, int cols) {
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, src[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(src[base + j] - max);
            }
            double shift = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                dst[base + j] = (double) (src[base + j] - shift);
            }
        }
    }

    /**
     * Row-wise softmax of rows [rowFrom, rowTo) of an n-column row-major block.
     *
     * @param src the block, from index 0
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     */
    public static void softmaxRows(double[] src, double[] dst, int rowFrom, int rowTo, int cols) {
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, src[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(src[base + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                dst[base + j] = (double) (Math.exp(src[base + j] - max) / sum);
            }
        }
    }

    /**
     * dst = g(src + bias) over rows [rowFrom, rowTo) of an n-column block in NIO buffers (off-heap memory,
     * say), as {@link #biasApply}: each row is copied to the heap in bulk, computed there and copied back.
     *
     * @param g the activation
     * @param src the block, from index 0
     * @param bias n elements, or null for none
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     */
    public static void biasApply(Activation g, DoubleBuffer src, double[] bias, DoubleBuffer dst, int rowFrom,
            int rowTo, int cols) {
        double[] row = new double[cols];
        for (int r = rowFrom; r < rowTo; r++) {
            src.get(r * cols, row);
            biasApply(g, row, bias, row, 1, cols);
            dst.put(r * cols, row);
        }
    }

    /**
     * g(z) for one value of an element-wise activation.
     *
     * @param g the activation
     * @param z the pre-activation value
     * @return g(z) rounded to the element type
     * @throws IllegalArgumentException for SOFTMAX and LOG_SOFTMAX, which need a whole row
     */
    public static double activate(Activation g, double z) {
        switch (g.kind()) {
            case LINEAR:
                return z;
            case RELU:
                return relu(z);
            case LEAKY_RELU:
                return leakyRelu(z, g.alpha());
            case SIGMOID:
                return sigmoid(z);
            case TANH:
                return tanh(z);
            default:
                throw new IllegalArgumentException("activate: " + g + " is not element-wise; use rowWise");
        }
    }

    // dst[i] = g(src[i]) for i in [from, to), g element-wise.
    private static void elementWise(Activation g, double[] src, double[] dst, int from, int to) {
        switch (g.kind()) {
            case RELU:
                for (int i = from; i < to; i++) {
                    dst[i] = relu(src[i]);
                }
                break;
            case LEAKY_RELU:
                double alpha = g.alpha();
                for (int i = from; i < to; i++) {
                    dst[i] = leakyRelu(src[i], alpha);
                }
                break;
            case SIGMOID:
                for (int i = from; i < to; i++) {
                    dst[i] = sigmoid(src[i]);
                }
                break;
            case TANH:
                for (int i = from; i < to; i++) {
                    dst[i] = tanh(src[i]);
                }
                break;
            case LINEAR:
                if (src != dst) {
                    System.arraycopy(src, from, dst, from, to - from);
                }
                break;
            default:
                throw new IllegalArgumentException("apply: " + g + " is not element-wise");
        }
    }

    // dst = g(src + bias) over a tile; the row-wise kinds count as LINEAR here: their row pass runs on the sums.
    private static void biasActivate(Activation g, double[] src, double[] dst, int off, int ld, int rows, int cols,
            double[] bias, int col0) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * ld;
            switch (g.kind()) {
                case RELU:
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = relu(src[o + j] + bias[col0 + j]);
                    }
                    break;
                case LEAKY_RELU:
                    double alpha = g.alpha();
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = leakyRelu(src[o + j] + bias[col0 + j], alpha);
                    }
                    break;
                case SIGMOID:
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = sigmoid(src[o + j] + bias[col0 + j]);
                    }
                    break;
                case TANH:
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = tanh(src[o + j] + bias[col0 + j]);
                    }
                    break;
                case LINEAR:
                case SOFTMAX:
                case LOG_SOFTMAX:
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = src[o + j] + bias[col0 + j];
                    }
                    break;
                default:
                    throw new IllegalArgumentException("apply: unknown activation " + g);
            }
        }
    }
}
