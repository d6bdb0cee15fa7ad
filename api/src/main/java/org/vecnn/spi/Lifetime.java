package org.vecnn.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;

/**
 * Whether one matrix, layer or backend is closed, and whether what it holds was freed. {@link #close} marks it
 * closed (a volatile write, so that every call entering later refuses it) and has {@link #free()} run exactly
 * once: after the calls in flight on its backend have left ({@link CallsInFlight#afterCalls}), or at once on a
 * backend whose calls hold nothing.
 *
 * <p><b>Calls that hold nothing.</b> An object given a release that does not refer to it (a small matrix of a
 * tracking backend) may be used by calls that take no hold: such a call {@linkplain #useWithoutHold notes} the
 * calling thread on each of its operands before checking them open, and keeps them reachable until it returns.
 * The first thread to do so is remembered; a second makes it "any thread". A close by a thread other than the
 * one remembered cannot know whether that thread's call is under way, so it leaves the release to the garbage
 * collector: it runs once the object is unreachable, i.e. once no call can be using it. A close by the
 * remembered thread itself, or of an object no call used without a hold, frees as above. The note and the
 * closed flag are volatile, so either the close sees the note or the call sees the flag (and refuses).
 */
abstract class Lifetime {
    private static final int CLOSED = 1;
    private static final int FREED = 2;
    private static final long NO_THREAD = 0;
    // Thread ids start at 1 and are never reused, so -1 names no thread.
    private static final long ANY_THREAD = -1;
    private static final VarHandle STATE;
    private static final VarHandle USED_BY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Lifetime.class, "state", int.class);
            USED_BY = lookup.findVarHandle(Lifetime.class, "usedBy", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    // The id of the one thread that used the object in a call holding nothing, ANY_THREAD once a second did,
    // NO_THREAD before any.
    private volatile long usedBy;
    // Frees what the object holds without referring to the object; null when every call must hold it.
    private final Runnable unreachableRelease;

    /** A lifetime whose object every call on a tracking backend holds. */
    Lifetime() {
        this(null);
    }

    /**
     * @param unreachableRelease frees what the object holds without referring to it, for the garbage collector
     *     to run; non-null lets calls use the object without a hold
     */
    Lifetime(Runnable unreachableRelease) {
        this.unreachableRelease = unreachableRelease;
    }

    /** Frees what the object holds: called once, after it was closed, when no call can use it any more. */
    abstract void free();

    /** Forgets the object wherever it is remembered for a later free (its backend's list): it is left to the collector. */
    void forget() {
    }

    /** @return whether calls may use the object without holding it */
    final boolean usableWithoutHold() {
        return unreachableRelease != null;
    }

    /**
     * @param thread a thread's id
     * @return whether the object is noted for that thread alone, i.e. {@link #useWithoutHold} has nothing to do (a
     *     plain read: only that thread's own note can make it true)
     */
    final boolean notedFor(long thread) {
        return (long) USED_BY.get(this) == thread;
    }

    /**
     * Notes that the calling thread uses the object in a call that takes no hold. Call it before checking the
     * object open, and keep the object reachable until the call returns. Costs a plain read once the thread is
     * noted; the first note of a thread is a volatile write.
     *
     * @param thread the id of the calling thread
     */
    final void useWithoutHold(long thread) {
        long u = (long) USED_BY.get(this);
        if (u != thread && u != ANY_THREAD) {
            while (true) {
                long seen = (long) USED_BY.getVolatile(this);
                long next = seen == NO_THREAD ? thread : ANY_THREAD;
                if (seen == thread || seen == ANY_THREAD || USED_BY.compareAndSet(this, seen, next)) {
                    return;
                }
            }
        }
    }

    /**
     * Marks the object closed and frees it once the calls in flight have left; when a thread other than the
     * caller used it without a hold, leaves the free to the garbage collector instead.
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
        if (leftToCollector(Thread.currentThread().getId(), calls)) {
            return true;
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
     * call that holds can use any object of the backend.
     */
    final void freeNow() {
        int before = (int) STATE.getAndBitwiseOr(this, CLOSED | FREED);
        if ((before & FREED) == 0) {
            free();
        }
    }

    /**
     * The backend's free of an object it tracks: {@link #freeNow()}, or, when a thread other than the one that
     * closed the backend used the object without a hold, the free left to the garbage collector.
     *
     * @param closer the id of the thread that closed the backend; read after the backend was marked closed, and
     *     once no call holding the object can be in flight
     */
    final void freeAtBackendClose(long closer) {
        if (!leftToCollector(closer, null)) {
            freeNow();
        }
    }

    /** @return true once {@link #close} (or {@link #freeNow()}) was called */
    final boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    // Called after the object (or its backend) was marked closed: a call that noted itself after that mark sees it
    // and refuses, so only the threads noted now can be using the object without a hold. The object is handed to
    // the collector once the calls holding it (in flight now on `calls`, if given) have left: until then the
    // hand-over keeps it reachable, since a holding call keeps no operand reachable itself.
    private boolean leftToCollector(long closer, CallsInFlight calls) {
        long u = (long) USED_BY.getVolatile(this);
        if (u == NO_THREAD || u == closer) {
            return false;
        }
        int before = (int) STATE.getAndBitwiseOr(this, CLOSED | FREED);
        if ((before & FREED) == 0) {
            forget();
            if (calls == null) {
                Collector.CLEANER.register(this, unreachableRelease);
            } else {
                calls.afterCalls(() -> Collector.CLEANER.register(this, unreachableRelease));
            }
        }
        return true;
    }

    // The collector's thread starts with the first free left to it.
    private static final class Collector {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "vecnn-free-unreachable");
            t.setDaemon(true);
            return t;
        });
    }
}
