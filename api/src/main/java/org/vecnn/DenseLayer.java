package org.vecnn;

/**
 * A fully connected layer: A<sub>out</sub> = g(A<sub>in</sub>&middot;W + B), computed for a whole batch at once.
 *
 * <p>Shapes: A<sub>in</sub> is batch&times;inputs, W is inputs&times;units, B is 1&times;units (added to every row),
 * A<sub>out</sub> is batch&times;units. Row i of A<sub>out</sub> depends on row i of A<sub>in</sub> only, so a batch
 * of rows gives, row for row, what each row gives alone. A backend may fuse the product, the bias and the
 * activation into one pass.
 *
 * <p>A layer owns its weights: closing the layer closes W and B. {@link #forward(Matrix)} may be called
 * from several threads at once; each call gives bitwise the same result for the same input. Closing the
 * layer, its input or its backend while other threads call {@code forward} is safe: a call already under way
 * returns its correct result, a later one throws {@link IllegalStateException}, and the memory of W and B is
 * freed only after the last call has returned (see {@link Backend}).
 */
public interface DenseLayer extends AutoCloseable {

    /** @return the number of inputs, the rows of W */
    int inputs();

    /** @return the number of units (neurons), the columns of W */
    int units();

    /** @return the activation g */
    Activation activation();

    /** @return the weights W, inputs&times;units, owned by this layer (do not close them yourself) */
    Matrix weights();

    /** @return the bias B, 1&times;units, owned by this layer (do not close it yourself) */
    Matrix bias();

    /** @return the backend that holds the weights and computes the layer */
    Backend backend();

    /** @return the precision of the weights, which inputs must share */
    Precision precision();

    /**
     * Computes the layer for a batch.
     *
     * @param input A<sub>in</sub>, batch&times;inputs, on this layer's backend and precision
     * @return a new batch&times;units matrix g(A<sub>in</sub>&middot;W + B)
     * @throws ShapeMismatchException when input.cols() &ne; inputs()
     * @throws IllegalArgumentException when input is null, on another backend or of another precision
     * @throws IllegalStateException when the layer or the input is closed
     */
    Matrix forward(Matrix input);

    /**
     * Computes the layer for a batch into a given output. Only out is modified.
     *
     * @param input A<sub>in</sub>, batch&times;inputs
     * @param out batch&times;units, on this layer's backend and precision, not the input
     * @return out
     * @throws ShapeMismatchException when a shape differs from the above
     * @throws IllegalArgumentException when an argument is null, on another backend or of another
     *     precision, or when out is the input
     * @throws IllegalStateException when the layer or a matrix is closed
     */
    Matrix forward(Matrix input, Matrix out);

    /** @return true once the layer, or its backend, was closed */
    boolean isClosed();

    /**
     * Closes the layer and its weights; calls in flight complete first, later calls throw
     * {@link IllegalStateException}. Idempotent; never throws.
     */
    @Override
    void close();
}
