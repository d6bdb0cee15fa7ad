package org.vecnn.backend.cuda;

import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * Host-side launch arithmetic for the kernels in {@code src/main/cuda}: grid sizes, which GEMM variant
 * applies and the tile order of the GEMM grid (mirroring the kernel, so that tests can check it).
 */
final class LaunchGeometry {
    static final int GEMM_THREADS = 256;
    static final int GEMM_BK = 16;
    static final int GEMM_GROUP_M = 8;
    static final int ELEMENTWISE_THREADS = 256;
    static final int TRANSPOSE_TILE = 32;
    static final int TRANSPOSE_ROWS_PER_PASS = 8;
    static final int MAX_GRID_Y = 65535;
    /** The smallest part of K a split-K block sums: 4 slices of {@link #GEMM_BK}. */
    static final int SPLIT_K_MIN_CHUNK = 64;
    /** At most this many slabs: each costs M·N elements of scratch memory and one more read in the sum. */
    static final int SPLIT_K_MAX = 16;

    private LaunchGeometry() {
    }

    /** @return the edge of the square C tile one GEMM block computes: 128 (FLOAT32) or 64 (FLOAT64) */
    static int gemmTile(Precision precision) {
        return precision == Precision.FLOAT32 ? 128 : 64;
    }

    /** @return elements per 16-byte vector: 4 (FLOAT32) or 2 (FLOAT64) */
    static int vectorWidth(Precision precision) {
        return precision == Precision.FLOAT32 ? 4 : 2;
    }

    /**
     * The *_vec kernels load whole 16-byte vectors along rows of A (length k) and B (length n); every row
     * then starts 16-byte aligned, given an aligned allocation, only when both are multiples of the width.
     */
    static boolean gemmVectorized(Precision precision, int n, int k) {
        int w = vectorWidth(precision);
        return n % w == 0 && k % w == 0;
    }

    /** @return the one-dimensional GEMM grid: one block per C tile */
    static int gemmBlocks(Precision precision, int m, int n) {
        int tile = gemmTile(precision);
        long blocks = (long) ceilDiv(m, tile) * ceilDiv(n, tile);
        if (blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul: " + m + "×" + n + " needs " + blocks
                    + " GEMM tiles, more than a CUDA grid holds");
        }
        return (int) blocks;
    }

    /**
     * Split-K for products with fewer C tiles than the GPU has multiprocessors (a dense layer of a small batch:
     * 784&rarr;256 at batch 1024 is 16 tiles of 128&times;128 for 132 SMs): K is cut into chunks, one grid row of
     * blocks per chunk, each summing into its own slab, and {@code splitk_sum} adds the slabs. The splits fill
     * the multiprocessors about once (more would start a second, mostly idle wave) and keep every chunk at
     * least {@link #SPLIT_K_MIN_CHUNK} deep.
     *
     * @return {splits, chunk}: {1, k} when the product is not split; otherwise every chunk is a multiple of
     *     {@link #GEMM_BK}, {@code (splits - 1) * chunk < k <= splits * chunk}
     */
    static int[] gemmSplitK(Precision precision, int m, int n, int k, int multiprocessors) {
        long tiles = (long) ceilDiv(m, gemmTile(precision)) * ceilDiv(n, gemmTile(precision));
        long wanted = Math.min(Math.min(multiprocessors / Math.max(1, tiles), k / SPLIT_K_MIN_CHUNK), SPLIT_K_MAX);
        if (wanted < 2) {
            return new int[] {1, k};
        }
        int chunk = ceilDiv(ceilDiv(k, (int) wanted), GEMM_BK) * GEMM_BK;
        return new int[] {ceilDiv(k, chunk), chunk};
    }

    /**
     * The C tile that GEMM block {@code pid} computes, exactly as the kernel derives it: tiles are visited
     * in groups of {@link #GEMM_GROUP_M} tile rows, column by column inside a group, so that blocks running
     * together share panels of B in L2.
     *
     * @return {tile row, tile column}
     */
    static int[] gemmTileOf(int pid, int tilesM, int tilesN) {
        int perGroup = GEMM_GROUP_M * tilesN;
        int firstM = (pid / perGroup) * GEMM_GROUP_M;
        int groupM = Math.min(tilesM - firstM, GEMM_GROUP_M);
        return new int[] {firstM + (pid % perGroup) % groupM, (pid % perGroup) / groupM};
    }

    /** @return blocks for the grid-stride element-wise kernels: enough to fill the GPU, no more */
    static int elementwiseBlocks(long elements, int multiprocessors) {
        long needed = (elements + ELEMENTWISE_THREADS - 1) / ELEMENTWISE_THREADS;
        long fill = 32L * Math.max(1, multiprocessors);
        return (int) Math.max(1, Math.min(needed, fill));
    }

    /**
     * The GEMM kernel for op(a)·op(b): {@code gemm_f32}/{@code gemm_f64}, with {@code _vec} for plain operands
     * whose rows allow 16-byte loads, {@code _ta}, {@code _tb} or {@code _tatb} for a transposed operand.
     */
    static String gemmKernel(Precision precision, boolean transposeA, boolean transposeB, int n, int k) {
        String kernel = precision == Precision.FLOAT32 ? "gemm_f32" : "gemm_f64";
        if (transposeA || transposeB) {
            return kernel + "_" + (transposeA ? "ta" : "") + (transposeB ? "tb" : "");
        }
        return gemmVectorized(precision, n, k) ? kernel + "_vec" : kernel;
    }

    /** @return blocks for column_sums: one thread per column, enough to fill the GPU, no more */
    static int columnSumBlocks(int cols, int multiprocessors) {
        return elementwiseBlocks(cols, multiprocessors);
    }

    /**
     * @return blocks for activation_backward: one thread per element, or per row for softmax and log-softmax
     */
    static int activationBackwardBlocks(Activation activation, int rows, int cols, int multiprocessors) {
        return elementwiseBlocks(activation.isRowWise() ? rows : (long) rows * cols, multiprocessors);
    }

    /**
     * The training kernels' code for an activation: {@link #activationCode}, and 4 for SOFTMAX, 6 for
     * LOG_SOFTMAX (the row-wise kinds, whose forward passes have kernels of their own).
     */
    static int trainingActivationCode(Activation activation) {
        switch (activation.kind()) {
            case SOFTMAX:
                return 4;
            case LOG_SOFTMAX:
                return 6;
            default:
                return activationCode(activation);
        }
    }

    /** @return the slope the kernels take beside the activation code: the leaky ReLU's, 0 for the others */
    static double activationSlope(Activation activation) {
        return activation.kind() == Activation.Kind.LEAKY_RELU ? activation.alpha() : 0;
    }

    /** The loss code of training.cu ({@code LOSS_*}): MSE, BCE, CCE by name. */
    static int lossCode(Loss loss) {
        switch (loss) {
            case MEAN_SQUARED_ERROR:
                return 0;
            case BINARY_CROSS_ENTROPY:
                return 1;
            case CATEGORICAL_CROSS_ENTROPY:
                return 2;
            default:
                throw new IllegalArgumentException("loss: no kernel code for " + loss);
        }
    }

    /**
     * The update rule of training.cu ({@code RULE_*}) for an optimizer with that many state matrices: SGD
     * (no state), MOMENTUM, NESTEROV, or ADAM (Adam and AdamW, which differ by the decay flag).
     */
    static int optimizerRule(Optimizer optimizer, int states) {
        switch (optimizer.kind()) {
            case SGD:
                return states == 0 ? 0 : optimizer.nesterov() ? 2 : 1;
            case ADAM:
            case ADAMW:
                return 3;
            default:
                throw new IllegalArgumentException("update: no kernel rule for " + optimizer.kind());
        }
    }

    /** @return blocks for the row-wise softmax and log-softmax: one per row, grid-stride beyond 65535 rows */
    static int softmaxBlocks(int rows) {
        return Math.min(rows, MAX_GRID_Y);
    }

    /** @return {grid x, grid y} for the transpose of a rows×cols matrix (blocks of 32×8 threads) */
    static int[] transposeGrid(int rows, int cols) {
        return new int[] {ceilDiv(cols, TRANSPOSE_TILE), Math.min(ceilDiv(rows, TRANSPOSE_TILE), MAX_GRID_Y)};
    }

    /**
     * The activation code the kernels understand ({@code ACT_*} in vecnn_common.cuh), by kind rather than
     * by ordinal; a leaky ReLU's slope goes beside it ({@link #activationSlope}). SOFTMAX and LOG_SOFTMAX have
     * their own kernels.
     */
    static int activationCode(Activation activation) {
        switch (activation.kind()) {
            case LINEAR:
                return 0;
            case SIGMOID:
                return 1;
            case RELU:
                return 2;
            case TANH:
                return 3;
            case LEAKY_RELU:
                return 5;
            default:
                throw new IllegalArgumentException("no element-wise kernel code for " + activation);
        }
    }

    static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }
}
