package org.vecnn.backend.loop.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * One process-wide pool of daemon threads (one fewer than the cores: the calling thread works too), created
 * on the first product large enough to split. Chunks are claimed from a counter by the caller and by the
 * helpers alike, so a caller never waits for a chunk that no thread has started: many callers sharing the
 * pool (a layer used from 8 threads) slow each other down but never deadlock.
 *
 * <p>A helper that runs out of work polls for the next job for {@link #SPIN_NANOS} before it parks, and a
 * caller whose chunks are done polls for the helpers' for as long before it blocks: a product of a few tens of
 * microseconds (a dense layer at batch 64, the layers of a network one after the other) then hands its chunks
 * over without waking a parked thread, which costs more than such a product on a virtual machine.
 */
final class LoopThreads {
    /** How long an idle helper, or a caller waiting for the helpers, polls before it parks. */
    static final long SPIN_NANOS = 100_000;

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
        Pool.submit(job, Math.min(count - 1, Pool.SIZE));
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
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (done.getCount() > 0 && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
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
        /** One entry per helper a job asked for; a helper that finds a job already finished returns at once. */
        private static final ConcurrentLinkedQueue<Job> QUEUE = new ConcurrentLinkedQueue<>();
        private static final Helper[] HELPERS = start();

        private static Helper[] start() {
            Helper[] helpers = new Helper[SIZE];
            for (int i = 0; i < SIZE; i++) {
                helpers[i] = new Helper("vecnn-loop-" + (i + 1));
                helpers[i].setDaemon(true); // never keeps a JVM alive
                helpers[i].start();
            }
            return helpers;
        }

        static void submit(Job job, int helpers) {
            for (int h = 0; h < helpers; h++) {
                QUEUE.offer(job);
            }
            // A helper sets parked before its last poll of the queue, so it either sees the job or is unparked.
            int woken = 0;
            for (Helper helper : HELPERS) {
                if (woken == helpers) {
                    break;
                }
                if (helper.parked) {
                    LockSupport.unpark(helper);
                    woken++;
                }
            }
        }
    }

    private static final class Helper extends Thread {
        volatile boolean parked;

        Helper(String name) {
            super(name);
        }

        @Override
        public void run() {
            while (true) {
                Job job = poll();
                if (job == null) {
                    parked = true;
                    job = Pool.QUEUE.poll();
                    if (job == null) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
                if (job != null) {
                    job.work();
                }
            }
        }

        // The next job, polled for up to SPIN_NANOS; null when none came.
        private static Job poll() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            do {
                Job job = Pool.QUEUE.poll();
                if (job != null) {
                    return job;
                }
                Thread.onSpinWait();
            } while (System.nanoTime() - deadline < 0);
            return null;
        }
    }
}
