package org.vecnn.spi;

import java.util.Objects;
import org.vecnn.Matrix;
import org.vecnn.ShapeMismatchException;

/**
 * The argument checks every backend applies, with the messages the api promises: each names the
 * operation, the shapes or values at fault and the rule that was broken.
 */
public final class Shapes {
    private Shapes() {
    }

    /**
     * @param m a matrix
     * @return its shape as text, e.g. {@code "3×4"}
     */
    public static String of(Matrix m) {
        return m.rows() + "×" + m.cols();
    }

    /**
     * Checks the dimensions of a new matrix.
     *
     * @param operation the operation, for the message
     * @param rows m
     * @param cols n
     * @return m&middot;n
     * @throws IllegalArgumentException when a dimension is below 1 or m&middot;n exceeds
     *     {@link Matrix#MAX_ELEMENTS}
     */
    public static int size(String operation, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(operation + ": a matrix is at least 1×1, got " + rows + "×"
                    + cols);
        }
        long size = (long) rows * cols;
        if (size > Matrix.MAX_ELEMENTS) {
            throw new IllegalArgumentException(operation + ": " + rows + "×" + cols + " has " + size
                    + " elements, more than the " + Matrix.MAX_ELEMENTS + " a matrix can hold (Matrix.MAX_ELEMENTS)");
        }
        return (int) size;
    }

    /**
     * Checks the length of row-major data for a new matrix.
     *
     * @param operation the operation, for the message
     * @param rows m
     * @param cols n
     * @param length the data array's length, or -1 for a null array
     * @throws IllegalArgumentException when the array is null or its length is not m&middot;n
     */
    public static void data(String operation, int rows, int cols, int length) {
        int size = size(operation, rows, cols);
        if (length < 0) {
            throw new IllegalArgumentException(operation + ": data is null");
        }
        if (length != size) {
            throw new IllegalArgumentException(operation + ": data has " + length + " elements but a " + rows
                    + "×" + cols + " matrix needs " + size);
        }
    }

    /**
     * Checks rows given as a 2-D array and returns the column count.
     *
     * @param operation the operation, for the message
     * @param rows the rows array (checked for null and length)
     * @param lengths the length of each row, -1 for a null row
     * @return the common row length n
     * @throws IllegalArgumentException when there is no row, a row is null or empty, or rows differ
     */
    public static int rows(String operation, Object rows, int[] lengths) {
        if (rows == null) {
            throw new IllegalArgumentException(operation + ": rows is null");
        }
        if (lengths.length == 0) {
            throw new IllegalArgumentException(operation + ": needs at least one row");
        }
        int cols = lengths[0];
        for (int r = 0; r < lengths.length; r++) {
            if (lengths[r] < 0) {
                throw new IllegalArgumentException(operation + ": row " + r + " is null");
            }
            if (lengths[r] != cols) {
                throw new IllegalArgumentException(operation + ": row " + r + " has " + lengths[r]
                        + " elements but row 0 has " + cols + "; all rows must have the same length");
            }
        }
        size(operation, lengths.length, cols);
        return cols;
    }

    /**
     * Checks a·b: a.cols must equal b.rows.
     *
     * @param operation the operation, for the message
     * @param a the left operand, m&times;k
     * @param b the right operand, k&times;n
     * @throws ShapeMismatchException naming both shapes
     */
    public static void matmul(String operation, Matrix a, Matrix b) {
        if (a.cols() != b.rows()) {
            throw new ShapeMismatchException(operation + ": a is " + of(a) + ", b is " + of(b) + ": a.cols ("
                    + a.cols() + ") must equal b.rows (" + b.rows() + ")");
        }
    }

    /**
     * Checks a broadcast row: row must be 1&times;a.cols.
     *
     * @param operation the operation, for the message
     * @param a the matrix, m&times;n
     * @param row the row, 1&times;n
     * @throws ShapeMismatchException naming both shapes
     */
    public static void rowVector(String operation, Matrix a, Matrix row) {
        if (row.rows() != 1 || row.cols() != a.cols()) {
            throw new ShapeMismatchException(operation + ": a is " + of(a) + ", row is " + of(row)
                    + ": row must be 1×" + a.cols() + " (1×a.cols)");
        }
    }

    /**
     * Checks the shape of an output matrix.
     *
     * @param operation the operation, for the message
     * @param out the output
     * @param rows the rows it must have
     * @param cols the columns it must have
     * @throws ShapeMismatchException naming both shapes
     */
    public static void output(String operation, Matrix out, int rows, int cols) {
        if (out.rows() != rows || out.cols() != cols) {
            throw new ShapeMismatchException(operation + ": out is " + of(out) + " but the result is " + rows
                    + "×" + cols);
        }
    }

    /**
     * Checks that two operands can meet in one operation: both non-null, on the same backend instance and
     * of the same precision.
     *
     * @param operation the operation, for the message
     * @param nameA the first operand's name in the message
     * @param a the first operand
     * @param nameB the second operand's name in the message
     * @param b the second operand
     * @throws IllegalArgumentException when one is null or they differ in backend or precision
     */
    public static void compatible(String operation, String nameA, Matrix a, String nameB, Matrix b) {
        Objects.requireNonNull(a, nameA);
        if (b == null) {
            throw new IllegalArgumentException(operation + ": " + nameB + " is null");
        }
        if (a.backend() != b.backend()) {
            String same = a.backend().name().equals(b.backend().name()) ? " (another instance)" : "";
            throw new IllegalArgumentException(operation + ": " + nameA + " (" + of(a) + ") is on backend '"
                    + a.backend().name() + "' but " + nameB + " (" + of(b) + ") is on backend '"
                    + b.backend().name() + "'" + same + "; move one with backend.copyOf(matrix)");
        }
        if (a.precision() != b.precision()) {
            throw new IllegalArgumentException(operation + ": " + nameA + " (" + of(a) + ") is " + a.precision()
                    + " but " + nameB + " (" + of(b) + ") is " + b.precision() + "; convert one with toPrecision(...)");
        }
    }

    /** Throws, naming the matrix, when it is closed. */
    static void open(String operation, String what, Matrix m) {
        if (m.isClosed()) {
            throw closed(operation, what, m);
        }
    }

    /** @return the exception for a closed operand, naming it */
    static IllegalStateException closed(String operation, String what, Matrix m) {
        return new IllegalStateException(operation + ": " + what + " (" + of(m) + " " + m.precision()
                + " on backend '" + m.backend().name() + "') is closed");
    }

    static void precision(String operation, org.vecnn.Precision precision) {
        if (precision == null) {
            throw new IllegalArgumentException(operation + ": precision is null");
        }
    }
}
