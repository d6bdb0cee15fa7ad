package org.vecnn.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifetimeTest {

    /** Counts its frees, and whether one came while a call was inside. */
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

    @Test
    void closeWithNoCallInFlightFreesAtOnceAndOnlyOnce() {
        Counted l = new Counted();
        assertTrue(l.close());
        assertFalse(l.close());
        assertTrue(l.isClosed());
        assertEquals(1, l.frees.get());
        assertFalse(l.enter(), "a closed object admits no call");
        assertEquals(1, l.frees.get());
    }

    @Test
    void closeDuringCallsFreesWhenTheLastLeaves() {
        Counted l = new Counted();
        assertTrue(l.enter());
        assertTrue(l.enter());
        assertTrue(l.close());
        assertEquals(0, l.frees.get(), "two calls are in flight");
        assertFalse(l.enter());
        l.leave();
        assertEquals(0, l.frees.get(), "one call is still in flight");
        l.leave();
        assertEquals(1, l.frees.get());
    }

    @Test
    void underRacingCallsAndACloseTheObjectIsFreedOnceAndNeverUnderACall() throws Exception {
        for (int round = 0; round < 200; round++) {
            Counted l = new Counted();
            int threads = 4;
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            List<Thread> callers = new ArrayList<>();
            AtomicInteger refused = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    await(start);
                    for (int call = 0; call < 1000; call++) {
                        if (!l.enter()) {
                            refused.incrementAndGet();
                            return;
                        }
                        l.inside.incrementAndGet();
                        l.inside.decrementAndGet();
                        l.leave();
                    }
                });
                thread.start();
                callers.add(thread);
            }
            await(start);
            l.close();
            for (Thread thread : callers) {
                thread.join();
            }
            assertEquals(1, l.frees.get(), "round " + round + ": freed exactly once");
            assertFalse(l.freedUnderACall.get(), "round " + round + ": freed while a call was inside");
            assertFalse(l.enter(), "round " + round);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
