package org.vecnn.model;

import java.io.IOException;
import java.util.Arrays;
import org.vecnn.Matrix;
import org.vecnn.Network;

/**
 * Runs a network over a stream of rows, batch by batch: each batch is uploaded, run through the network
 * (whose weights were uploaded once, when it was built) and written, so memory stays bounded by the batch
 * whatever the size of the input.
 */
public final class Predictor {

    /** Told after each batch how far the run has got. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param rows the rows predicted so far
         * @param fraction the fraction of the input consumed, in [0, 1], or NaN when unknown
         */
        void update(long rows, double fraction);
    }

    /** The share of the maximum heap ({@code -Xmx}) one batch of input values may take: a quarter. */
    public static final int BATCH_HEAP_SHARE_DIVISOR = 4;

    private Predictor() {
    }

    /**
     * Checks, before anything is allocated, that a batch of rows fits: batch&middot;columns values, 8 bytes
     * each, may take at most a quarter of the maximum heap (the outputs, the backend's copy and the text
     * written need the rest), and at most {@link org.vecnn.Matrix#MAX_ELEMENTS} values.
     *
     * @param batch the rows per batch
     * @param columns the values per row
     * @throws IllegalArgumentException when batch &lt; 1 or the batch is over either limit, naming the limit
     */
    public static void checkBatch(int batch, int columns) {
        if (batch < 1) {
            throw new IllegalArgumentException("predict: batch must be at least 1, got " + batch);
        }
        long values = (long) batch * columns;
        if (values > org.vecnn.Matrix.MAX_ELEMENTS) {
            throw new IllegalArgumentException("predict: a batch of " + batch + " rows of " + columns
                    + " values is larger than one array can hold (" + org.vecnn.Matrix.MAX_ELEMENTS
                    + " values); use a smaller batch");
        }
        long limit = Runtime.getRuntime().maxMemory() / BATCH_HEAP_SHARE_DIVISOR;
        if (values * Double.BYTES > limit) {
            throw new IllegalArgumentException("predict: a batch of " + batch + " rows of " + columns
                    + " values needs " + values * Double.BYTES + " bytes, more than the limit of " + limit
                    + " bytes (a quarter of the maximum heap, -Xmx); use a batch of at most "
                    + Math.max(1, limit / Double.BYTES / columns) + " rows");
        }
    }

    /**
     * Predicts every row of a source.
     *
     * @param network the network, left open
     * @param rows the rows, each network.inputs() values; left open
     * @param batch the rows per batch, &ge; 1
     * @param out where the predictions go
     * @param progress told after each batch; may be null
     * @return the number of rows predicted
     * @throws IllegalArgumentException when batch &lt; 1, a batch would take more memory than
     *     {@link #checkBatch} allows, or the source's columns differ from the network's inputs
     * @throws InputFormatException when a row is malformed, naming its line; the rows before it were written
     * @throws IOException when reading or writing fails
     */
    public static long predict(Network network, RowSource rows, int batch, PredictionWriter out, Progress progress)
            throws IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("predict: batch must be at least 1, got " + batch);
        }
        int cols = network.inputs();
        if (rows.columns() != cols) {
            throw new IllegalArgumentException("predict: " + rows.name() + " has " + rows.columns()
                    + " columns, but the network takes " + cols + " inputs");
        }
        checkBatch(batch, cols);
        double[] buffer = new double[batch * cols];
        long total = 0;
        while (true) {
            int n = rows.read(buffer, batch);
            if (n == 0) {
                break;
            }
            double[] data = n == batch ? buffer : Arrays.copyOf(buffer, n * cols);
            try (Matrix input = network.backend().matrix(n, cols, data, network.precision());
                    Matrix output = network.forward(input)) {
                out.write(output);
            }
            total += n;
            if (progress != null) {
                progress.update(total, rows.progress());
            }
        }
        out.flush();
        return total;
    }
}
