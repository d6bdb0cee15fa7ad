package org.vecnn.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallsInFlightTest {
    private static final long GUARD_SECONDS = 60;

    /** An object under a backend's calls in flight: counts its frees, and whether one came under a call. */
    private static final class Counted extends Lifetime {
        final AtomicInteger frees = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicBoolean freedUnderACall = new AtomicBoolean();

        @Override
        void free() {
            if (inside.get() != 0) {
                freedUnderACall.set(true);
            }
            frees.incrementAndGet();
        }
    }

    private final CallsInFlight calls = new CallsInFlight();

    @Test
    void closeWithNoCallInFlightFreesAtOnceAndOnlyOnce() {
        Counted l = new Counted();
        assertTrue(l.close(calls));
        assertFalse(l.close(calls));
        assertTrue(l.isClosed());
        assertEquals(1, l.frees.get());
        l.freeNow();
        assertEquals(1, l.frees.get(), "freeNow after the free frees nothing more");
    }

    @Test
    void closeInsideTheClosersOwnCallFreesAtItsOutermostLeave() {
        Counted l = new Counted();
        CallsInFlight.Slot outer = calls.enter();
        CallsInFlight.Slot inner = calls.enter();
        assertTrue(l.close(calls));
        assertEquals(0, l.frees.get(), "the closing thread is in a call");
        calls.leave(inner);
        assertEquals(0, l.frees.get(), "the outer call is still under way");
        calls.leave(outer);
        assertEquals(1, l.frees.get(), "freed when the outermost call left");
    }

    @Test
    void closeWhileAnotherThreadIsInACallFreesOnlyAfterItLeft() throws Exception {
        Counted l = new Counted();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            CallsInFlight.Slot s = calls.enter();
            try {
                entered.countDown();
                await(closed);
            } finally {
                calls.leave(s);
            }
        });
        caller.start();
        assertTrue(entered.await(GUARD_SECONDS, TimeUnit.SECONDS), "the caller entered");
        assertTrue(l.close(calls));
        assertTrue(l.isClosed());
        assertEquals(0, l.frees.get(), "a call that began before the close is in flight");
        closed.countDown();
        caller.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(caller.isAlive(), "the caller returned");
        assertTrue(CallsInFlight.Reclaimer.awaitFrees(GUARD_SECONDS, TimeUnit.SECONDS), "the free ran");
        assertEquals(1, l.frees.get());
    }

    @Test
    void callsThatBeginAfterTheCloseDoNotDelayTheFree() {
        Counted l = new Counted();
        assertTrue(l.close(calls));
        CallsInFlight.Slot s = calls.enter();
        try {
            assertTrue(l.isClosed(), "a call entering after the close sees it closed");
            assertEquals(1, l.frees.get(), "freed at the close: no call was in flight");
        } finally {
            calls.leave(s);
        }
    }

    @Test
    void underRacingCallsAndACloseTheObjectIsFreedOnceAndNeverUnderACall() throws Exception {
        for (int round = 0; round < 200; round++) {
            Counted l = new Counted();
            int threads = 4;
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    await(start);
                    for (int call = 0; call < 1000; call++) {
                        CallsInFlight.Slot s = calls.enter();
                        try {
                            if (l.isClosed()) {
                                return;
                            }
                            l.inside.incrementAndGet();
                            l.inside.decrementAndGet();
                        } finally {
                            calls.leave(s);
                        }
                    }
                });
                thread.start();
                callers.add(thread);
            }
            await(start);
            l.close(calls);
            for (Thread thread : callers) {
                thread.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
                assertFalse(thread.isAlive(), "round " + round + ": a caller hangs");
            }
            assertTrue(CallsInFlight.Reclaimer.awaitFrees(GUARD_SECONDS, TimeUnit.SECONDS), "round " + round);
            assertEquals(1, l.frees.get(), "round " + round + ": freed exactly once");
            assertFalse(l.freedUnderACall.get(), "round " + round + ": freed while a call was inside");
        }
    }

    @Test
    void theSlotsOfThreadsThatEndedAreDropped() throws Exception {
        for (int t = 0; t < 300; t++) {
            Thread thread = new Thread(() -> calls.leave(calls.enter()));
            thread.start();
            thread.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            assertFalse(thread.isAlive());
        }
        assertTrue(calls.slotCount() <= 130, "slots of ended threads are pruned: " + calls.slotCount() + " kept");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(GUARD_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
