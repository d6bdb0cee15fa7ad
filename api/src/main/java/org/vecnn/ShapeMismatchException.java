package org.vecnn;

/**
 * Thrown when the shapes of an operation's operands do not fit together. The message names the operation,
 * every shape involved and the rule that was broken, e.g.
 * {@code matmul: a is 1×2, b is 3×3: a.cols (2) must equal b.rows (3)}.
 */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the operation, the shapes and the broken rule */
    public ShapeMismatchException(String message) {
        super(message);
    }
}
