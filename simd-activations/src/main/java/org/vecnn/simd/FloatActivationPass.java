// The FLOAT32 source of truth: DoubleActivationPass.java beside it is generated from this file by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java. Edit this file, then regenerate.
package org.vecnn.simd;

import java.nio.FloatBuffer;
import org.vecnn.Activation;
import org.vecnn.simd.lanes.FloatLaneActivations;
import org.vecnn.simd.lanes.VectorModule;
import org.vecnn.spi.FloatActivations;

/**
 * The activation pass of the CPU backends over FLOAT32 data: dst = g(src + bias), the bias added to every row,
 * row-wise for SOFTMAX and LOG_SOFTMAX. It runs in the Java Vector API's lanes (exp and tanh from FMA
 * polynomials, within the error bounds docs/conformance.md derives, inside the conformance kit's) where
 * {@link #lanesFor} says so, and with the api's reference formulas of {@link FloatActivations} otherwise: when
 * the JVM runs without {@code --add-modules jdk.incubator.vector}, when the system property
 * {@value #SWITCH}{@code =false} turns SIMD off (the project's switch, which also gives {@code loop} its scalar
 * kernels), and for rows shorter than one vector. relu and leaky relu give the reference's bits either way.
 *
 * <p>The choice depends on the JVM, the switch and the row length only, and every element of a row goes through
 * the same operations wherever a block starts, so results are repeatable: a batch gives, row for row, bitwise
 * what each row gives alone.
 */
public final class FloatActivationPass {
    /** System property: {@code false} computes with the api's scalar formulas even where the lanes can run. */
    public static final String SWITCH = VectorModule.SWITCH;

    // Row blocks of the buffer pass are copied to the heap in pieces of about this many elements.
    private static final int BUFFER_BLOCK = 1 << 14;

    private FloatActivationPass() {
    }

    /**
     * @return whether the lane-wise passes can run: the JVM has {@code jdk.incubator.vector} and {@value #SWITCH}
     *     is not {@code false}
     * @throws IllegalArgumentException when {@value #SWITCH} is set to something other than true or false
     */
    public static boolean lanes() {
        return VectorModule.PRESENT && VectorModule.requested();
    }

    /**
     * @param cols the length of the rows an activation runs over (a layer's units)
     * @return whether the lanes compute rows of that length: {@link #lanes()} and a row fills at least one
     *     vector; shorter rows (the seed's 3 units) are faster with the reference formulas. Decided by the row
     *     length only, so every row of a layer is computed alike, whatever the batch.
     * @throws IllegalArgumentException when {@value #SWITCH} is set to something other than true or false
     */
    public static boolean lanesFor(int cols) {
        return VectorModule.PRESENT && cols >= FloatLaneActivations.lanes() && VectorModule.requested();
    }

    /**
     * @param g the activation
     * @param cols the length of its rows
     * @return whether the lanes compute g over rows of that length: {@link #lanesFor(int)}, and for the row-wise
     *     activations {@link #lanes()} alone, since their lanes take rows of any length (one padded vector a row)
     *     and are faster than the reference's exp an element even on short rows
     * @throws IllegalArgumentException when {@value #SWITCH} is set to something other than true or false
     */
    public static boolean lanesFor(Activation g, int cols) {
        return g.isRowWise() ? lanes() : lanesFor(cols);
    }

    /**
     * dst = g(src + bias) over rows [rowFrom, rowTo) of an n-column row-major block, in the lanes where
     * {@link #lanesFor(Activation, int)}, by {@link FloatActivations#biasApply} otherwise.
     *
     * @param g the activation
     * @param src the block, from index 0
     * @param bias n elements, or null for none
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     * @throws IllegalArgumentException when the rows lie outside src or dst, or bias is shorter than n, naming
     *     the operation and the sizes
     */
    public static void biasApply(Activation g, float[] src, float[] bias, float[] dst, int rowFrom, int rowTo,
            int cols) {
        check(src.length, dst.length, bias == null ? -1 : bias.length, rowFrom, rowTo, cols);
        pass(g, src, bias, dst, rowFrom, rowTo, cols, lanesFor(g, cols));
    }

    /**
     * dst = g(src + bias) over rows [rowFrom, rowTo) of an n-column block in NIO buffers (off-heap memory, say),
     * as {@link #biasApply(Activation, float[], float[], float[], int, int, int)}: blocks of whole rows are
     * copied to a heap array in bulk, computed there and copied back, so the results are those of the array
     * pass.
     *
     * @param g the activation
     * @param src the block, from index 0
     * @param bias n elements, or null for none
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     * @throws IllegalArgumentException when the rows lie outside src or dst, or bias is shorter than n, naming
     *     the operation and the sizes
     */
    public static void biasApply(Activation g, FloatBuffer src, float[] bias, FloatBuffer dst, int rowFrom,
            int rowTo, int cols) {
        check(src.capacity(), dst.capacity(), bias == null ? -1 : bias.length, rowFrom, rowTo, cols);
        boolean useLanes = lanesFor(g, cols);
        int blockRows = Math.max(1, Math.min(rowTo - rowFrom, BUFFER_BLOCK / Math.max(1, cols)));
        float[] block = new float[blockRows * cols];
        for (int r = rowFrom; r < rowTo; r += blockRows) {
            int rows = Math.min(blockRows, rowTo - r);
            src.get(r * cols, block, 0, rows * cols);
            pass(g, block, bias, block, 0, rows, cols, useLanes);
            dst.put(r * cols, block, 0, rows * cols);
        }
    }

    /**
     * dst = g(src + bias) over an m&times;n block (bias added to every row), row-wise for SOFTMAX and
     * LOG_SOFTMAX, for a caller that has already decided whether to use the lanes (loop, whose scalar kernels
     * keep the reference formulas).
     *
     * @param g the activation
     * @param src m&middot;n elements from index 0
     * @param bias n elements, or null for none
     * @param dst m&middot;n elements from index 0, overwritten; may be src
     * @param rows m
     * @param cols n
     * @param useLanes false to compute with the reference formulas even where the lanes are available; the lanes
     *     run only where {@link #lanesFor(Activation, int)} holds as well
     */
    public static void biasApply(Activation g, float[] src, float[] bias, float[] dst, int rows, int cols,
            boolean useLanes) {
        pass(g, src, bias, dst, 0, rows, cols, useLanes && lanesFor(g, cols));
    }

    private static void pass(Activation g, float[] src, float[] bias, float[] dst, int rowFrom, int rowTo,
            int cols, boolean useLanes) {
        int rows = rowTo - rowFrom;
        int off = rowFrom * cols;
        if (!useLanes) {
            if (rowFrom == 0) {
                FloatActivations.biasApply(g, src, bias, dst, rows, cols);
            } else if (bias == null && g.isRowWise()) {
                FloatActivations.rowWise(g, src, dst, rowFrom, rowTo, cols);
            } else {
                if (src != dst) {
                    System.arraycopy(src, off, dst, off, rows * cols);
                }
                if (bias == null) {
                    for (int i = off; i < off + rows * cols; i++) {
                        dst[i] = FloatActivations.activate(g, dst[i]);
                    }
                } else {
                    FloatActivations.biasActivate(g, dst, off, cols, rows, cols, bias, 0);
                    if (g.isRowWise()) {
                        FloatActivations.rowWise(g, dst, dst, rowFrom, rowTo, cols);
                    }
                }
            }
            return;
        }
        if (g.kind() == Activation.Kind.LINEAR && bias == null) {
            if (src != dst) {
                System.arraycopy(src, off, dst, off, rows * cols);
            }
            return;
        }
        if (g.isRowWise() && bias == null) {
            FloatLaneActivations.rowWise(g, src, dst, rowFrom, rowTo, cols);
            return;
        }
        // rows·cols as one row when there is no bias: no tail per row
        if (bias == null) {
            FloatLaneActivations.biasActivate(g, src, null, dst, off, 0, 1, rows * cols, 0);
        } else {
            FloatLaneActivations.biasActivate(g, src, bias, dst, off, cols, rows, cols, 0);
        }
        if (g.isRowWise()) {
            FloatLaneActivations.rowWise(g, dst, dst, rowFrom, rowTo, cols);
        }
    }

    private static void check(long srcLength, long dstLength, int biasLength, int rowFrom, int rowTo, int cols) {
        long end = (long) rowTo * cols;
        if (rowFrom < 0 || rowTo < rowFrom || cols < 0 || end > srcLength || end > dstLength
                || (biasLength >= 0 && biasLength < cols)) {
            throw new IllegalArgumentException("biasApply: rows [" + rowFrom + ", " + rowTo + ") of " + cols
                    + " columns do not fit src of " + srcLength + " elements, dst of " + dstLength
                    + (biasLength >= 0 ? " and a bias of " + biasLength : "") + " elements");
        }
    }
}
