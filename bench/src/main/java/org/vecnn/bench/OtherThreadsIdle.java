package org.vecnn.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Waits until the other threads of this process stop using the CPU: the worker threads a native library
 * leaves spinning after its call (OpenBLAS, OpenMP, ONNX Runtime's pool), which on a machine of a few cores
 * would otherwise run through the next subject's timed round and take a core from it. Linux only: it reads
 * each thread's CPU time from {@code /proc/self/task/<tid>/schedstat} (nanoseconds); elsewhere it returns at
 * once.
 */
final class OtherThreadsIdle {
    /**
     * The window in which the other threads' CPU time is compared with the wall time. The kernel adds a running
     * thread's time to its schedstat at the scheduler tick (every 4 ms at HZ = 250, 10 ms at HZ = 100), so a
     * shorter window can see a spinning thread as idle.
     */
    static final long WINDOW_NS = 10_000_000L;
    /** Idle: the other threads used at most this share of one core over a window. */
    static final double IDLE_SHARE = 0.1;
    /** The longest wait; a thread that never stops (a JIT compilation, another workload) does not hold the run. */
    static final long MAX_WAIT_NS = 300_000_000L;
    /** After this many waits in a row end at the limit, something keeps running: waiting stops for the run. */
    static final int GIVE_UP_AFTER = 3;

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private final LongSupplier othersCpuNs;
    private long waitedNs;
    private int waits;
    private int capped;
    private int cappedInARow;

    /** Reads the other threads' CPU time from {@code /proc}. */
    OtherThreadsIdle() {
        this(OtherThreadsIdle::othersCpuNs);
    }

    /**
     * @param othersCpuNs the other threads' CPU time so far, in nanoseconds, or a negative number where it cannot
     *     be read (then every wait returns at once)
     */
    OtherThreadsIdle(LongSupplier othersCpuNs) {
        this.othersCpuNs = othersCpuNs;
    }

    /**
     * Returns once the other threads have been idle over one window, or after {@link #MAX_WAIT_NS}; at once
     * after {@link #GIVE_UP_AFTER} waits in a row ended at that limit.
     *
     * @return the nanoseconds waited
     */
    long await() {
        long cpu = cappedInARow >= GIVE_UP_AFTER ? -1 : othersCpuNs.getAsLong();
        if (cpu < 0) {
            return 0;
        }
        long start = System.nanoTime();
        long wall = start;
        while (true) {
            LockSupport.parkNanos(WINDOW_NS);
            long cpuNow = othersCpuNs.getAsLong();
            long wallNow = System.nanoTime();
            boolean idle = cpuNow - cpu <= IDLE_SHARE * (wallNow - wall);
            if (idle || wallNow - start >= MAX_WAIT_NS) {
                long waited = wallNow - start;
                waitedNs += waited;
                waits++;
                capped += idle ? 0 : 1;
                cappedInARow = idle ? 0 : cappedInARow + 1;
                return waited;
            }
            cpu = cpuNow;
            wall = wallNow;
        }
    }

    /** @return what the waits came to, for the report: "N waits, S s in all, C at the limit", or "" when none */
    String summary() {
        if (waits == 0) {
            return "";
        }
        String summary = String.format("%d waits for other threads to go idle, %.1f s in all, %d ended at the %d ms "
                + "limit", waits, waitedNs / 1e9, capped, MAX_WAIT_NS / 1_000_000);
        return cappedInARow >= GIVE_UP_AFTER ? summary + "; then no more waits: after " + GIVE_UP_AFTER
                + " in a row at the limit, something in this process kept running" : summary;
    }

    /**
     * @return the CPU time of every thread of this process but the caller, in nanoseconds, from {@code /proc}
     *     (threads that end between the listing and the read are left out), or -1 where {@code /proc} cannot
     *     tell
     */
    static long othersCpuNs() {
        String self;
        try {
            self = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return -1;
        }
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                if (task.getFileName().toString().equals(self)) {
                    continue;
                }
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    int end = stat.indexOf(' ');
                    sum += Long.parseLong(end < 0 ? stat.trim() : stat.substring(0, end));
                } catch (IOException | NumberFormatException e) {
                    // the thread ended, or the kernel has no schedstat: it counts as idle
                }
            }
        } catch (IOException | SecurityException e) {
            return -1;
        }
        return sum;
    }
}
