package org.vecnn.backend.loop;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.spi.AbstractMatrix;

/**
 * A matrix on the Java heap: one row-major {@code float[]} (FLOAT32) or {@code double[]} (FLOAT64). The
 * base class has validated every operand before a kernel here runs.
 */
final class LoopMatrix extends AbstractMatrix {
    // Side length of the square blocks a transpose walks, so both the rows read and the rows written stay
    // in L1 (32·32 doubles = 8 KiB each).
    private static final int TRANSPOSE_BLOCK = 32;

    final float[] floats;
    final double[] doubles;
    private final LoopKernels kernels;
    // Counts the writes into this matrix, so that a layer's packed copy of its W knows when it is stale.
    private volatile long version;

    LoopMatrix(LoopBackend backend, int rows, int cols, float[] data) {
        super(backend, rows, cols, Precision.FLOAT32);
        this.floats = data;
        this.doubles = null;
        this.kernels = backend.kernels();
    }

    LoopMatrix(LoopBackend backend, int rows, int cols, double[] data) {
        super(backend, rows, cols, Precision.FLOAT64);
        this.floats = null;
        this.doubles = data;
        this.kernels = backend.kernels();
    }

    /** @return how many times this matrix has been written since it was created */
    long version() {
        return version;
    }

    /**
     * Records that the array was written. Every write into an existing matrix calls it after writing (the
     * operations with this matrix as their output, and any kernel that updates it in place), so that copies
     * derived from it are refreshed.
     */
    void written() {
        version++; // not atomic: two threads writing one matrix at once give an undefined result anyway
    }

    @Override
    protected double element(int row, int col) {
        int i = row * cols() + col;
        return floats != null ? floats[i] : doubles[i];
    }

    @Override
    protected float[] readFloats() {
        if (floats != null) {
            return floats.clone();
        }
        float[] copy = new float[doubles.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = (float) doubles[i];
        }
        return copy;
    }

    @Override
    protected double[] readDoubles() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] copy = new double[floats.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = floats[i];
        }
        return copy;
    }

    @Override
    protected void matmulInto(Matrix b, Matrix out) {
        LoopMatrix right = (LoopMatrix) b;
        LoopMatrix result = (LoopMatrix) out;
        if (floats != null) {
            kernels.matmul(floats, right.floats, result.floats, rows(), cols(), b.cols());
        } else {
            kernels.matmul(doubles, right.doubles, result.doubles, rows(), cols(), b.cols());
        }
        result.written();
    }

    @Override
    protected void addRowVectorInto(Matrix row, Matrix out) {
        LoopMatrix v = (LoopMatrix) row;
        LoopMatrix result = (LoopMatrix) out;
        if (floats != null) {
            kernels.activate(Activation.LINEAR, floats, v.floats, result.floats, rows(), cols());
        } else {
            kernels.activate(Activation.LINEAR, doubles, v.doubles, result.doubles, rows(), cols());
        }
        result.written();
    }

    @Override
    protected void applyInto(Activation activation, Matrix out) {
        LoopMatrix result = (LoopMatrix) out;
        if (floats != null) {
            kernels.activate(activation, floats, null, result.floats, rows(), cols());
        } else {
            kernels.activate(activation, doubles, null, result.doubles, rows(), cols());
        }
        result.written();
    }

    @Override
    protected void transposeInto(Matrix out) {
        LoopMatrix result = (LoopMatrix) out;
        int m = rows();
        int n = cols();
        for (int r0 = 0; r0 < m; r0 += TRANSPOSE_BLOCK) {
            int r1 = Math.min(m, r0 + TRANSPOSE_BLOCK);
            for (int c0 = 0; c0 < n; c0 += TRANSPOSE_BLOCK) {
                int c1 = Math.min(n, c0 + TRANSPOSE_BLOCK);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        if (floats != null) {
                            result.floats[c * m + r] = floats[r * n + c];
                        } else {
                            result.doubles[c * m + r] = doubles[r * n + c];
                        }
                    }
                }
            }
        }
        result.written();
    }

    @Override
    protected void release() {
        // heap memory: the garbage collector frees it once the matrix is unreachable
    }
}
