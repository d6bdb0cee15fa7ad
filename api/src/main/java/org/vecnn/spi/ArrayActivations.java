package org.vecnn.spi;

import org.vecnn.Activation;

/**
 * Activations over row-major arrays on the Java heap, for backends that keep their data there: the entry
 * point by element type to {@link FloatActivations} (FLOAT32) and {@link DoubleActivations} (FLOAT64), where
 * the formulas are. Source and destination may be the same array (in place).
 */
public final class ArrayActivations {
    private ArrayActivations() {
    }

    /**
     * dst = g(src) over an m&times;n row-major block; see {@link FloatActivations#apply}.
     *
     * @param activation g
     * @param src m&middot;n source elements from index 0
     * @param dst m&middot;n destination elements from index 0; may be src
     * @param rows m
     * @param cols n
     */
    public static void apply(Activation activation, float[] src, float[] dst, int rows, int cols) {
        FloatActivations.apply(activation, src, dst, rows, cols);
    }

    /**
     * dst = g(src) over an m&times;n row-major block; see {@link DoubleActivations#apply}.
     *
     * @param activation g
     * @param src m&middot;n source elements from index 0
     * @param dst m&middot;n destination elements from index 0; may be src
     * @param rows m
     * @param cols n
     */
    public static void apply(Activation activation, double[] src, double[] dst, int rows, int cols) {
        DoubleActivations.apply(activation, src, dst, rows, cols);
    }
}
