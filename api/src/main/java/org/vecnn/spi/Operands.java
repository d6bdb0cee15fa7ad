package org.vecnn.spi;

import org.vecnn.Matrix;

/**
 * Holds the operands of one call for its duration: the backend and up to four matrices are
 * {@linkplain Lifetime#enter() entered} in order before the kernel runs and left after it, so that a close
 * racing with the call either makes it fail here or waits, freeing nothing until the call has left. A matrix
 * that is not an {@link AbstractMatrix} is only checked to be open. Called only for backends whose calls hold
 * their operands (see {@link AbstractBackend}); a null backend holds nothing.
 */
final class Operands {
    private Operands() {
    }

    /**
     * Enters the backend, then each non-null matrix in order; when one is closed, leaves what was entered.
     *
     * @param operation the operation, for the message
     * @param backend the backend the call runs on, or null
     * @throws IllegalStateException naming the operation and the closed backend or matrix
     */
    static void enter(String operation, AbstractBackend backend, String nameA, Matrix a, String nameB, Matrix b,
            String nameC, Matrix c, String nameD, Matrix d) {
        if (backend == null) {
            return;
        }
        backend.enter(operation);
        if (!enter(a)) {
            leave(backend, null, null, null, null);
            throw Shapes.closed(operation, nameA, a);
        }
        if (b != null && !enter(b)) {
            leave(backend, a, null, null, null);
            throw Shapes.closed(operation, nameB, b);
        }
        if (c != null && !enter(c)) {
            leave(backend, a, b, null, null);
            throw Shapes.closed(operation, nameC, c);
        }
        if (d != null && !enter(d)) {
            leave(backend, a, b, c, null);
            throw Shapes.closed(operation, nameD, d);
        }
    }

    /** Leaves, in reverse order, what {@link #enter} entered; null matrices are skipped. */
    static void leave(AbstractBackend backend, Matrix a, Matrix b, Matrix c, Matrix d) {
        if (backend == null) {
            return;
        }
        leave(d);
        leave(c);
        leave(b);
        leave(a);
        backend.leave();
    }

    private static boolean enter(Matrix m) {
        return m instanceof AbstractMatrix ? ((AbstractMatrix) m).lifetime().enter() : !m.isClosed();
    }

    private static void leave(Matrix m) {
        if (m instanceof AbstractMatrix) {
            ((AbstractMatrix) m).lifetime().leave();
        }
    }
}
