package org.vecnn;

/**
 * A dense 2-D matrix owned by one {@link Backend}, with a {@link Precision} fixed at creation.
 *
 * <p><b>Data contract.</b> Elements are addressed row-major: element (r, c) of an m&times;n matrix is at
 * index {@code r * n + c} of every array that goes in or comes out. Where a backend stores its data
 * (Java heap, native memory, GPU memory) is its own affair.
 *
 * <p><b>Operations</b> return new matrices owned by the same backend, which the caller must close. Each
 * operation also has a form that writes into a given output matrix, for hot paths that reuse memory;
 * that form returns the output. All operands of one operation must belong to the same backend instance
 * and have the same precision: anything else is refused with an {@link IllegalArgumentException} that
 * names both. Shape errors throw {@link ShapeMismatchException}, naming the operation and the shapes.
 *
 * <p><b>Messages.</b> What the message of an exception for a bad argument or state contains, on every
 * backend: the operation by its method's name ({@code matmul}, {@code addRowVector}, {@code apply},
 * {@code forward}, {@code dense}, {@code matrix}, {@code zeros}, ...); each matrix shape involved as
 * rows&times;cols with the multiplication sign U+00D7, e.g. {@code 1×2}, and dimensions asked for in the same
 * form (e.g. {@code 0×3}, {@code 65536×65536}); for an array of the wrong length, its length; for mixed
 * operands, both backends' names or both precisions; {@code null} for a null argument; {@code closed} for a
 * closed matrix, layer or backend; the matrix's shape for an index outside it. The rest of the wording may
 * change.
 *
 * <p><b>Lifetime.</b> {@link #close()} frees the matrix's memory (native or device memory included); it is
 * idempotent. One exception, for small matrices only: on a backend whose calls use them without holding them
 * ({@code nd4j}, at most 64 elements), a matrix closed by a thread other than the one that used it is freed once
 * the garbage collector finds it unreachable, since a call of that thread may still be under way (see
 * {@code org.vecnn.spi.AbstractMatrix}). Every operation and every read of the data ({@code get}, the copies
 * out, {@code matmul}, {@code addRowVector}, {@code apply}, {@code transpose}, {@code toPrecision}) on a closed
 * matrix, or with a closed matrix as an operand, throws {@link IllegalStateException}; only the description of
 * the matrix ({@link #rows()}, {@link #cols()}, {@link #precision()}, {@link #backend()}) stays readable, so that
 * messages and logs can still name it. Closing the owning backend closes the matrix too.
 *
 * <p><b>Threads.</b> A matrix may be read from several threads at once. Writing into a matrix (the
 * output forms) while another thread reads or writes it is not synchronised and is the caller's affair.
 * Closing it while other threads use it is safe: each call already under way returns its correct result
 * and its memory is freed only after the last such call has returned; calls that start after the close
 * throw {@link IllegalStateException} (see {@link Backend}).
 */
public interface Matrix extends AutoCloseable {

    /**
     * The most elements m&middot;n one matrix may have, on every backend: {@code Integer.MAX_VALUE - 8}, the
     * longest Java array every common VM can allocate (a longer one fails with "Requested array size exceeds
     * VM limit"). Larger shapes are refused with an {@link IllegalArgumentException} before any memory is
     * touched; a shape within the limit may still need more memory than there is (see
     * {@link Backend#zeros(int, int, Precision)}).
     */
    int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** @return the number of rows m, at least 1 */
    int rows();

    /** @return the number of columns n, at least 1 */
    int cols();

    /** @return the element type of this matrix */
    Precision precision();

    /** @return the backend that owns this matrix and computes its operations */
    Backend backend();

    /**
     * Reads one element.
     *
     * @param row the row index, 0 &le; row &lt; rows()
     * @param col the column index, 0 &le; col &lt; cols()
     * @return element (row, col), widened to double
     * @throws IndexOutOfBoundsException when the index lies outside the matrix
     * @throws IllegalStateException when the matrix is closed
     */
    double get(int row, int col);

    /**
     * Copies the elements out as floats, row-major, rounding FLOAT64 elements to nearest.
     *
     * @return a new array of length rows()&middot;cols()
     * @throws IllegalStateException when the matrix is closed
     */
    float[] toFloatArray();

    /**
     * Copies the elements out as doubles, row-major; FLOAT32 elements are widened exactly.
     *
     * @return a new array of length rows()&middot;cols()
     * @throws IllegalStateException when the matrix is closed
     */
    double[] toDoubleArray();

    /**
     * Matrix product: c = a&middot;b, c<sub>ij</sub> = &Sigma;<sub>k</sub> a<sub>ik</sub> b<sub>kj</sub>, with this
     * matrix as a.
     *
     * @param b the right operand, k&times;n, where this matrix is m&times;k
     * @return a new m&times;n matrix
     * @throws ShapeMismatchException when cols() &ne; b.rows()
     * @throws IllegalArgumentException when b is null, on another backend or of another precision
     * @throws IllegalStateException when either operand is closed
     */
    Matrix matmul(Matrix b);

    /**
     * Matrix product into a given output: out = a&middot;b, with this matrix as a. Only out is modified.
     *
     * @param b the right operand, k&times;n, where this matrix is m&times;k
     * @param out an m&times;n matrix of the same backend and precision, neither a nor b
     * @return out
     * @throws ShapeMismatchException when the inner dimensions differ or out is not m&times;n
     * @throws IllegalArgumentException when an operand is null, on another backend, of another precision,
     *     or when out is a or b
     * @throws IllegalStateException when any operand is closed
     */
    Matrix matmul(Matrix b, Matrix out);

    /**
     * Broadcast row addition: c<sub>ij</sub> = a<sub>ij</sub> + v<sub>j</sub>, with this matrix as a.
     *
     * @param row the row vector v, 1&times;n, where this matrix is m&times;n
     * @return a new m&times;n matrix
     * @throws ShapeMismatchException when row is not 1&times;cols()
     * @throws IllegalArgumentException when row is null, on another backend or of another precision
     * @throws IllegalStateException when either operand is closed
     */
    Matrix addRowVector(Matrix row);

    /**
     * Broadcast row addition into a given output, which may be this matrix itself (in place).
     * Only out is modified.
     *
     * @param row the row vector v, 1&times;n, where this matrix is m&times;n
     * @param out an m&times;n matrix of the same backend and precision; may be this matrix
     * @return out
     * @throws ShapeMismatchException when row is not 1&times;n or out is not m&times;n
     * @throws IllegalArgumentException when an operand is null, on another backend or of another precision
     * @throws IllegalStateException when any operand is closed
     */
    Matrix addRowVector(Matrix row, Matrix out);

    /**
     * Applies an activation: element-wise, or row by row for {@link Activation#SOFTMAX} and
     * {@link Activation#LOG_SOFTMAX} ({@link Activation#isRowWise()}).
     *
     * @param activation the function g
     * @return a new matrix g(this) of the same shape
     * @throws IllegalArgumentException when activation is null
     * @throws IllegalStateException when the matrix is closed
     */
    Matrix apply(Activation activation);

    /**
     * Applies an activation into a given output, which may be this matrix itself (in place).
     * Only out is modified.
     *
     * @param activation the function g
     * @param out a matrix of this shape, backend and precision; may be this matrix
     * @return out
     * @throws ShapeMismatchException when out's shape differs
     * @throws IllegalArgumentException when an argument is null, or out is on another backend or precision
     * @throws IllegalStateException when either matrix is closed
     */
    Matrix apply(Activation activation, Matrix out);

    /**
     * Transpose: c<sub>ji</sub> = a<sub>ij</sub>.
     *
     * @return a new n&times;m matrix, where this matrix is m&times;n
     * @throws IllegalStateException when the matrix is closed
     */
    Matrix transpose();

    /**
     * Converts to a precision: FLOAT64 to FLOAT32 rounds to nearest, FLOAT32 to FLOAT64 is exact.
     *
     * @param precision the target precision
     * @return a new matrix on the same backend, a plain copy when the precision is already this one
     * @throws IllegalArgumentException when precision is null
     * @throws IllegalStateException when the matrix is closed
     */
    Matrix toPrecision(Precision precision);

    /** @return true once {@link #close()} was called on this matrix or on its backend */
    boolean isClosed();

    /**
     * Frees this matrix's memory: at once when no call is using it, otherwise when the last call using it
     * returns. Every call that starts after the close throws {@link IllegalStateException}. Idempotent; never
     * throws.
     */
    @Override
    void close();
}
