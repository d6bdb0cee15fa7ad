package org.vecnn.model;

import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.stream.IntStream;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * Writes predictions as CSV, one line per input row: the outputs separated by commas, each printed by
 * {@link ShortestDecimal} in the network's precision (so a FLOAT32 output reads back to the same float), or
 * with {@code argmax} the class label alone: the index of the largest output, the first one on ties or the
 * first NaN (as NumPy's argmax), and for a network with a single output (binary logistic regression, as
 * scikit-learn saves it) 1 when the output is at least 0.5, else 0.
 */
public final class PredictionWriter implements Flushable {
    private static final int PARALLEL_ROWS = 256;

    private final Writer out;
    private final boolean argmax;

    /**
     * @param out where the lines go; not closed by this writer
     * @param argmax true for class labels, false for the outputs themselves
     */
    public PredictionWriter(Writer out, boolean argmax) {
        this.out = out;
        this.argmax = argmax;
    }

    /**
     * Writes one line per row of a batch of outputs.
     *
     * @param outputs batch&times;outputs, left open
     * @throws IOException when writing fails
     */
    public void write(Matrix outputs) throws IOException {
        int rows = outputs.rows();
        int cols = outputs.cols();
        if (argmax) {
            double[] v = outputs.toDoubleArray();
            StringBuilder s = new StringBuilder(rows * 3);
            for (int r = 0; r < rows; r++) {
                s.append(label(v, r * cols, cols)).append('\n');
            }
            out.write(s.toString());
            return;
        }
        // Shortest printing costs microseconds per value; rows are independent, so a large batch is split.
        String[] lines;
        if (outputs.precision() == Precision.FLOAT32) {
            float[] v = outputs.toFloatArray();
            IntStream range = IntStream.range(0, rows);
            lines = (rows >= PARALLEL_ROWS ? range.parallel() : range).mapToObj(r -> {
                StringBuilder s = new StringBuilder(cols * 12);
                for (int c = 0; c < cols; c++) {
                    s.append(c == 0 ? "" : ",").append(ShortestDecimal.toString(v[r * cols + c]));
                }
                return s.append('\n').toString();
            }).toArray(String[]::new);
        } else {
            double[] v = outputs.toDoubleArray();
            IntStream range = IntStream.range(0, rows);
            lines = (rows >= PARALLEL_ROWS ? range.parallel() : range).mapToObj(r -> {
                StringBuilder s = new StringBuilder(cols * 20);
                for (int c = 0; c < cols; c++) {
                    s.append(c == 0 ? "" : ",").append(ShortestDecimal.toString(v[r * cols + c]));
                }
                return s.append('\n').toString();
            }).toArray(String[]::new);
        }
        for (String line : lines) {
            out.write(line);
        }
    }

    /**
     * The class label of one row of outputs, as described above.
     *
     * @param values row-major outputs
     * @param offset where the row starts
     * @param cols the number of outputs
     * @return the label
     */
    public static int label(double[] values, int offset, int cols) {
        if (cols == 1) {
            return values[offset] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int c = 0; c < cols; c++) {
            double v = values[offset + c];
            if (Double.isNaN(v)) {
                return c;
            }
            if (v > values[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
