package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A speed target of the issues, judged on one run's medians (same-run ratios, never absolute times across
 * runs, except the seed's ns per call, which the issue states in ns).
 *
 * @param issues the issues that set it, e.g. {@code "2, 6"}
 * @param description the target in words
 * @param measured what this run measured, e.g. {@code "0.62 of raw:openblas"}; {@code "not measured"}
 * @param met true or false, or null when not measured
 */
public record Target(String issues, String description, String measured, Boolean met) {

    static List<Target> judge(BenchReport report) {
        List<Target> t = new ArrayList<>();
        String loopReason = subjectReason(report, "loop");
        boolean scalar = loopReason.contains("scalar");
        double loopShare = scalar ? 0.15 : 0.5;
        t.add(ratioAtLeast(report, "2, 6", "loop, FLOAT32 GEMM n=1024: ≥ " + pct(loopShare) + " of raw OpenBLAS "
                + "sgemm" + (scalar ? " (loop ran its scalar kernels)" : " with the Vector API (15% with scalar kernels)"),
                "loop", List.of("gemm-1024-f32"), loopShare));
        t.add(nsAtMost(report, "2, 6", "loop, seed example FLOAT32: ≤ 150 ns per call", "seed-f32", "loop", 150));
        t.add(ratioAtLeast(report, "3, 6", "nd4j, FLOAT32 GEMM n ≥ 256: ≥ 90% of raw OpenBLAS sgemm", "nd4j",
                List.of("gemm-256-f32", "gemm-512-f32", "gemm-1024-f32", "gemm-2048-f32"), 0.9));
        t.add(ratioAtLeast(report, "3", "nd4j, dense 784→256 sigmoid FLOAT32 (each batch): within 10% of raw "
                + "OpenBLAS sgemm plus a bias-and-activation pass (ratio ≥ 1/1.1)", "nd4j",
                List.of("dense-1-f32", "dense-64-f32", "dense-1024-f32"), 1 / 1.1));
        t.add(overheadAtMost(report, "3", "nd4j, seed example: ≤ ND4J's fastest direct path (raw:nd4j) + 2 µs "
                + "per call", "nd4j", "raw:nd4j", 2000));
        t.add(ratioAtLeast(report, "3", "ejml, every GEMM: within 5% of EJML called directly, the faster of "
                + "mult and MT mult (ratio ≥ 1/1.05)", "ejml", gemmIds(report), 1 / 1.05));
        t.add(overheadAtMost(report, "3", "ejml, seed example: ≤ EJML's direct mult (raw:ejml) + 2 µs per call",
                "ejml", "raw:ejml", 2000));
        t.add(speedupAtLeast(report, "nd4j", 50));
        t.add(speedupAtLeast(report, "loop", 20));
        t.addAll(pytorch(report));
        return List.copyOf(t);
    }

    /** The targets against PyTorch ({@code raw:torch}) of issues 16 (inference) and 12 (training). */
    private static List<Target> pytorch(BenchReport report) {
        List<String> layers = List.of("dense-1-f32", "dense-64-f32", "dense-1024-f32", "network-256-f32");
        List<String> train = List.of("train-128-f32");
        return List.of(
                torchRatioAtLeast(report, "16", "best CPU backend, dense 784→256 at batch 1, 64, 1024 and the network "
                        + "at 256, FLOAT32: samples per second ≥ 1.0× PyTorch's (each)", null, layers, 1.0),
                torchRatioAtLeast(report, "16", "loop, dense at batch 64 and 1024 and the network at 256, FLOAT32: "
                        + "samples per second ≥ 1.0× PyTorch's (each)", "loop", layers.subList(1, 4), 1.0),
                torchRatioAtLeast(report, "12", "best CPU backend, training step (forward, cross-entropy, backward, "
                        + "Adam) batch 128, FLOAT32: samples per second ≥ 1.0× PyTorch's", null, train, 1.0),
                torchRatioAtLeast(report, "12", "loop, training step batch 128, FLOAT32: samples per second ≥ 0.8× "
                        + "PyTorch's", "loop", train, 0.8),
                naiveSpeedupAtLeast(report, "12", "loop, training step batch 128, FLOAT32: samples per second ≥ 25× "
                        + "loop-naive's", "loop", "train-128-f32", 25));
    }

    /**
     * The worst, over the workloads, of a backend's (or, for a null subject, the fastest CPU backend's) samples per
     * second over PyTorch's.
     */
    private static Target torchRatioAtLeast(BenchReport report, String issues, String description, String subject,
            List<String> workloads, double threshold) {
        double worst = Double.POSITIVE_INFINITY;
        String worstId = null;
        StringBuilder each = new StringBuilder();
        for (String id : workloads) {
            String who = subject;
            double ratio = Double.NaN;
            for (Result r : report.results()) {
                boolean candidate = subject == null ? !r.library() && Subjects.runsOnCpu(r.subject())
                        : r.subject().equals(subject);
                double x = r.workload().id().equals(id) && candidate ? report.ratioToTorch(r) : Double.NaN;
                if (!Double.isNaN(x) && (Double.isNaN(ratio) || x > ratio)) {
                    ratio = x;
                    who = r.subject();
                }
            }
            if (Double.isNaN(ratio)) {
                continue;
            }
            each.append(each.length() == 0 ? "" : ", ").append(id).append(' ').append(fmt(ratio))
                    .append(subject == null ? " (" + who + ")" : "");
            if (ratio < worst) {
                worst = ratio;
                worstId = id;
            }
        }
        if (worstId == null) {
            return new Target(issues, description, "not measured (PyTorch or the subject missing)", null);
        }
        String measured = (workloads.size() > 1 ? "worst " + fmt(worst) + " (" + worstId + "); " + each : each)
                + " of PyTorch's samples per second";
        return new Target(issues, description, measured, worst >= threshold);
    }

    private static Target naiveSpeedupAtLeast(BenchReport report, String issues, String description, String subject,
            String workload, double factor) {
        Result r = report.find(workload, subject);
        double s = r == null ? Double.NaN : report.speedupOverNaive(r);
        if (Double.isNaN(s)) {
            return new Target(issues, description, "not measured", null);
        }
        return new Target(issues, description, fmt(s) + "×", s >= factor);
    }

    private static List<String> gemmIds(BenchReport report) {
        List<String> ids = new ArrayList<>();
        for (Workload w : report.workloads()) {
            if (w.kind() == Workload.Kind.GEMM) {
                ids.add(w.id());
            }
        }
        return ids;
    }

    private static String subjectReason(BenchReport report, String name) {
        for (Machine.SubjectInfo s : report.machine().subjects()) {
            if (s.name().equals(name)) {
                return s.reason();
            }
        }
        return "";
    }

    private static Target ratioAtLeast(BenchReport report, String issues, String description, String subject,
            List<String> workloads, double threshold) {
        double worst = Double.POSITIVE_INFINITY;
        String worstId = null;
        StringBuilder each = new StringBuilder();
        for (String id : workloads) {
            Result r = report.find(id, subject);
            BenchReport.Reference ref = r == null ? null : report.reference(r);
            if (ref == null) {
                continue;
            }
            each.append(each.length() == 0 ? "" : ", ").append(id).append(' ').append(fmt(ref.ratio()));
            if (ref.ratio() < worst) {
                worst = ref.ratio();
                worstId = id;
            }
        }
        if (worstId == null) {
            return new Target(issues, description, "not measured", null);
        }
        String measured = (workloads.size() > 1 ? "worst " + fmt(worst) + " (" + worstId + "); " + each
                : fmt(worst)) + " of the raw library's speed";
        return new Target(issues, description, measured, worst >= threshold);
    }

    private static Target nsAtMost(BenchReport report, String issues, String description, String workload,
            String subject, double ns) {
        Result r = report.find(workload, subject);
        if (r == null) {
            return new Target(issues, description, "not measured", null);
        }
        return new Target(issues, description, fmt(r.medianNs()) + " ns per call", r.medianNs() <= ns);
    }

    private static Target overheadAtMost(BenchReport report, String issues, String description, String subject,
            String library, double ns) {
        double worst = Double.NEGATIVE_INFINITY;
        StringBuilder each = new StringBuilder();
        for (String id : List.of("seed-f32", "seed-f64")) {
            Result r = report.find(id, subject);
            Result lib = report.find(id, library);
            if (r == null || lib == null) {
                continue;
            }
            double extra = r.medianNs() - lib.medianNs();
            each.append(each.length() == 0 ? "" : "; ").append(id).append(": ").append(fmt(r.medianNs()))
                    .append(" ns vs ").append(fmt(lib.medianNs())).append(" ns, ").append(extra >= 0 ? "+" : "")
                    .append(fmt(extra)).append(" ns");
            worst = Math.max(worst, extra);
        }
        if (each.length() == 0) {
            return new Target(issues, description, "not measured", null);
        }
        return new Target(issues, description, each.toString(), worst <= ns);
    }

    private static Target speedupAtLeast(BenchReport report, String subject, double factor) {
        String description = subject + ", dense 784→256 sigmoid, batch 1024, FLOAT32: samples per second ≥ "
                + fmt(factor) + "× loop-naive's";
        Result r = report.find("dense-1024-f32", subject);
        double s = r == null ? Double.NaN : report.speedupOverNaive(r);
        if (Double.isNaN(s)) {
            return new Target("6", description, "not measured", null);
        }
        return new Target("6", description, fmt(s) + "×", s >= factor);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String fmt(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        double a = Math.abs(x);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
