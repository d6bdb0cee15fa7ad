package org.vecnn;

/**
 * A compute backend: it creates matrices and dense layers and computes their operations.
 *
 * <p>A backend is an ordinary object, not a global: several, of one kind or of several kinds, can be used
 * in one JVM at once. Obtain one from {@link Backends} (or from a provider) and close it when done;
 * closing it closes every matrix and layer it created. Operations never mix backends: move a matrix
 * with {@link #copyOf(Matrix)}.
 *
 * <p>Input arrays are copied; the caller may reuse them. All methods are safe to call from several threads.
 *
 * <p><b>Closing while other threads compute.</b> A {@link #close()} of the backend, of a layer or of a matrix
 * may race with calls that use it, on every backend: each call that is already past its checks completes with
 * its correct result (the memory it uses is freed only after it has returned), and every call that starts
 * later throws {@link IllegalStateException} naming what is closed. Such a race never crashes the JVM, never
 * blocks a thread, and never gives a wrong number. Native and device memory is freed when the last call
 * using it has returned, which may be after {@code close()} itself has returned, on that call's thread. A
 * result that outlives its backend's close can no longer be read ({@code IllegalStateException}).
 */
public interface Backend extends AutoCloseable {

    /** @return the backend's name, as used for selection, e.g. {@code "loop"} */
    String name();

    /**
     * Creates a FLOAT32 matrix from row-major data.
     *
     * @param rows m &ge; 1
     * @param cols n &ge; 1
     * @param rowMajor m&middot;n elements; element (r, c) at index r&middot;n + c
     * @return a new m&times;n FLOAT32 matrix
     * @throws IllegalArgumentException when rowMajor is null, its length is not m&middot;n, a dimension is
     *     below 1, or m&middot;n exceeds {@link Matrix#MAX_ELEMENTS}
     * @throws IllegalStateException when the backend is closed
     */
    Matrix matrix(int rows, int cols, float[] rowMajor);

    /**
     * Creates a FLOAT64 matrix from row-major data.
     *
     * @param rows m &ge; 1
     * @param cols n &ge; 1
     * @param rowMajor m&middot;n elements; element (r, c) at index r&middot;n + c
     * @return a new m&times;n FLOAT64 matrix
     * @throws IllegalArgumentException as {@link #matrix(int, int, float[])}
     * @throws IllegalStateException when the backend is closed
     */
    Matrix matrix(int rows, int cols, double[] rowMajor);

    /**
     * Creates a matrix of a given precision from row-major double data, rounding to nearest for FLOAT32.
     *
     * @param rows m &ge; 1
     * @param cols n &ge; 1
     * @param rowMajor m&middot;n elements
     * @param precision the precision of the new matrix
     * @return a new m&times;n matrix
     * @throws IllegalArgumentException as {@link #matrix(int, int, float[])}, or when precision is null
     * @throws IllegalStateException when the backend is closed
     */
    Matrix matrix(int rows, int cols, double[] rowMajor, Precision precision);

    /**
     * Creates a FLOAT32 matrix from rows, {@code rows[r][c]} being element (r, c).
     *
     * @param rows m &ge; 1 rows of equal length n &ge; 1
     * @return a new m&times;n FLOAT32 matrix
     * @throws IllegalArgumentException when the array or a row is null or empty, or rows differ in length
     * @throws IllegalStateException when the backend is closed
     */
    Matrix matrix(float[][] rows);

    /**
     * Creates a matrix of a given precision from rows, {@code rows[r][c]} being element (r, c).
     *
     * @param rows m &ge; 1 rows of equal length n &ge; 1
     * @param precision the precision of the new matrix
     * @return a new m&times;n matrix
     * @throws IllegalArgumentException when the array or a row is null or empty, rows differ in length,
     *     or precision is null
     * @throws IllegalStateException when the backend is closed
     */
    Matrix matrix(double[][] rows, Precision precision);

    /**
     * Creates a matrix of zeros.
     *
     * @param rows m &ge; 1
     * @param cols n &ge; 1
     * @param precision the precision of the new matrix
     * @return a new m&times;n matrix of zeros
     * @throws IllegalArgumentException when a dimension is below 1, m&middot;n exceeds
     *     {@link Matrix#MAX_ELEMENTS}, or precision is null
     * @throws IllegalStateException when the backend is closed
     * @throws OutOfMemoryError when the memory cannot be had: on the Java heap, the VM's own error; a backend
     *     that allocates outside the heap (native or device memory) checks the request against what it may
     *     have before touching memory, and throws at once with a message naming the operation, the shape,
     *     the bytes asked for and the limit
     */
    Matrix zeros(int rows, int cols, Precision precision);

    /**
     * Copies a matrix, from this or any other backend, into this backend, keeping its precision.
     *
     * @param source an open matrix of any backend
     * @return a new matrix on this backend with the same shape, precision and elements
     * @throws IllegalArgumentException when source is null
     * @throws IllegalStateException when source or this backend is closed
     */
    Matrix copyOf(Matrix source);

    /**
     * Creates a dense layer g(A<sub>in</sub>&middot;W + B). The layer takes ownership of w and b: closing the
     * layer closes them.
     *
     * @param weights W, inputs&times;units, on this backend
     * @param bias B, 1&times;units, on this backend, of the precision of W
     * @param activation g
     * @return a new layer
     * @throws ShapeMismatchException when bias is not 1&times;weights.cols()
     * @throws IllegalArgumentException when an argument is null, on another backend, or the precisions differ
     * @throws IllegalStateException when the backend or a matrix is closed
     */
    DenseLayer dense(Matrix weights, Matrix bias, Activation activation);

    /** @return true once {@link #close()} was called */
    boolean isClosed();

    /**
     * Closes the backend and every matrix and layer it created. Calls in flight on other threads complete
     * first; later calls throw {@link IllegalStateException} (see "Closing while other threads compute" above).
     * Idempotent; never throws.
     */
    @Override
    void close();
}
