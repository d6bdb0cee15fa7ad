package org.vecnn.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The light in-process harness behind {@code vecnn bench}: for each workload of a suite and each available
 * subject, prepare the task, warm up, then time several rounds (see {@link Suite.Plan}), the rounds of one
 * workload's subjects interleaved. Everything runs on the calling thread, so libraries that use several
 * threads never compete with each other. An {@link OutOfProcessSubject} ({@code raw:torch}) is asked for the
 * whole cell, with the same plan, right after the other subjects of the workload, while this thread waits.
 */
public final class Harness {

    /** Hears about progress; called on the harness's thread. */
    public interface Listener {
        /**
         * @param total the number of cells the run will visit
         */
        default void started(int total) {
        }

        /**
         * @param index 0-based position of the cell
         * @param workload its workload
         * @param subject its subject
         */
        default void cellStarted(int index, Workload workload, String subject) {
        }

        /**
         * @param index 0-based position of the cell
         * @param result its result
         */
        default void cellFinished(int index, Result result) {
        }

        /** The run is over. */
        default void finished() {
        }
    }

    private static final long MS = 1_000_000L;
    private static final long SLOW_CALL_NS = 1_000 * MS;
    /** Warm-up ends once a slice of calls is no more than 10% faster than the slice before. */
    private static final double SETTLED = 0.9;
    /** ... or after this many times the planned warm-up, settled or not. */
    private static final long MAX_WARMUP_FACTOR = 20;
    private static final long FIRST_WARMUP_MS = 1_000;

    private final Suite.Plan plan;
    private final OtherThreadsIdle idle = new OtherThreadsIdle();
    private Object sink;
    private final Set<String> warmedUp = new HashSet<>();

    /**
     * @param plan how each cell is timed
     */
    public Harness(Suite.Plan plan) {
        this.plan = plan;
    }

    /**
     * Runs the workloads on the subjects that are available. Within one workload the subjects' timed rounds
     * are interleaved (round 1 of every subject, then round 2, ...), so that a change of machine load hits
     * them alike and the ratios between them stay meaningful. Subjects are not closed.
     *
     * @param workloads the workloads, in order
     * @param subjects the subjects; unavailable ones are left out of the cells
     * @param listener progress
     * @return one result per (workload, available subject), in workload-major order
     */
    public List<Result> run(List<Workload> workloads, List<Subject> subjects, Listener listener) {
        List<Subject> available = new ArrayList<>();
        for (Subject s : subjects) {
            if (s.probe().available()) {
                available.add(s);
            }
        }
        listener.started(workloads.size() * available.size());
        List<Result> results = new ArrayList<>();
        int index = 0;
        for (Workload w : workloads) {
            results.addAll(measureTogether(w, available, index, listener));
            index += available.size();
        }
        listener.finished();
        return results;
    }

    /**
     * Measures one cell on its own.
     *
     * @param workload the workload
     * @param subject the subject, available
     * @return the result: measured, skipped by {@link Suite#skipReason}, or failed with the error
     */
    public Result measure(Workload workload, Subject subject) {
        return measureTogether(workload, List.of(subject), 0, new Listener() { }).get(0);
    }

    private List<Result> measureTogether(Workload workload, List<Subject> subjects, int firstIndex,
            Listener listener) {
        Result[] results = new Result[subjects.size()];
        List<Cell> cells = new ArrayList<>();
        try {
            for (int i = 0; i < subjects.size(); i++) {
                Subject s = subjects.get(i);
                listener.cellStarted(firstIndex + i, workload, s.name());
                String skip = Suite.skipReason(s.name(), workload);
                if (skip != null) {
                    results[i] = new Result(workload, s.name(), s.isLibrary(), Result.Status.SKIPPED, skip, null);
                    continue;
                }
                if (s instanceof OutOfProcessSubject) {
                    continue;
                }
                Task task = null;
                try {
                    task = s.prepare(workload);
                    cells.add(warmUp(i, s, task));
                } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                    results[i] = failed(workload, s, e);
                    closeQuietly(task);
                }
            }
            int rounds = cells.stream().mapToInt(c -> c.perCall.length).max().orElse(0);
            for (int r = 0; r < rounds; r++) {
                for (Cell c : cells) {
                    if (results[c.index] != null || r >= c.perCall.length) {
                        continue;
                    }
                    try {
                        idle.await();
                        c.perCall[r] = round(c.task, c.perRound);
                    } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                        results[c.index] = failed(workload, c.subject, e);
                    }
                }
            }
            for (Cell c : cells) {
                if (results[c.index] == null) {
                    results[c.index] = new Result(workload, c.subject.name(), c.subject.isLibrary(),
                            Result.Status.OK, "", Stats.of(c.perCall, c.perRound));
                }
            }
        } finally {
            for (Cell c : cells) {
                closeQuietly(c.task);
            }
        }
        // Out-of-process subjects time their own calls: each measures the whole cell right after the others.
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null && subjects.get(i) instanceof OutOfProcessSubject) {
                results[i] = ((OutOfProcessSubject) subjects.get(i)).measure(workload, plan);
            }
        }
        for (int i = 0; i < results.length; i++) {
            listener.cellFinished(firstIndex + i, results[i]);
        }
        return List.of(results);
    }

    private static Result failed(Workload workload, Subject s, Throwable e) {
        return new Result(workload, s.name(), s.isLibrary(), Result.Status.FAILED,
                e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }

    private static void closeQuietly(Task task) {
        if (task != null) {
            try {
                task.close();
            } catch (RuntimeException ignored) {
                // a task that fails to close must not hide the measurements of the others
            }
        }
    }

    private Cell warmUp(int index, Subject subject, Task task) {
        idle.await();
        long start = System.nanoTime();
        sink = task.run();
        task.finish();
        long first = System.nanoTime() - start;
        // Warm up for the planned time and for at least one call beyond the first (whose time includes
        // class loading, JIT and first touch of memory), unless that call alone takes over a second. Then go on,
        // slice by slice, while calls still get more than 10% faster: in a fresh JVM the JIT may not have
        // compiled a Vector API kernel within a short (quick) warm-up, and an interpreted one is ~100x slower.
        // A subject's first cell warms for at least a second, whatever the plan: its code is not compiled yet. Nor
        // is a slice settled while the JIT compiled anything during it: a kernel may still be waiting in the
        // compiler's queue, and an interpreted slice is as steady as a compiled one.
        double estimate = first;
        long warmupMs = warmedUp.add(subject.name()) ? Math.max(plan.warmupMs(), FIRST_WARMUP_MS) : plan.warmupMs();
        if (plan.warmupMs() > 0 && first < SLOW_CALL_NS) {
            long slice = Math.max(1, warmupMs * MS / 3);
            long warmStart = System.nanoTime();
            double previous = Double.POSITIVE_INFINITY;
            long compiled = compilationMs();
            while (true) {
                long calls = 0;
                long sliceStart = System.nanoTime();
                long now;
                do {
                    sink = task.run();
                    calls++;
                } while (System.nanoTime() - sliceStart < slice);
                task.finish();
                now = System.nanoTime();
                estimate = (double) (now - sliceStart) / calls;
                long warmed = now - warmStart;
                long compiledNow = compilationMs();
                boolean settled = estimate > SETTLED * previous && compiledNow == compiled;
                compiled = compiledNow;
                if (warmed >= MAX_WARMUP_FACTOR * warmupMs * MS || (warmed >= warmupMs * MS && settled)) {
                    break;
                }
                previous = estimate;
            }
        }
        long perRound = Math.max(1, (long) Math.ceil(plan.roundMs() * MS / Math.max(estimate, 1)));
        int rounds = plan.rounds();
        if (estimate > plan.roundMs() * MS && rounds > 3) {
            rounds = (int) Math.max(3, Math.min(rounds, plan.cellBudgetMs() * MS / estimate));
        }
        return new Cell(index, subject, task, perRound, new double[rounds]);
    }

    // The JIT's total compilation time so far, or 0 where the JVM does not report it.
    private static long compilationMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private double round(Task task, long perRound) {
        Object last = null;
        long t0 = System.nanoTime();
        for (long i = 0; i < perRound; i++) {
            last = task.run();
        }
        task.finish();
        double perCall = (double) (System.nanoTime() - t0) / perRound;
        sink = last;
        return perCall;
    }

    private record Cell(int index, Subject subject, Task task, long perRound, double[] perCall) {
    }

    /**
     * @return how long the rounds waited for the process's other threads (a native library's spinning workers)
     *     to go idle, or "" when they never waited
     */
    public String idleWaits() {
        return idle.summary();
    }

    /** @return the last output, kept so that no call can be optimised away */
    Object sink() {
        return sink;
    }
}
