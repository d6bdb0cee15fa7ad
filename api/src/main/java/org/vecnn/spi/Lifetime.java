package org.vecnn.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether one matrix, layer or backend is closed, and whether what it holds was freed. {@link #close} marks it
 * closed (a volatile write, so that every call entering later refuses it) and has {@link #free()} run exactly
 * once: after the calls in flight on its backend have left ({@link CallsInFlight#afterCalls}), or at once on a
 * backend whose calls hold nothing.
 */
abstract class Lifetime {
    private static final int CLOSED = 1;
    private static final int FREED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Lifetime.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;

    /** Frees what the object holds: called once, after it was closed, when no call can use it any more. */
    abstract void free();

    /**
     * Marks the object closed and frees it once the calls in flight have left.
     *
     * @param calls the calls in flight on the object's backend, or null to free at once (a backend whose
     *     {@code free} frees nothing a kernel reads)
     * @return true for the first close, false when it was closed already
     */
    final boolean close(CallsInFlight calls) {
        int before = (int) STATE.getAndBitwiseOr(this, CLOSED);
        if ((before & CLOSED) != 0) {
            return false;
        }
        if (calls == null) {
            freeNow();
        } else {
            calls.afterCalls(this::freeNow);
        }
        return true;
    }

    /**
     * Marks the object closed and frees it now unless it was freed: for its backend's free, which runs when no
     * call can use any object of the backend.
     */
    final void freeNow() {
        int before = (int) STATE.getAndBitwiseOr(this, CLOSED | FREED);
        if ((before & FREED) == 0) {
            free();
        }
    }

    /** @return true once {@link #close} (or {@link #freeNow()}) was called */
    final boolean isClosed() {
        return (state & CLOSED) != 0;
    }
}
