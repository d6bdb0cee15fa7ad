package org.vecnn.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.vecnn.Precision;

/**
 * Everything one run measured, and the figures derived from it: GFLOPS, samples per second, fraction of the
 * FMA peak, each backend's ratio to its raw library and every subject's speedup over {@code loop-naive}.
 * All ratios are of medians taken in the same run.
 *
 * @param suite the suite's name, e.g. {@code quick}
 * @param method how cells were timed (the harness's plan, or JMH's settings)
 * @param started when the run started, ISO-8601
 * @param elapsedSeconds how long it took
 * @param loadAfter the load average when it ended
 * @param machine the machine and the subjects found
 * @param peak the FMA peak
 * @param results one result per cell
 */
public record BenchReport(String suite, String method, String started, double elapsedSeconds, String loadAfter,
        Machine machine, Peak peak, List<Result> results) {

    /**
     * A subject's comparison with its raw library on one workload.
     *
     * @param library the fastest of the subject's raw libraries measured on the workload
     * @param ratio that library's median time divided by the subject's: 1 is as fast, 0.5 half as fast
     */
    public record Reference(String library, double ratio) {
    }

    /** Validates and copies the components. */
    public BenchReport {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(peak, "peak");
        results = List.copyOf(results);
    }

    /**
     * @param workload a workload id
     * @param subject a subject name
     * @return its measured result, or null when it was not measured
     */
    public Result find(String workload, String subject) {
        for (Result r : results) {
            if (r.ok() && r.workload().id().equals(workload) && r.subject().equals(subject)) {
                return r;
            }
        }
        return null;
    }

    /** @return the subjects that have results, in order of first appearance */
    public List<String> subjects() {
        Set<String> names = new LinkedHashSet<>();
        for (Result r : results) {
            names.add(r.subject());
        }
        return List.copyOf(names);
    }

    /** @return the workloads that have results, in order of first appearance */
    public List<Workload> workloads() {
        Set<Workload> w = new LinkedHashSet<>();
        for (Result r : results) {
            w.add(r.workload());
        }
        return List.copyOf(w);
    }

    /**
     * @param r a result
     * @return its GFLOPS as a fraction of the CPU's FMA peak of its precision; NaN when either is unknown or
     *     when the subject computes on a GPU
     */
    public double fractionOfPeak(Result r) {
        if (!Subjects.runsOnCpu(r.subject())) {
            return Double.NaN;
        }
        return r.gflops() / peak.gflops(r.workload().precision());
    }

    /**
     * @return the results above 100% of the FMA peak: impossible for a true peak, so each one is a bug in the
     *     peak probe (too narrow vectors, too few threads) or a probe that ran while other work held the cores
     */
    public List<Result> overPeak() {
        return results.stream().filter(r -> fractionOfPeak(r) > 1).toList();
    }

    /**
     * @param r a result of a backend
     * @return its ratio to the fastest of its raw libraries measured on the same workload, or null when it
     *     has none or none was measured
     */
    public Reference reference(Result r) {
        if (!r.ok() || r.library()) {
            return null;
        }
        Result best = null;
        for (String lib : Subjects.referencesOf(r.subject())) {
            Result c = find(r.workload().id(), lib);
            if (c != null && (best == null || c.medianNs() < best.medianNs())) {
                best = c;
            }
        }
        return best == null ? null : new Reference(best.subject(), best.medianNs() / r.medianNs());
    }

    /**
     * @param r a result
     * @return loop-naive's median time divided by this result's on the same workload; NaN when loop-naive
     *     was not measured there
     */
    public double speedupOverNaive(Result r) {
        Result naive = find(r.workload().id(), Subjects.NAIVE);
        return naive == null || !r.ok() ? Double.NaN : naive.medianNs() / r.medianNs();
    }

    /**
     * @param r a result
     * @return PyTorch's ({@code raw:torch}) median time divided by this result's on the same workload: above 1
     *     when the subject is faster, the ratio of their samples per second; NaN for raw:torch itself, or when
     *     either was not measured
     */
    public double ratioToTorch(Result r) {
        Result torch = find(r.workload().id(), TorchRaw.NAME);
        return torch == null || !r.ok() || r.subject().equals(TorchRaw.NAME) ? Double.NaN
                : torch.medianNs() / r.medianNs();
    }

    /**
     * The targets of issues 2, 3 and 6, and those against PyTorch of issues 16 and 12, judged on this run's
     * figures.
     *
     * @return one entry per target, in the issues' order
     */
    public List<Target> targets() {
        return Target.judge(this);
    }

    /**
     * @param precision a precision
     * @return the measured GEMM results of that precision
     */
    public List<Result> gemm(Precision precision) {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            if (r.ok() && r.workload().kind() == Workload.Kind.GEMM && r.workload().precision() == precision) {
                out.add(r);
            }
        }
        return out;
    }
}
