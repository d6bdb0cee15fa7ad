package org.vecnn.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lifetime of one matrix or backend under concurrency: how many calls use it now, whether it was closed,
 * and whether what it holds was freed. A call {@linkplain #enter() enters} before it touches the object and
 * {@linkplain #leave() leaves} in a {@code finally}; {@link #close()} marks the object closed, so that every
 * later entry fails, and {@link #free()} runs exactly once, when the object is closed and no call is in it:
 * at the close itself when none was, otherwise when the last call leaves. Nothing blocks: entering and
 * leaving are one atomic add each.
 */
abstract class Lifetime {
    // One int: the calls in flight in the low 30 bits, then CLOSED, then FREED (the sign bit).
    private static final int CLOSED = 1 << 30;
    private static final int FREED = 1 << 31;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Lifetime.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;

    /** Frees what the object holds: called once, after {@link #close()}, with no call in flight. */
    abstract void free();

    /**
     * Counts a call in, unless the object is closed.
     *
     * @return true when the call may use the object (it must {@link #leave()}); false when the object is closed
     *     (nothing to leave)
     */
    final boolean enter() {
        int before = (int) STATE.getAndAdd(this, 1);
        if ((before & CLOSED) == 0) {
            return true;
        }
        leave();
        return false;
    }

    /** Counts a call out; frees the object when it was closed and this was the last call in it. */
    final void leave() {
        int after = (int) STATE.getAndAdd(this, -1) - 1;
        if (after == CLOSED && STATE.compareAndSet(this, CLOSED, CLOSED | FREED)) {
            free();
        }
    }

    /**
     * Marks the object closed; frees it now when no call is in it.
     *
     * @return true for the first close, false when it was closed already
     */
    final boolean close() {
        if (STATE.compareAndSet(this, 0, CLOSED | FREED)) {
            free();
            return true;
        }
        int before = (int) STATE.getAndBitwiseOr(this, CLOSED);
        if ((before & CLOSED) != 0) {
            return false;
        }
        if (before == 0 && STATE.compareAndSet(this, CLOSED, CLOSED | FREED)) {
            free();
        }
        return true;
    }

    /** @return true once {@link #close()} was called */
    final boolean isClosed() {
        return (state & CLOSED) != 0;
    }
}
