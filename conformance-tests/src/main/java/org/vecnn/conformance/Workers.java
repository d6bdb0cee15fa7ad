package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        AtomicBoolean stop = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        Throwable first = null;
        boolean interrupted = false;
        try {
            for (int i = 0; i < threads; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        task.run(id, stop);
                    } catch (Throwable t) {
                        stop.set(true);
                        throw t;
                    }
                    return null;
                }));
            }
        } finally {
            // wait for every thread, whatever happened, before anything is reported or closed
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get();
                        break;
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
