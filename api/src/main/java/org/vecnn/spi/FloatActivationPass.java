// The FLOAT32 source of truth: DoubleActivationPass.java beside it is generated from this file by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java. Edit this file, then regenerate.
package org.vecnn.spi;

import java.nio.FloatBuffer;
import org.vecnn.Activation;

/**
 * The fastest activation pass over FLOAT32 arrays this JVM has: {@link FloatLaneActivations} (the Vector
 * API's lanes, within its documented error bound) where the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, {@link FloatActivations} (the reference formulas) otherwise, or when a caller asks
 * for the reference, or when rows are shorter than one vector ({@link #lanesFor}). The choice depends on the JVM
 * and the row length only, so results are repeatable.
 */
public final class FloatActivationPass {
    /** Elements of an off-heap block copied to the heap at once: a block stays in L1/L2 while it is computed. */
    private static final int COPY_ELEMENTS = 4096;

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

    /**
     * dst = g(src + bias) over rows [rowFrom, rowTo) of an n-column block in NIO buffers (off-heap memory,
     * say): blocks of rows are copied to the heap in bulk, computed there as {@link #biasApply(Activation,
     * float[], float[], float[], int, int, boolean)} does, and copied back.
     *
     * @param g the activation
     * @param src the block, from index 0
     * @param bias n elements, or null for none
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     */
    public static void biasApply(Activation g, FloatBuffer src, float[] bias, FloatBuffer dst, int rowFrom,
            int rowTo, int cols) {
        if (!lanesFor(cols)) {
            FloatActivations.biasApply(g, src, bias, dst, rowFrom, rowTo, cols);
            return;
        }
        int rowsPerCopy = Math.max(1, Math.min(rowTo - rowFrom, COPY_ELEMENTS / Math.max(1, cols)));
        float[] block = new float[rowsPerCopy * cols];
        for (int r = rowFrom; r < rowTo; r += rowsPerCopy) {
            int rows = Math.min(rowsPerCopy, rowTo - r);
            src.get(r * cols, block, 0, rows * cols);
            biasApply(g, block, bias, block, rows, cols, true);
            dst.put(r * cols, block, 0, rows * cols);
        }
    }
}
