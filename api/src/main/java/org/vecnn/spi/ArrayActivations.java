package org.vecnn.spi;

import org.vecnn.Activation;

/**
 * Activations over row-major arrays on the Java heap, for backends that keep their data there. Source and
 * destination may be the same array (in place). FLOAT32 values are computed in double and rounded once,
 * so the result is the correctly rounded float of the double-precision function in most cases.
 */
public final class ArrayActivations {
    private ArrayActivations() {
    }

    /**
     * dst = g(src) over an m&times;n row-major block.
     *
     * @param activation g
     * @param src m&middot;n source elements from index 0
     * @param dst m&middot;n destination elements from index 0; may be src
     * @param rows m
     * @param cols n
     */
    public static void apply(Activation activation, float[] src, float[] dst, int rows, int cols) {
        int size = rows * cols;
        switch (activation) {
            case LINEAR:
                if (src != dst) {
                    System.arraycopy(src, 0, dst, 0, size);
                }
                break;
            case RELU:
                for (int i = 0; i < size; i++) {
                    float z = src[i];
                    dst[i] = z < 0f ? 0f : z; // NaN < 0 is false: NaN passes through
                }
                break;
            case SIGMOID:
            case TANH:
                for (int i = 0; i < size; i++) {
                    dst[i] = (float) activation.apply(src[i]);
                }
                break;
            case SOFTMAX:
                for (int r = 0; r < rows; r++) {
                    int base = r * cols;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < cols; c++) {
                        max = Math.max(max, src[base + c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        sum += Math.exp(src[base + c] - max);
                    }
                    for (int c = 0; c < cols; c++) {
                        dst[base + c] = (float) (Math.exp(src[base + c] - max) / sum);
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("apply: unknown activation " + activation);
        }
    }

    /**
     * dst = g(src) over an m&times;n row-major block.
     *
     * @param activation g
     * @param src m&middot;n source elements from index 0
     * @param dst m&middot;n destination elements from index 0; may be src
     * @param rows m
     * @param cols n
     */
    public static void apply(Activation activation, double[] src, double[] dst, int rows, int cols) {
        int size = rows * cols;
        switch (activation) {
            case LINEAR:
                if (src != dst) {
                    System.arraycopy(src, 0, dst, 0, size);
                }
                break;
            case RELU:
                for (int i = 0; i < size; i++) {
                    double z = src[i];
                    dst[i] = z < 0.0 ? 0.0 : z; // NaN < 0 is false: NaN passes through
                }
                break;
            case SIGMOID:
            case TANH:
                for (int i = 0; i < size; i++) {
                    dst[i] = activation.apply(src[i]);
                }
                break;
            case SOFTMAX:
                for (int r = 0; r < rows; r++) {
                    int base = r * cols;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < cols; c++) {
                        max = Math.max(max, src[base + c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        double e = Math.exp(src[base + c] - max);
                        dst[base + c] = e;
                        sum += e;
                    }
                    for (int c = 0; c < cols; c++) {
                        dst[base + c] /= sum;
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("apply: unknown activation " + activation);
        }
    }
}
