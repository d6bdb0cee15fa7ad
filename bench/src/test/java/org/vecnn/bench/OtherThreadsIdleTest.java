package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The wait for the process's other threads: its rule on given CPU times (busy: to the limit, three times in a row
 * and no more; idle: one window), and the CPU time it reads from {@code /proc}.
 */
class OtherThreadsIdleTest {

    @Test
    void busyThreadsHoldEachWaitToTheLimitAndThreeSuchWaitsInARowEndTheWaiting() {
        AtomicLong cpu = new AtomicLong();
        OtherThreadsIdle idle = new OtherThreadsIdle(() -> cpu.addAndGet(1_000_000_000L));
        for (int i = 0; i < OtherThreadsIdle.GIVE_UP_AFTER; i++) {
            assertTrue(idle.await() >= OtherThreadsIdle.MAX_WAIT_NS, "wait " + i + " ended before the limit");
        }
        assertEquals(0, idle.await(), "waits go on after " + OtherThreadsIdle.GIVE_UP_AFTER + " at the limit");
        String summary = idle.summary();
        assertTrue(summary.startsWith(OtherThreadsIdle.GIVE_UP_AFTER + " waits for other threads to go idle"), summary);
        assertTrue(summary.contains(OtherThreadsIdle.GIVE_UP_AFTER + " ended at the 300 ms limit; then no more waits"),
                summary);
    }

    @Test
    void idleThreadsEndAWaitAfterOneWindowAndResetTheCountOfWaitsAtTheLimit() {
        AtomicBoolean busy = new AtomicBoolean(true);
        AtomicLong cpu = new AtomicLong();
        OtherThreadsIdle idle = new OtherThreadsIdle(() -> busy.get() ? cpu.addAndGet(1_000_000_000L) : cpu.get());
        idle.await();
        idle.await();
        busy.set(false);
        long waited = idle.await();
        assertTrue(waited >= OtherThreadsIdle.WINDOW_NS && waited < OtherThreadsIdle.MAX_WAIT_NS, "waited " + waited);
        busy.set(true);
        idle.await();
        idle.await();
        assertTrue(idle.await() >= OtherThreadsIdle.MAX_WAIT_NS, "gave up though no 3 waits in a row hit the limit");
        String summary = idle.summary();
        assertTrue(summary.startsWith("6 waits for other threads to go idle"), summary);
        assertTrue(summary.endsWith("5 ended at the 300 ms limit; then no more waits: after 3 in a row at the limit, "
                + "something in this process kept running"), summary);
    }

    @Test
    void whereTheCpuTimeCannotBeReadNothingWaits() {
        OtherThreadsIdle idle = new OtherThreadsIdle(() -> -1);
        assertEquals(0, idle.await());
        assertEquals("", idle.summary());
    }

    @Test
    void theCpuTimeReadFromProcGrowsWhileAnotherThreadSpins() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "reads threads' CPU time from /proc: Linux only");
        long before = OtherThreadsIdle.othersCpuNs();
        assertTrue(before >= 0, "no CPU time from /proc: " + before);
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread spinner = new Thread(() -> {
            long start = System.nanoTime();
            long x = 0;
            while (System.nanoTime() - start < 200_000_000L) {
                x += System.nanoTime() & 1;
            }
            if (x == 42) {
                System.out.print("");
            }
            spun.countDown();
            try {
                // alive until its CPU time is read: an ended thread leaves /proc/self/task
                read.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "spinner");
        spinner.setDaemon(true);
        spinner.start();
        assertTrue(spun.await(60, TimeUnit.SECONDS), "the spinning thread never finished");
        long after = OtherThreadsIdle.othersCpuNs();
        read.countDown();
        assertTrue(after > before, "other threads' CPU time " + before + " -> " + after + " ns after 200 ms of spinning");
        spinner.join(10_000);
    }
}
