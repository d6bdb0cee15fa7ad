package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task on several threads at once and reports only after every thread has finished, failed or
 * not: a failing check never leaves threads behind that call into layers it closes, or that compute
 * while the next checks run. After the first failure the others are asked to stop early.
 */
final class Workers {
    /** The prefix of the kit's thread names, so that a test can see that none outlives its check. */
    static final String THREAD_PREFIX = "vecnn-conformance-worker-";
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private Workers() {
    }

    /** The work of one thread. */
    @FunctionalInterface
    interface Task {
        /**
         * @param thread 0 to threads − 1
         * @param stop set once another thread failed: return at the next convenient point
         */
        void run(int thread, AtomicBoolean stop) throws Exception;
    }

    /**
     * Starts the task on {@code threads} threads at once (behind a barrier) and waits for all of them.
     *
     * @throws AssertionError the first thread's assertion failure, or a failure naming another exception
     */
    static void run(String what, int threads, Task task) {
        run(what, threads, null, task);
    }

    /**
     * As {@link #run(String, int, Task)}, with a hang guard: when a thread has not returned by the deadline, the
     * check fails naming it and where it is stuck, and its thread (a daemon) is left behind. Not a timing
     * assertion: the limit is far beyond what the task needs on any machine.
     *
     * @param limit how long the threads may take together, or null for no limit
     * @throws AssertionError as above, or when a thread is still running at the deadline
     */
    static void run(String what, int threads, Duration limit, Task task) {
        AtomicBoolean stop = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(threads);
        Thread[] running = new Thread[threads];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        Throwable first = null;
        boolean interrupted = false;
        try {
            for (int i = 0; i < threads; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    synchronized (running) {
                        running[id] = Thread.currentThread();
                    }
                    try {
                        start.await();
                        task.run(id, stop);
                    } catch (Throwable t) {
                        stop.set(true);
                        throw t;
                    } finally {
                        synchronized (running) {
                            running[id] = null;
                        }
                    }
                    return null;
                }));
            }
        } finally {
            // wait for every thread, whatever happened, before anything is reported or closed
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        if (limit == null) {
                            f.get();
                        } else {
                            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        }
                        break;
                    } catch (TimeoutException e) {
                        stop.set(true);
                        List<String> stuck = new ArrayList<>();
                        synchronized (running) {
                            for (Thread t : running) {
                                if (t != null) {
                                    StackTraceElement[] stack = t.getStackTrace();
                                    stuck.add(t.getName() + " at " + Arrays.toString(Arrays.copyOf(stack,
                                            Math.min(stack.length, 12))));
                                }
                            }
                        }
                        pool.shutdownNow();
                        String after = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s"
                                : limit.toMillis() + " ms";
                        throw new AssertionError(what + ": hang: " + stuck.size() + " thread(s) still running "
                                + after + " after they started: " + String.join("; ", stuck));
                    } catch (ExecutionException e) {
                        if (first == null) {
                            first = e.getCause();
                        }
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            pool.shutdown();
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (first instanceof AssertionError) {
            throw (AssertionError) first;
        }
        if (first != null) {
            fail(what + ": a thread failed: " + first, first);
        }
    }
}
