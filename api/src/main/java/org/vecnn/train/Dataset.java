package org.vecnn.train;

import java.util.Arrays;

/**
 * Training or evaluation data held on the host: m rows of f features, with either an integer label or a
 * row of target values per row. Immutable; the arrays given are copied.
 *
 * <p>Every value is checked when the dataset is made: NaN or an infinity, rows of unequal length, a negative
 * label or a count of labels or targets unlike the count of rows is refused with an
 * {@link IllegalArgumentException} naming the row (and column). Whether labels fit the output layer is checked
 * by {@link Trainer#fit(Dataset)} and {@link Trainer#evaluate(Dataset)}, which know the layer.
 *
 * <p>Labels become targets for an output layer of n units: a one-hot row when n &gt; 1 (label &lt; n), the
 * label itself (0 or 1) when n = 1.
 */
public final class Dataset {
    private final int rows;
    private final int features;
    private final double[] x;
    private final int[] labels;
    private final int targetColumns;
    private final double[] y;

    private Dataset(int rows, int features, double[] x, int[] labels, int targetColumns, double[] y) {
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.labels = labels;
        this.targetColumns = targetColumns;
        this.y = y;
    }

    /**
     * @param features m rows of f &ge; 1 features each, m &ge; 1
     * @param labels m labels, each &ge; 0
     * @return a labelled dataset
     * @throws IllegalArgumentException when an array is null or empty, rows differ in length, a value is NaN or
     *     infinite, a label is negative, or the counts differ; the message names the row
     */
    public static Dataset ofLabels(double[][] features, int[] labels) {
        double[] x = flatten("features", features);
        return ofLabels(features.length, features[0].length, x, labels, false);
    }

    /**
     * @param features m rows of f &ge; 1 features each, m &ge; 1
     * @param labels m labels, each &ge; 0
     * @return a labelled dataset
     * @throws IllegalArgumentException as {@link #ofLabels(double[][], int[])}
     */
    public static Dataset ofLabels(float[][] features, int[] labels) {
        double[] x = flatten("features", widen(features));
        return ofLabels(features.length, features[0].length, x, labels, false);
    }

    /**
     * @param rows m &ge; 1
     * @param cols f &ge; 1
     * @param rowMajor m&middot;f features, feature (r, c) at index r&middot;f + c
     * @param labels m labels, each &ge; 0
     * @return a labelled dataset
     * @throws IllegalArgumentException as {@link #ofLabels(double[][], int[])}, or when rowMajor's length is not
     *     m&middot;f
     */
    public static Dataset ofLabels(int rows, int cols, double[] rowMajor, int[] labels) {
        checkFlat("features", rows, cols, rowMajor);
        return ofLabels(rows, cols, rowMajor.clone(), labels, true);
    }

    /**
     * @param features m rows of f &ge; 1 features each, m &ge; 1
     * @param targets m rows of n &ge; 1 target values each
     * @return a dataset with target rows
     * @throws IllegalArgumentException when an array is null or empty, rows differ in length, a value is NaN or
     *     infinite, or the counts differ; the message names the row
     */
    public static Dataset ofTargets(double[][] features, double[][] targets) {
        double[] x = flatten("features", features);
        double[] y = flatten("targets", targets);
        return ofTargets(features.length, features[0].length, x, targets.length, targets[0].length, y);
    }

    /**
     * @param features m rows of f &ge; 1 features each, m &ge; 1
     * @param targets m rows of n &ge; 1 target values each
     * @return a dataset with target rows
     * @throws IllegalArgumentException as {@link #ofTargets(double[][], double[][])}
     */
    public static Dataset ofTargets(float[][] features, float[][] targets) {
        return ofTargets(widen(features), widen(targets));
    }

    /**
     * @param rows m &ge; 1
     * @param cols f &ge; 1
     * @param rowMajor m&middot;f features
     * @param targetCols n &ge; 1
     * @param targets m&middot;n target values, row-major
     * @return a dataset with target rows
     * @throws IllegalArgumentException as {@link #ofTargets(double[][], double[][])}, or when an array's length
     *     does not match its shape
     */
    public static Dataset ofTargets(int rows, int cols, double[] rowMajor, int targetCols, double[] targets) {
        checkFlat("features", rows, cols, rowMajor);
        checkFlat("targets", rows, targetCols, targets);
        double[] x = rowMajor.clone();
        double[] y = targets.clone();
        finite("features", x, cols);
        finite("targets", y, targetCols);
        return new Dataset(rows, cols, x, null, targetCols, y);
    }

    private static Dataset ofLabels(int rows, int cols, double[] x, int[] labels, boolean checkValues) {
        if (labels == null) {
            throw new IllegalArgumentException("dataset: labels is null");
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException("dataset: " + rows + " rows of features but " + labels.length
                    + " labels");
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0) {
                throw new IllegalArgumentException("dataset: row " + r + " has label " + labels[r]
                        + "; labels must be >= 0");
            }
        }
        if (checkValues) {
            finite("features", x, cols);
        }
        return new Dataset(rows, cols, x, labels.clone(), 0, null);
    }

    private static Dataset ofTargets(int rows, int cols, double[] x, int targetRows, int targetCols, double[] y) {
        if (targetRows != rows) {
            throw new IllegalArgumentException("dataset: " + rows + " rows of features but " + targetRows
                    + " rows of targets");
        }
        return new Dataset(rows, cols, x, null, targetCols, y);
    }

    /** @return the number of rows m */
    public int rows() {
        return rows;
    }

    /** @return the number of features f per row */
    public int features() {
        return features;
    }

    /** @return whether rows carry integer labels (else target rows) */
    public boolean hasLabels() {
        return labels != null;
    }

    /** @return the number of target values per row, or 0 for a labelled dataset */
    public int targetColumns() {
        return targetColumns;
    }

    /**
     * @param row 0 &le; row &lt; rows()
     * @return the row's label
     * @throws IllegalStateException when the dataset has target rows, not labels
     * @throws IndexOutOfBoundsException when row is outside the dataset
     */
    public int label(int row) {
        if (labels == null) {
            throw new IllegalStateException("dataset: this dataset has target rows, not labels");
        }
        return labels[row];
    }

    /**
     * @param row 0 &le; row &lt; rows()
     * @param col 0 &le; col &lt; features()
     * @return feature (row, col)
     * @throws IndexOutOfBoundsException when an index lies outside the dataset
     */
    public double feature(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= features) {
            throw new IndexOutOfBoundsException("dataset: (" + row + ", " + col + ") is outside " + rows + "×"
                    + features);
        }
        return x[row * features + col];
    }

    /**
     * @param from the first row, 0 &le; from &lt; to
     * @param to one past the last row, to &le; rows()
     * @return the rows [from, to) as a dataset of their own
     * @throws IllegalArgumentException when the range is empty or outside the dataset
     */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > rows || from >= to) {
            throw new IllegalArgumentException("dataset: rows [" + from + ", " + to + ") are not a non-empty range"
                    + " of the " + rows + " rows");
        }
        double[] sx = Arrays.copyOfRange(x, from * features, to * features);
        return labels != null ? new Dataset(to - from, features, sx, Arrays.copyOfRange(labels, from, to), 0, null)
                : new Dataset(to - from, features, sx, null, targetColumns,
                        Arrays.copyOfRange(y, from * targetColumns, to * targetColumns));
    }

    /**
     * Checks the targets against an output layer, naming the first row at fault.
     *
     * @param operation the operation, for the message
     * @param units the output layer's units n
     * @param loss the loss
     * @throws IllegalArgumentException when a label does not fit n units, target rows are not n wide, or a
     *     target does not suit the loss (outside [0, 1] for binary cross-entropy; a row that is not a
     *     probability distribution for categorical cross-entropy)
     */
    void checkTargets(String operation, int units, Loss loss) {
        if (labels != null) {
            int limit = units == 1 ? 2 : units;
            for (int r = 0; r < rows; r++) {
                if (labels[r] >= limit) {
                    throw new IllegalArgumentException(operation + ": row " + r + " has label " + labels[r]
                            + " but the output layer has " + units + (units == 1 ? " unit (labels 0 and 1)"
                            : " units (labels 0.." + (units - 1) + ")"));
                }
            }
            return;
        }
        if (targetColumns != units) {
            throw new IllegalArgumentException(operation + ": the targets have " + targetColumns
                    + " columns but the output layer has " + units + " units");
        }
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < units; c++) {
                double v = y[r * units + c];
                if (loss != Loss.MEAN_SQUARED_ERROR && !(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException(operation + ": row " + r + ", target column " + c + " is "
                            + v + "; " + loss.label() + " needs targets in [0, 1]");
                }
                sum += v;
            }
            if (loss == Loss.CATEGORICAL_CROSS_ENTROPY && Math.abs(sum - 1) > 1e-6 * units) {
                throw new IllegalArgumentException(operation + ": row " + r + " has targets summing to " + sum
                        + "; cce needs each target row to be a probability distribution (sum 1)");
            }
        }
    }

    /** Copies the features of rows order[from..to) into dst, row after row. */
    void gatherFeatures(int[] order, int from, int to, double[] dst) {
        for (int i = from; i < to; i++) {
            System.arraycopy(x, order[i] * features, dst, (i - from) * features, features);
        }
    }

    /** Copies the targets of rows order[from..to), for an output of the given units, into dst. */
    void gatherTargets(int[] order, int from, int to, int units, double[] dst) {
        if (labels == null) {
            for (int i = from; i < to; i++) {
                System.arraycopy(y, order[i] * units, dst, (i - from) * units, units);
            }
            return;
        }
        Arrays.fill(dst, 0, (to - from) * units, 0);
        for (int i = from; i < to; i++) {
            int label = labels[order[i]];
            if (units == 1) {
                dst[i - from] = label;
            } else {
                dst[(i - from) * units + label] = 1;
            }
        }
    }

    private static void checkFlat(String what, int rows, int cols, double[] data) {
        if (data == null) {
            throw new IllegalArgumentException("dataset: " + what + " is null");
        }
        if (rows < 1 || cols < 1 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("dataset: " + what + " of " + rows + "×" + cols + " need "
                    + ((long) rows * cols) + " values, got " + data.length);
        }
    }

    private static double[] flatten(String what, double[][] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("dataset: " + what + " is " + (data == null ? "null" : "empty"));
        }
        if (data[0] == null || data[0].length == 0) {
            throw new IllegalArgumentException("dataset: " + what + " row 0 is " + (data[0] == null ? "null"
                    : "empty"));
        }
        int cols = data[0].length;
        if ((long) data.length * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dataset: " + what + " of " + data.length + "×" + cols
                    + " exceed one array");
        }
        double[] flat = new double[data.length * cols];
        for (int r = 0; r < data.length; r++) {
            if (data[r] == null || data[r].length != cols) {
                throw new IllegalArgumentException("dataset: " + what + " row " + r + " has "
                        + (data[r] == null ? "no values (null)" : data[r].length + " values") + " but row 0 has "
                        + cols);
            }
            System.arraycopy(data[r], 0, flat, r * cols, cols);
        }
        finite(what, flat, cols);
        return flat;
    }

    private static double[][] widen(float[][] data) {
        if (data == null) {
            return null;
        }
        double[][] wide = new double[data.length][];
        for (int r = 0; r < data.length; r++) {
            if (data[r] != null) {
                wide[r] = new double[data[r].length];
                for (int c = 0; c < data[r].length; c++) {
                    wide[r][c] = data[r][c];
                }
            }
        }
        return wide;
    }

    private static void finite(String what, double[] flat, int cols) {
        for (int i = 0; i < flat.length; i++) {
            if (!Double.isFinite(flat[i])) {
                throw new IllegalArgumentException("dataset: " + what + " row " + (i / cols) + ", column "
                        + (i % cols) + " is " + flat[i] + "; every value must be finite");
            }
        }
    }

    /** @return e.g. {@code Dataset[1797×64, labels]} */
    @Override
    public String toString() {
        return "Dataset[" + rows + "×" + features + ", " + (labels != null ? "labels" : targetColumns + " targets")
                + "]";
    }
}
