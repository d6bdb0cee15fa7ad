package org.vecnn.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.vecnn.Activation;
import org.vecnn.spi.ArrayActivations;

/**
 * Bias and activations over the off-heap memory of ND4J arrays. What goes through the heap, and why: one row
 * at a time is read in bulk into a reused row array of n elements (it stays in L1), biased, computed by
 * {@link ArrayActivations} and written back in bulk; nothing else is allocated or copied. The activation
 * formulas exist once, over arrays, in {@link ArrayActivations} (the api's own semantics, FLOAT32 evaluated in
 * double and rounded once); computing on the buffer directly would need a second copy of every formula over
 * NIO buffers. ND4J's transforms are not used because they differ from the api's contract (its float tanh
 * loses all relative accuracy near 0: tanh(1e-8f) gives 0) and each native op adds a call overhead that
 * dominates small layers (docs/nd4j-backend.md, "Figures").
 */
final class Nd4jKernels {
    /**
     * Outputs of at least this many elements are split by rows over the common fork-join pool (its
     * measurement: docs/benchmarks.md, "Figures behind constants"). Each element is computed alone, so the split changes no bit
     * of the result.
     */
    static final int PARALLEL_FROM = 1 << 14;

    private Nd4jKernels() {
    }

    /** dst = src + row broadcast over rows, m&times;n; dst may be src. */
    static void addRow(FloatBuffer src, FloatBuffer row, FloatBuffer dst, int m, int n) {
        apply(Activation.LINEAR, src, row, dst, m, n);
    }

    /** dst = src + row broadcast over rows, m&times;n; dst may be src. */
    static void addRow(DoubleBuffer src, DoubleBuffer row, DoubleBuffer dst, int m, int n) {
        apply(Activation.LINEAR, src, row, dst, m, n);
    }

    /**
     * dst = g(src + bias), the bias broadcast over rows; without a bias, dst = g(src). The sum is rounded to
     * float before g, as the unfused addRowVector-then-apply stores it. dst may be src.
     */
    static void apply(Activation g, FloatBuffer src, FloatBuffer bias, FloatBuffer dst, int m, int n) {
        int blocks = blocks(m, n);
        if (blocks == 1) {
            rows(g, src, bias, dst, n, 0, m);
        } else {
            IntStream.range(0, blocks).parallel().forEach(b -> rows(g, src, bias, dst, n,
                    (int) ((long) m * b / blocks), (int) ((long) m * (b + 1) / blocks)));
        }
    }

    /** dst = g(src + bias), the bias broadcast over rows; without a bias, dst = g(src). dst may be src. */
    static void apply(Activation g, DoubleBuffer src, DoubleBuffer bias, DoubleBuffer dst, int m, int n) {
        int blocks = blocks(m, n);
        if (blocks == 1) {
            rows(g, src, bias, dst, n, 0, m);
        } else {
            IntStream.range(0, blocks).parallel().forEach(b -> rows(g, src, bias, dst, n,
                    (int) ((long) m * b / blocks), (int) ((long) m * (b + 1) / blocks)));
        }
    }

    private static int blocks(int m, int n) {
        if (m < 2 || (long) m * n < PARALLEL_FROM) {
            return 1;
        }
        return Math.min(m, 4 * ForkJoinPool.getCommonPoolParallelism());
    }

    private static void rows(Activation g, FloatBuffer src, FloatBuffer bias, FloatBuffer dst, int n, int from,
            int to) {
        float[] row = new float[n];
        float[] b = null;
        if (bias != null) {
            b = new float[n];
            bias.get(0, b);
        }
        for (int i = from; i < to; i++) {
            src.get(i * n, row);
            if (b != null) {
                for (int j = 0; j < n; j++) {
                    row[j] += b[j];
                }
            }
            ArrayActivations.apply(g, row, row, 1, n);
            dst.put(i * n, row);
        }
    }

    private static void rows(Activation g, DoubleBuffer src, DoubleBuffer bias, DoubleBuffer dst, int n, int from,
            int to) {
        double[] row = new double[n];
        double[] b = null;
        if (bias != null) {
            b = new double[n];
            bias.get(0, b);
        }
        for (int i = from; i < to; i++) {
            src.get(i * n, row);
            if (b != null) {
                for (int j = 0; j < n; j++) {
                    row[j] += b[j];
                }
            }
            ArrayActivations.apply(g, row, row, 1, n);
            dst.put(i * n, row);
        }
    }
}
