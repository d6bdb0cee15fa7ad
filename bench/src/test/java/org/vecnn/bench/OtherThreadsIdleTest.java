package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The wait for the process's other threads: a thread that keeps spinning is seen, and waited for only so long. */
class OtherThreadsIdleTest {

    @Test
    void aSpinningThreadKeepsEachWaitToTheLimitAndThreeSuchWaitsEndTheWaiting() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "reads threads' CPU time from /proc: Linux only");
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        Thread spinner = new Thread(() -> {
            spinning.countDown();
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() & 1;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "spinner");
        spinner.setDaemon(true);
        spinner.start();
        try {
            assertTrue(spinning.await(10, TimeUnit.SECONDS), "the spinning thread never started");
            OtherThreadsIdle idle = new OtherThreadsIdle();
            for (int i = 0; i < OtherThreadsIdle.GIVE_UP_AFTER; i++) {
                assertTrue(idle.await() >= OtherThreadsIdle.MAX_WAIT_NS, "wait " + i + " ended before the limit");
            }
            assertEquals(0, idle.await(), "waits go on after " + OtherThreadsIdle.GIVE_UP_AFTER + " at the limit");
            String summary = idle.summary();
            assertTrue(summary.startsWith(OtherThreadsIdle.GIVE_UP_AFTER + " waits for other threads to go idle"),
                    summary);
            assertTrue(summary.contains(OtherThreadsIdle.GIVE_UP_AFTER + " ended at the 300 ms limit; then no more "
                    + "waits"), summary);
        } finally {
            stop.set(true);
            spinner.join(10_000);
        }
    }

    @Test
    void noWaitNoSummary() {
        assertEquals("", new OtherThreadsIdle().summary());
    }
}
