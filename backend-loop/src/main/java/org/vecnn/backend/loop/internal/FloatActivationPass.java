// The FLOAT32 source of truth: DoubleActivationPass.java beside it is generated from this file by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java. Edit this file, then regenerate.
package org.vecnn.backend.loop.internal;

import org.vecnn.Activation;
import org.vecnn.spi.FloatActivations;

/**
 * The fastest activation pass over FLOAT32 arrays this JVM has: {@link FloatLaneActivations} (the Vector
 * API's lanes, within its documented error bound) where the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, {@link FloatActivations} (the reference formulas) otherwise, or when a caller asks
 * for the reference, or when rows are shorter than one vector ({@link #lanesFor}; SOFTMAX excepted: its rows of
 * any length run in the lanes). The choice depends on the JVM, the activation and the row length only, so results
 * are repeatable.
 */
public final class FloatActivationPass {
    private FloatActivationPass() {
    }

    /** @return whether the lane-wise passes can be used: the JVM has {@code jdk.incubator.vector} */
    public static boolean lanes() {
        return VectorModule.PRESENT;
    }

    /**
     * @param cols the length of the rows an activation runs over (a layer's units)
     * @return whether the lanes compute rows of that length: the JVM has the Vector API and a row fills at least
     *     one vector; shorter rows (the seed's 3 units) are faster with the reference formulas. Decided by the
     *     row length only, so every row of a layer is computed alike, whatever the batch.
     */
    public static boolean lanesFor(int cols) {
        return VectorModule.PRESENT && cols >= FloatLaneActivations.lanes();
    }

    /**
     * dst = g(src + bias) over an m&times;n block (bias added to every row), row-wise for SOFTMAX.
     *
     * @param g the activation
     * @param src m&middot;n elements from index 0
     * @param bias n elements, or null for none
     * @param dst m&middot;n elements from index 0, overwritten; may be src
     * @param rows m
     * @param cols n
     * @param useLanes false to compute with the reference formulas even where the lanes are available
     */
    public static void biasApply(Activation g, float[] src, float[] bias, float[] dst, int rows, int cols,
            boolean useLanes) {
        if (useLanes && lanes() && g.isRowWise() && !lanesFor(cols)) {
            // SOFTMAX over rows shorter than one vector still runs in the lanes (one padded vector a row), several
            // times faster than the reference's two exp an element; the bias alone is added alike on both paths
            FloatActivations.biasApply(Activation.LINEAR, src, bias, dst, rows, cols);
            FloatLaneActivations.softmaxRows(dst, dst, 0, rows, cols);
            return;
        }
        if (!(useLanes && lanesFor(cols))) {
            FloatActivations.biasApply(g, src, bias, dst, rows, cols);
            return;
        }
        if (g == Activation.LINEAR && bias == null) {
            if (src != dst) {
                System.arraycopy(src, 0, dst, 0, rows * cols);
            }
            return;
        }
        if (g.isRowWise() && bias == null) {
            FloatLaneActivations.softmaxRows(src, dst, 0, rows, cols);
            return;
        }
        // rows·cols as one row when there is no bias: no tail per row
        if (bias == null) {
            FloatLaneActivations.biasActivate(g, src, null, dst, 0, 0, 1, rows * cols, 0);
        } else {
            FloatLaneActivations.biasActivate(g, src, bias, dst, 0, cols, rows, cols, 0);
        }
        if (g.isRowWise()) {
            FloatLaneActivations.softmaxRows(dst, dst, 0, rows, cols);
        }
    }
}
