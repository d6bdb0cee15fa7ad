package org.vecnn.spi;

import org.vecnn.Matrix;

/**
 * Holds the operands of one call for its duration on a backend whose calls hold their operands: the thread
 * enters the backend's {@link CallsInFlight}, then the backend and each operand are checked open. A close
 * racing with the call either comes first, and the call fails here, or frees nothing until the call has left.
 */
final class Operands {
    private Operands() {
    }

    /**
     * Enters the backend's calls in flight, then checks the backend and each non-null matrix, in order; when
     * one is closed, leaves and throws.
     *
     * @param operation the operation, for the message
     * @param backend the backend the call runs on; its calls hold their operands
     * @return the slot to pass to {@link #leave}
     * @throws IllegalStateException naming the operation and the closed backend or matrix
     */
    static CallsInFlight.Slot enter(String operation, AbstractBackend backend, String nameA, Matrix a,
            String nameB, Matrix b, String nameC, Matrix c) {
        CallsInFlight calls = backend.calls();
        CallsInFlight.Slot s = calls.enter();
        if (backend.isClosed()) {
            calls.leave(s);
            throw backend.closed(operation);
        }
        if (a != null && a.isClosed()) {
            calls.leave(s);
            throw Shapes.closed(operation, nameA, a);
        }
        if (b != null && b.isClosed()) {
            calls.leave(s);
            throw Shapes.closed(operation, nameB, b);
        }
        if (c != null && c.isClosed()) {
            calls.leave(s);
            throw Shapes.closed(operation, nameC, c);
        }
        return s;
    }

    /** Ends a call that {@link #enter} began. */
    static void leave(AbstractBackend backend, CallsInFlight.Slot s) {
        backend.calls().leave(s);
    }
}
