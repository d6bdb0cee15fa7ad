package org.vecnn.conformance;

/**
 * A reference result: the value of every element, row-major, and the bound on how far a correct backend's
 * element may lie from it.
 */
final class Expected {
    final int rows;
    final int cols;
    final double[] value;
    final double[] bound;

    Expected(int rows, int cols, double[] value, double[] bound) {
        if (value.length != rows * cols || bound.length != value.length) {
            throw new IllegalArgumentException("expected " + rows + "×" + cols + " values and bounds");
        }
        this.rows = rows;
        this.cols = cols;
        this.value = value;
        this.bound = bound;
    }

    /** An exact expectation: every element must equal its value. */
    static Expected exactly(int rows, int cols, double... value) {
        return new Expected(rows, cols, value, new double[value.length]);
    }
}
