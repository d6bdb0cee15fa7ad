package org.vecnn.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.vecnn.Precision;
import org.vecnn.model.InputFormatException;
import org.vecnn.model.Npy;
import org.vecnn.model.NpyArray;
import org.vecnn.model.RowSource;
import org.vecnn.train.Dataset;

/**
 * Reads the rows of {@code vecnn train} whole into the heap and checks them, naming the file and the row at
 * fault: features (rows &times; columns) and labels or targets. Every value must be finite; a label file of one
 * column holds class indices when the network has several outputs.
 */
final class TrainingData {
    private TrainingData() {
    }

    /**
     * Reads features and targets. The label file holds either one class index per line (0 to outputs&minus;1,
     * for a network of several outputs) or one row of {@code outputs} target values per line; for
     * {@code binaryTargets} every target must lie in [0, 1].
     *
     * @param features a CSV file (no header) or a 2-D {@code .npy}
     * @param labels a CSV file or a 1-D or 2-D {@code .npy}
     * @param columns the feature count the network takes, or 0 to take it from the file
     * @param outputs the network's outputs
     * @param binaryTargets whether targets are probabilities (binary cross-entropy)
     * @return the data set: labelled for class indices, else of target rows
     * @throws InputFormatException naming the file, the row and the value at fault
     * @throws IOException when a file cannot be read
     */
    static Dataset read(Path features, Path labels, int columns, int outputs, boolean binaryTargets)
            throws IOException {
        Table x = Table.read(features, columns);
        if (x.rows == 0) {
            throw new InputFormatException(features + ": no rows: the file is empty", 0);
        }
        x.checkFinite(features);
        Table t = Table.read(labels, 0);
        if (t.rows != x.rows) {
            throw new InputFormatException(labels + ": " + t.rows + " label row" + (t.rows == 1 ? "" : "s") + ", but "
                    + features + " has " + x.rows + " rows; each data row needs one label row", 0);
        }
        t.checkFinite(labels);
        if (columns > 0 && x.columns != columns) {
            throw new InputFormatException(features + ": " + x.columns + " values per row, but the network takes "
                    + columns + " inputs", 1);
        }
        if (t.columns == 1 && outputs > 1) {
            int[] classes = new int[t.rows];
            for (int r = 0; r < t.rows; r++) {
                double label = t.values[r];
                if (label != Math.rint(label) || label < 0 || label >= outputs) {
                    throw new InputFormatException(labels + " row " + (r + 1) + ": label " + Text.compact(label,
                            Precision.FLOAT64) + " is not a class of the network's " + outputs + " outputs (an "
                            + "integer from 0 to " + (outputs - 1) + ")", r + 1);
                }
                classes[r] = (int) label;
            }
            return Dataset.ofLabels(x.rows, x.columns, x.values, classes);
        }
        if (t.columns == outputs) {
            double[] y = t.values;
            if (binaryTargets) {
                for (int i = 0; i < y.length; i++) {
                    if (y[i] < 0 || y[i] > 1) {
                        throw new InputFormatException(labels + " row " + (i / outputs + 1) + ", column "
                                + (i % outputs + 1) + ": target " + Text.compact(y[i], Precision.FLOAT64)
                                + " is not in [0, 1], as binary cross-entropy needs", i / outputs + 1);
                    }
                }
            }
            return Dataset.ofTargets(x.rows, x.columns, x.values, outputs, y);
        }
        throw new InputFormatException(labels + ": " + t.columns + " values per row, but the network has "
                    + outputs + " output" + (outputs == 1 ? "" : "s") + "; give one class index per row"
                    + (outputs > 1 ? "" : " (for several outputs)") + " or one row of " + outputs + " target value"
                    + (outputs == 1 ? "" : "s"), 1);
    }

    /** A numeric file read whole. */
    private static final class Table {
        final double[] values;
        final int rows;
        final int columns;

        Table(double[] values, int rows, int columns) {
            this.values = values;
            this.rows = rows;
            this.columns = columns;
        }

        static Table read(Path file, int columns) throws IOException {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such file");
            }
            if (file.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                NpyArray a = Npy.read(file);
                if (!a.isNumeric() || a.ndim() < 1 || a.ndim() > 2) {
                    throw new InputFormatException(file + ": a " + a.shapeText() + " array of " + a.descr()
                            + "; expected a 1-D or 2-D array of numbers", 0);
                }
                int rows = a.shape()[0];
                int cols = a.ndim() == 2 ? a.shape()[1] : 1;
                if (columns > 0 && cols != columns) {
                    throw new InputFormatException(file + ": " + cols + " values per row, but the network takes "
                            + columns + " inputs", 0);
                }
                return new Table(a.toDoubleArray(), rows, cols);
            }
            int cols = columns > 0 ? columns : firstRowWidth(file);
            if (cols == 0) {
                return new Table(new double[0], 0, 0);
            }
            int chunk = Math.max(1, Math.min(1024, (1 << 20) / cols));
            double[] part = new double[chunk * cols];
            double[] values = new double[chunk * cols];
            int rows = 0;
            try (RowSource source = RowSource.open(file, cols, Precision.FLOAT64)) {
                int n;
                while ((n = source.read(part, chunk)) > 0) {
                    long needed = (long) (rows + n) * cols;
                    if (needed > Integer.MAX_VALUE - 8) {
                        throw new InputFormatException(file + ": more than " + rows + " rows of " + cols
                                + " values, more than one array can hold", rows);
                    }
                    if (needed > values.length) {
                        values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8,
                                Math.max(needed, 2L * values.length)));
                    }
                    System.arraycopy(part, 0, values, rows * cols, n * cols);
                    rows += n;
                }
            }
            return new Table(Arrays.copyOf(values, rows * cols), rows, cols);
        }

        // The values of the first non-blank line, counted as the CSV reader counts them (a byte-order mark
        // dropped); 0 for a file of blank lines.
        private static int firstRowWidth(Path file) throws IOException {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                int c;
                int limit = RowSource.MIN_MAX_LINE_CHARS;
                while ((c = in.read()) >= 0) {
                    if (c == '\n' || c == '\r') {
                        if (!line.toString().isBlank()) {
                            break;
                        }
                        line.setLength(0);
                        continue;
                    }
                    if (line.length() >= limit) {
                        throw new InputFormatException(file + ": a line longer than " + limit
                                + " characters; is this a CSV file of rows, one per line?", 0);
                    }
                    line.append((char) c);
                }
                String text = line.toString().replace("\uFEFF", "");
                if (text.isBlank()) {
                    return 0;
                }
                int count = 1;
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) == ',') {
                        count++;
                    }
                }
                return count;
            }
        }

        void checkFinite(Path file) {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    int row = i / columns + 1;
                    throw new InputFormatException(file + " row " + row + ", column " + (i % columns + 1) + ": "
                            + Text.compact(values[i], Precision.FLOAT64) + "; training needs finite numbers (no "
                            + "NaN or Inf)", row);
                }
            }
        }
    }
}
