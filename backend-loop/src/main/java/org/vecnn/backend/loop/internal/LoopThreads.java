package org.vecnn.backend.loop.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * One process-wide pool of daemon threads (one fewer than the cores: the calling thread works too), created
 * on the first product large enough to split. Chunks are claimed from a counter by the caller and by the
 * helpers alike, so a caller never waits for a chunk that no thread has started: many callers sharing the
 * pool (a layer used from 8 threads) slow each other down but never deadlock.
 */
final class LoopThreads {
    private LoopThreads() {
    }

    /** @return the number of threads a product is split across by default: the available processors */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs body(0), ..., body(count - 1), on the calling thread and the pool's threads, and returns when
     * all are done; the first failure is rethrown on the calling thread.
     */
    static void forEach(int count, IntConsumer body) {
        if (count <= 1) {
            if (count == 1) {
                body.accept(0);
            }
            return;
        }
        Job job = new Job(count, body);
        ExecutorService pool = Pool.EXECUTOR;
        int helpers = Math.min(count - 1, Pool.SIZE);
        for (int h = 0; h < helpers; h++) {
            pool.execute(job::work);
        }
        job.work();
        job.await();
        Throwable failure = job.failure.get();
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static final class Job {
        private final int count;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int count, IntConsumer body) {
            this.count = count;
            this.body = body;
            this.done = new CountDownLatch(count);
        }

        void work() {
            for (int t = next.getAndIncrement(); t < count; t = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.accept(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the chunks in flight write into the caller's output: wait for them
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // Lazy holder: the pool exists only once a product was large enough to need it.
    private static final class Pool {
        static final int SIZE = Math.max(1, defaultThreads() - 1);
        private static final AtomicInteger COUNTER = new AtomicInteger();
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(SIZE, task -> {
            Thread thread = new Thread(task, "vecnn-loop-" + COUNTER.incrementAndGet());
            thread.setDaemon(true); // never keeps a JVM alive
            return thread;
        });
    }
}
