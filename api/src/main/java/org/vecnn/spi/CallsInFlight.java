package org.vecnn.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The calls in flight on one backend whose calls hold their operands, and the frees that wait for them: a
 * grace period in the manner of read-copy-update, so that a call costs no atomic read-modify-write on shared
 * memory.
 *
 * <p>Each thread that calls into the backend has a {@link Slot} of its own: a sequence number that is odd while
 * the thread is in a call (nested calls count once) and a depth only the thread touches. Entering a call is a
 * volatile store of the sequence number (one full fence); leaving is a release store. After entering, a call
 * reads the closed flags of what it uses and refuses when one is set.
 *
 * <p>A close sets the object's closed flag (a volatile write), then {@link #afterCalls} notes every slot that is
 * in a call. The volatile accesses are totally ordered, so a call that read the flag unset had made its slot odd
 * before the close noted the slots: it is among those noted. The object is freed once each noted slot has
 * moved on from the sequence number it had then, i.e. once every call that might use the object has left: at
 * once when none was in a call, at the closer's own outermost leave when only the closer was, and otherwise by a
 * daemon thread that polls the noted slots. Nothing blocks: neither the close nor any call waits for another.
 */
final class CallsInFlight {
    private static final System.Logger LOG = System.getLogger("org.vecnn.spi");
    private static final VarHandle SEQUENCE;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(Slot.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One thread's state towards one backend. */
    static final class Slot {
        // Odd while the thread is in a call; written only by the thread.
        private volatile long sequence;
        // Calls of the thread under way on this backend; only the thread touches it.
        private int depth;
        // Frees that waited only for this thread: run at its outermost leave. Only the thread touches it.
        private List<Runnable> atLeave;
        private final WeakReference<Thread> owner;

        private Slot(Thread owner) {
            this.owner = new WeakReference<>(owner);
        }

        private boolean ownerGone() {
            Thread t = owner.get();
            return t == null || !t.isAlive();
        }
    }

    private final ThreadLocal<Slot> slots = new ThreadLocal<>();
    // Every slot that may be in a call: copied on write, read by afterCalls.
    private volatile Slot[] all = new Slot[0];
    private int pruneAt = 64;

    /**
     * Marks the calling thread in a call on the backend; the caller then checks the closed flags of what it
     * uses and {@link #leave}s in a finally.
     *
     * @return the thread's slot, for {@link #leave}
     */
    Slot enter() {
        Slot s = slots.get();
        if (s == null) {
            s = register();
        }
        if (s.depth++ == 0) {
            SEQUENCE.setVolatile(s, (long) SEQUENCE.get(s) + 1);
        }
        return s;
    }

    /** @return the calling thread's slot, for a {@link #leave} whose enter did not keep it */
    Slot current() {
        return slots.get();
    }

    /**
     * Ends what {@link #enter} began; at the outermost call, runs the frees that waited only for this thread.
     *
     * @param s the slot enter returned, on this thread
     */
    void leave(Slot s) {
        if (--s.depth == 0) {
            SEQUENCE.setRelease(s, (long) SEQUENCE.get(s) + 1);
            if (s.atLeave != null) {
                List<Runnable> frees = s.atLeave;
                s.atLeave = null;
                for (Runnable free : frees) {
                    runLogged(free);
                }
            }
        }
    }

    /**
     * Runs a free once no call that began before now is in flight. Call it after the volatile write that marks
     * the object closed.
     *
     * @param free frees the object; must not throw, and must be safe to run on any thread
     */
    void afterCalls(Runnable free) {
        VarHandle.fullFence();
        Slot self = slots.get();
        Slot[] noted = null;
        long[] sequences = null;
        int count = 0;
        for (Slot s : all) {
            long q = (long) SEQUENCE.getVolatile(s);
            if ((q & 1) != 0) {
                if (noted == null) {
                    noted = new Slot[4];
                    sequences = new long[4];
                } else if (count == noted.length) {
                    noted = java.util.Arrays.copyOf(noted, 2 * count);
                    sequences = java.util.Arrays.copyOf(sequences, 2 * count);
                }
                noted[count] = s;
                sequences[count++] = q;
            }
        }
        if (count == 0) {
            runLogged(free);
        } else if (count == 1 && noted[0] == self) {
            if (self.atLeave == null) {
                self.atLeave = new ArrayList<>(2);
            }
            self.atLeave.add(free);
        } else {
            Reclaimer.add(new Pending(noted, sequences, count, free));
        }
    }

    /** @return how many slots are kept, for the tests of pruning */
    int slotCount() {
        return all.length;
    }

    private synchronized Slot register() {
        Slot s = new Slot(Thread.currentThread());
        Slot[] before = all;
        List<Slot> kept = new ArrayList<>(before.length + 1);
        if (before.length >= pruneAt) {
            // Threads that ended leave their slots behind, even (no thread dies inside a call).
            for (Slot old : before) {
                if (!old.ownerGone()) {
                    kept.add(old);
                }
            }
            pruneAt = Math.max(64, 2 * (kept.size() + 1));
        } else {
            kept.addAll(java.util.Arrays.asList(before));
        }
        kept.add(s);
        all = kept.toArray(new Slot[0]);
        slots.set(s);
        return s;
    }

    private static void runLogged(Runnable free) {
        try {
            free.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "freeing a closed object failed", e);
        }
    }

    /** A free waiting for the noted slots to move on. */
    private static final class Pending {
        private final Slot[] slots;
        private final long[] sequences;
        private final int count;
        private final Runnable free;

        Pending(Slot[] slots, long[] sequences, int count, Runnable free) {
            this.slots = slots;
            this.sequences = sequences;
            this.count = count;
            this.free = free;
        }

        boolean callsLeft() {
            for (int i = 0; i < count; i++) {
                if ((long) SEQUENCE.getVolatile(slots[i]) == sequences[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The daemon thread that runs the frees whose calls were still in flight at the close: it polls their slots,
     * pausing from {@link #FIRST_PAUSE_NS} up to {@link #LONGEST_PAUSE_NS} between looks, and ends after
     * {@link #IDLE_NS} with nothing to do (a later close starts another).
     */
    static final class Reclaimer implements Runnable {
        static final long FIRST_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(10);
        static final long LONGEST_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(1);
        static final long IDLE_NS = TimeUnit.SECONDS.toNanos(1);
        private static final Object LOCK = new Object();
        private static final ArrayDeque<Pending> QUEUE = new ArrayDeque<>();
        private static Thread running;
        private static long added;
        private static long done;

        private Reclaimer() {
        }

        static void add(Pending p) {
            synchronized (LOCK) {
                QUEUE.add(p);
                added++;
                if (running == null) {
                    running = new Thread(new Reclaimer(), "vecnn-free-after-calls");
                    running.setDaemon(true);
                    running.start();
                } else {
                    LockSupport.unpark(running);
                }
            }
        }

        /**
         * Waits until every free handed to the daemon so far has run.
         *
         * @param timeout the longest wait
         * @param unit its unit
         * @return true when they all ran, false on timeout
         * @throws InterruptedException when interrupted
         */
        static boolean awaitFrees(long timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            synchronized (LOCK) {
                long target = added;
                while (done < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(LOCK, left);
                }
                return true;
            }
        }

        @Override
        public void run() {
            List<Pending> waiting = new ArrayList<>();
            long pause = FIRST_PAUSE_NS;
            long idleSince = System.nanoTime();
            while (true) {
                synchronized (LOCK) {
                    waiting.addAll(QUEUE);
                    QUEUE.clear();
                    if (waiting.isEmpty() && System.nanoTime() - idleSince >= IDLE_NS) {
                        running = null;
                        return;
                    }
                }
                int freed = 0;
                for (Iterator<Pending> it = waiting.iterator(); it.hasNext();) {
                    Pending p = it.next();
                    if (p.callsLeft()) {
                        runLogged(p.free);
                        it.remove();
                        freed++;
                    }
                }
                if (freed > 0) {
                    synchronized (LOCK) {
                        done += freed;
                        LOCK.notifyAll();
                    }
                    pause = FIRST_PAUSE_NS;
                }
                if (waiting.isEmpty()) {
                    idleSince = freed > 0 ? System.nanoTime() : idleSince;
                    LockSupport.parkNanos(this, IDLE_NS);
                } else {
                    idleSince = System.nanoTime();
                    LockSupport.parkNanos(this, pause);
                    pause = Math.min(2 * pause, LONGEST_PAUSE_NS);
                }
            }
        }
    }
}
