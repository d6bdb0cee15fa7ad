package org.vecnn.cli;

import java.util.function.DoubleFunction;
import org.vecnn.Precision;

/** Number and matrix formatting shared by the commands; ASCII only, as terminals may not be UTF-8. */
final class Text {
    private Text() {
    }

    /** A value as its precision prints it: a float shown as a float, not as the double it widens to. */
    static String raw(double v, Precision precision) {
        return precision == Precision.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }

    /** A value without a trailing ".0" when it is a whole number: 165, not 165.0. */
    static String compact(double v, Precision precision) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return raw(v, precision);
    }

    /** A row-major matrix in NumPy's nested-list form, e.g. {@code [[1, 0, 1]]}. */
    static String matrix(double[] rowMajor, int rows, int cols, DoubleFunction<String> format) {
        StringBuilder s = new StringBuilder("[");
        for (int r = 0; r < rows; r++) {
            s.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < cols; c++) {
                s.append(c == 0 ? "" : ", ").append(format.apply(rowMajor[r * cols + c]));
            }
            s.append(']');
        }
        return s.append(']').toString();
    }

    /** A 2-D array in NumPy's nested-list form. */
    static String matrix(double[][] rows) {
        int cols = rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return matrix(flat, rows.length, cols, v -> compact(v, Precision.FLOAT64));
    }

    /** Pads on the right to a width, for aligned columns. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** A setting's value, or "not set". */
    static String orNotSet(String value) {
        return value == null || value.isBlank() ? "not set" : value;
    }
}
