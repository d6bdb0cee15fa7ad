package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The light in-process harness behind {@code vecnn bench}: for each workload of a suite and each available
 * subject, prepare the task, warm up, then time several rounds (see {@link Suite.Plan}). Cells run one after
 * another on the calling thread, so libraries that use several threads do not compete.
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

    private final Suite.Plan plan;
    private Object sink;

    /**
     * @param plan how each cell is timed
     */
    public Harness(Suite.Plan plan) {
        this.plan = plan;
    }

    /**
     * Runs the workloads on the subjects that are available. Subjects are not closed.
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
            for (Subject s : available) {
                listener.cellStarted(index, w, s.name());
                Result r = measure(w, s);
                results.add(r);
                listener.cellFinished(index, r);
                index++;
            }
        }
        listener.finished();
        return results;
    }

    /**
     * Measures one cell.
     *
     * @param workload the workload
     * @param subject the subject, available
     * @return the result: measured, skipped by {@link Suite#skipReason}, or failed with the error
     */
    public Result measure(Workload workload, Subject subject) {
        String skip = Suite.skipReason(subject.name(), workload);
        if (skip != null) {
            return new Result(workload, subject.name(), subject.isLibrary(), Result.Status.SKIPPED, skip, null);
        }
        try (Task task = subject.prepare(workload)) {
            return new Result(workload, subject.name(), subject.isLibrary(), Result.Status.OK, "", time(task));
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            return new Result(workload, subject.name(), subject.isLibrary(), Result.Status.FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private Stats time(Task task) {
        long start = System.nanoTime();
        sink = task.run();
        long first = System.nanoTime() - start;
        // Warm up for the planned time and for at least one call beyond the first (whose time includes
        // class loading, JIT and first touch of memory), unless that call alone takes over a second.
        long calls = 0;
        long warmStart = System.nanoTime();
        long now = warmStart;
        boolean more = plan.warmupMs() > 0 && first < SLOW_CALL_NS;
        while (more) {
            sink = task.run();
            calls++;
            now = System.nanoTime();
            more = now - warmStart < plan.warmupMs() * MS;
        }
        double estimate = calls == 0 ? first : (double) (now - warmStart) / calls;
        long perRound = Math.max(1, (long) Math.ceil(plan.roundMs() * MS / Math.max(estimate, 1)));
        int rounds = plan.rounds();
        if (estimate > plan.roundMs() * MS && rounds > 3) {
            rounds = (int) Math.max(3, Math.min(rounds, plan.cellBudgetMs() * MS / estimate));
        }
        double[] perCall = new double[rounds];
        Object last = null;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (long i = 0; i < perRound; i++) {
                last = task.run();
            }
            perCall[r] = (double) (System.nanoTime() - t0) / perRound;
        }
        sink = last;
        return Stats.of(perCall, perRound);
    }

    /** @return the last output, kept so that no call can be optimised away */
    Object sink() {
        return sink;
    }
}
