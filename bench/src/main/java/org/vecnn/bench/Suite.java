package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vecnn.Precision;

/**
 * The workloads of a benchmark run and how long each is measured: defined here once, for the in-process
 * harness ({@code vecnn bench}) and the JMH benchmarks ({@code benchmarks.jar}) alike.
 */
public enum Suite {
    /**
     * Every workload of the bench issue, FLOAT32 and FLOAT64: GEMM n &isin; {64, 128, 256, 512, 1024, 2048},
     * the seed layer, dense 784&rarr;256 at batch &isin; {1, 64, 1024}, the 784&rarr;256&rarr;128&rarr;10 network
     * at batch 256; and the training step of that network at batch 128, FLOAT32. 8 minutes on the 2-core development machine with other builds running (docs/benchmarks.md).
     */
    FULL(full(), new Plan(400, 7, 150, 6_000)),
    /**
     * FLOAT32 GEMM n &isin; {64, 256, 1024}, every layer workload, the training step, and a FLOAT64 sample: 70 s on
     * 2 cores.
     */
    QUICK(quick(), new Plan(150, 5, 60, 2_500)),
    /** Tiny sizes, one timed call each: for the smoke test, which only checks that everything runs. */
    TINY(tiny(), new Plan(0, 1, 0, 0));

    /**
     * How each (workload, subject) cell is timed: warm up for {@code warmupMs} (at least one call beyond the
     * first), then {@code rounds} rounds of as many calls as fill {@code roundMs}, each round giving one time
     * per call. When a single call is longer than a round, fewer rounds are taken (at least 3, unless
     * {@code rounds} is smaller) so that a cell stays near {@code cellBudgetMs}.
     *
     * @param warmupMs warm-up time
     * @param rounds the number of timed rounds
     * @param roundMs the minimum duration of one round
     * @param cellBudgetMs the time a cell of slow calls may take
     */
    public record Plan(long warmupMs, int rounds, long roundMs, long cellBudgetMs) {
    }

    /**
     * GEMM sizes above this are not run on {@code loop-naive}: its textbook column-access triple loop takes
     * seconds per call there (n = 512 already takes about a second on a 2-core Zen 3). No figure is
     * extrapolated for the sizes skipped.
     */
    public static final int NAIVE_GEMM_LIMIT = 512;

    private final List<Workload> workloads;
    private final Plan plan;

    Suite(List<Workload> workloads, Plan plan) {
        this.workloads = workloads;
        this.plan = plan;
    }

    /** @return the workloads, in the order they are run */
    public List<Workload> workloads() {
        return workloads;
    }

    /** @return how each cell is timed */
    public Plan plan() {
        return plan;
    }

    /** @return the lower-case name, e.g. {@code quick} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Why a subject does not run a workload, or null when it does.
     *
     * @param subject a subject name, e.g. {@code loop-naive}
     * @param workload the workload
     * @return the reason it is skipped, or null
     */
    public static String skipReason(String subject, Workload workload) {
        if ("loop-naive".equals(subject) && workload.kind() == Workload.Kind.GEMM
                && workload.size() > NAIVE_GEMM_LIMIT) {
            return "loop-naive's column-access triple loop would take seconds per call at n > "
                    + NAIVE_GEMM_LIMIT + "; not measured, not extrapolated";
        }
        if (workload.kind() == Workload.Kind.TRAIN && subject.startsWith("raw:") && !TorchRaw.NAME.equals(subject)) {
            return "a raw GEMM library has no training step; the training workload runs on the backends and "
                    + TorchRaw.NAME;
        }
        return null;
    }

    private static List<Workload> full() {
        List<Workload> w = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (int n : new int[] {64, 128, 256, 512, 1024, 2048}) {
                w.add(Workload.gemm(n, p));
            }
            w.add(Workload.seed(p));
            for (int batch : new int[] {1, 64, 1024}) {
                w.add(Workload.dense(batch, p));
            }
            w.add(Workload.network(256, p));
            if (p == Precision.FLOAT32) {
                w.add(Workload.train(128, p));
            }
        }
        return List.copyOf(w);
    }

    private static List<Workload> quick() {
        Precision f32 = Precision.FLOAT32;
        Precision f64 = Precision.FLOAT64;
        return List.of(Workload.gemm(64, f32), Workload.gemm(256, f32), Workload.gemm(1024, f32),
                Workload.seed(f32), Workload.dense(1, f32), Workload.dense(64, f32), Workload.dense(1024, f32),
                Workload.network(256, f32), Workload.train(128, f32),
                Workload.gemm(1024, f64), Workload.seed(f64), Workload.dense(1024, f64));
    }

    private static List<Workload> tiny() {
        List<Workload> w = new ArrayList<>();
        for (Precision p : Precision.values()) {
            w.add(Workload.gemm(8, p));
            w.add(Workload.seed(p));
            w.add(Workload.dense(2, p));
            w.add(Workload.network(2, p));
        }
        w.add(Workload.train(2, Precision.FLOAT32));
        return List.copyOf(w);
    }
}
