package org.vecnn.model;

import java.util.Arrays;
import java.util.Objects;
import org.vecnn.Precision;

/**
 * One NumPy array held on the heap: its dtype, its shape and its elements in C (row-major) order. Numeric
 * arrays are float32 or float64 ({@code <f4}, {@code >f4}, {@code <f8}, {@code >f8} in a file); string arrays
 * are NumPy unicode arrays ({@code <U…}). Float32 elements are kept widened to double, which is exact.
 *
 * <p>Immutable: the factories copy their arguments and the accessors return copies.
 */
public final class NpyArray {
    private final String descr;
    private final int[] shape;
    private final double[] numbers;
    private final String[] strings;

    private NpyArray(String descr, int[] shape, double[] numbers, String[] strings) {
        this.descr = descr;
        this.shape = shape;
        this.numbers = numbers;
        this.strings = strings;
    }

    /**
     * A float32 array.
     *
     * @param data the elements in C order
     * @param shape the dimensions, each &ge; 0, whose product is data.length ({@code ()} for a scalar)
     * @return a new array of dtype {@code <f4}
     * @throws IllegalArgumentException when the shape does not match the data
     */
    public static NpyArray ofFloat32(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        double[] wide = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            wide[i] = data[i];
        }
        return new NpyArray("<f4", checkShape(shape, data.length), wide, null);
    }

    /**
     * A float64 array.
     *
     * @param data the elements in C order
     * @param shape the dimensions, each &ge; 0, whose product is data.length
     * @return a new array of dtype {@code <f8}
     * @throws IllegalArgumentException when the shape does not match the data
     */
    public static NpyArray ofFloat64(double[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        return new NpyArray("<f8", checkShape(shape, data.length), data.clone(), null);
    }

    /**
     * A numeric array of a precision, rounding to nearest for FLOAT32.
     *
     * @param precision FLOAT32 for {@code <f4}, FLOAT64 for {@code <f8}
     * @param data the elements in C order
     * @param shape the dimensions, whose product is data.length
     * @return a new array
     */
    public static NpyArray of(Precision precision, double[] data, int... shape) {
        Objects.requireNonNull(precision, "precision");
        if (precision == Precision.FLOAT64) {
            return ofFloat64(data, shape);
        }
        double[] rounded = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            rounded[i] = (float) data[i];
        }
        return new NpyArray("<f4", checkShape(shape, data.length), rounded, null);
    }

    /**
     * A 1-D unicode string array, dtype {@code <U}n with n the longest string's length in code points
     * (at least 1, as NumPy does).
     *
     * @param values the strings; none null, none ending in U+0000 (NumPy strips trailing NULs)
     * @return a new array of shape (values.length,)
     * @throws IllegalArgumentException when a value is null or ends in U+0000
     */
    public static NpyArray ofStrings(String... values) {
        Objects.requireNonNull(values, "values");
        int longest = 1;
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (v == null) {
                throw new IllegalArgumentException("npy: string " + i + " is null");
            }
            if (v.endsWith("\0")) {
                throw new IllegalArgumentException("npy: string " + i + " ends in U+0000, which NumPy strips");
            }
            longest = Math.max(longest, v.codePointCount(0, v.length()));
        }
        return new NpyArray("<U" + longest, new int[] {values.length}, null, values.clone());
    }

    static NpyArray read(String descr, int[] shape, double[] numbers, String[] strings) {
        return new NpyArray(descr, shape, numbers, strings);
    }

    /** @return the dtype as NumPy writes it in a header, e.g. {@code "<f4"}, {@code ">f8"}, {@code "<U7"} */
    public String descr() {
        return descr;
    }

    /** @return a copy of the dimensions; empty for a 0-d (scalar) array */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int ndim() {
        return shape.length;
    }

    /** @return the number of elements, the product of the dimensions */
    public int size() {
        return numbers != null ? numbers.length : strings.length;
    }

    /** @return true for a float32 or float64 array, false for a string array */
    public boolean isNumeric() {
        return numbers != null;
    }

    /**
     * @return FLOAT32 for a float32 array, FLOAT64 for a float64 array
     * @throws IllegalStateException for a string array
     */
    public Precision precision() {
        if (numbers == null) {
            throw new IllegalStateException("npy: a " + descr + " string array has no precision");
        }
        return descr.charAt(2) == '4' ? Precision.FLOAT32 : Precision.FLOAT64;
    }

    /**
     * @return the elements in C order, widened to double (exact for float32)
     * @throws IllegalStateException for a string array
     */
    public double[] toDoubleArray() {
        if (numbers == null) {
            throw new IllegalStateException("npy: a " + descr + " string array has no numbers");
        }
        return numbers.clone();
    }

    /**
     * @return the strings in C order
     * @throws IllegalStateException for a numeric array
     */
    public String[] strings() {
        if (strings == null) {
            throw new IllegalStateException("npy: a " + descr + " array holds numbers, not strings");
        }
        return strings.clone();
    }

    double[] numbersNoCopy() {
        return numbers;
    }

    String[] stringsNoCopy() {
        return strings;
    }

    /** @return the shape as NumPy prints it, e.g. {@code (64, 32)}, {@code (10,)} or {@code ()} */
    public String shapeText() {
        return shapeText(shape);
    }

    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NpyArray)) {
            return false;
        }
        NpyArray a = (NpyArray) o;
        return descr.equals(a.descr) && Arrays.equals(shape, a.shape) && Arrays.equals(numbers, a.numbers)
                && Arrays.equals(strings, a.strings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(descr, Arrays.hashCode(shape), Arrays.hashCode(numbers), Arrays.hashCode(strings));
    }

    /** @return e.g. {@code NpyArray[<f4 (64, 32)]} */
    @Override
    public String toString() {
        return "NpyArray[" + descr + " " + shapeText() + "]";
    }

    private static int[] checkShape(int[] shape, int length) {
        Objects.requireNonNull(shape, "shape");
        long product = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("npy: shape " + shapeText(shape) + " has a negative dimension");
            }
            product *= d;
        }
        if (product != length) {
            throw new IllegalArgumentException("npy: shape " + shapeText(shape) + " holds " + product
                    + " elements but the data has " + length);
        }
        return shape.clone();
    }
}
