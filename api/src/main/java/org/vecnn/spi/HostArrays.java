package org.vecnn.spi;

/**
 * The host-side gathering of {@link AbstractBackend}'s factories: rows of a 2-D array into one row-major array,
 * FLOAT64 values rounded to FLOAT32. Each result is a new array that no one else holds.
 */
final class HostArrays {
    private HostArrays() {
    }

    static float[] flatten(float[][] rows, int cols) {
        float[] data = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return data;
    }

    static double[] flatten(double[][] rows, int cols) {
        double[] data = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return data;
    }

    /** Rounds while gathering, so that a FLOAT32 matrix from FLOAT64 rows costs one pass, not two. */
    static float[] flattenToFloats(double[][] rows, int cols) {
        float[] data = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            for (int c = 0; c < cols; c++) {
                data[r * cols + c] = (float) row[c];
            }
        }
        return data;
    }

    static float[] toFloats(double[] data) {
        float[] f = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    /** @return each row's length, -1 for a null row; empty for a null array */
    static int[] lengths(Object[] rows) {
        if (rows == null) {
            return new int[0];
        }
        int[] lengths = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            Object row = rows[r];
            lengths[r] = row == null ? -1 : java.lang.reflect.Array.getLength(row);
        }
        return lengths;
    }
}
