package org.vecnn.bench.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;
import org.vecnn.Backends;
import org.vecnn.bench.BenchReport;
import org.vecnn.bench.FmaPeak;
import org.vecnn.bench.Machine;
import org.vecnn.bench.OutOfProcessSubject;
import org.vecnn.bench.Peak;
import org.vecnn.bench.ReportWriter;
import org.vecnn.bench.Result;
import org.vecnn.bench.Stats;
import org.vecnn.bench.Subject;
import org.vecnn.bench.Subjects;
import org.vecnn.bench.Suite;
import org.vecnn.bench.Workload;

/**
 * The main class of {@code benchmarks.jar}: JMH over {@link WorkloadBenchmark} with the {@code cell}
 * parameter filled from a {@link Suite} and the subjects found here, then the same table, ratios and
 * targets as {@code vecnn bench}. An {@link OutOfProcessSubject} ({@code raw:torch}) is no JMH cell: it times
 * its calls in its own process with the suite's plan, after JMH, and its rows join the report.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar [--suite full|quick|tiny]
 *      [--backends a,b] [--out DIR] [any JMH option, e.g. -p cell=gemm-1024-f32@loop -f 1 -wi 3 -i 5]
 * </pre>
 * JMH's listing options ({@code -h}, {@code -l}, {@code -lp}, ...) go straight to JMH.
 */
public final class JmhMain {
    private static final Set<String> JMH_ONLY = Set.of("-h", "-help", "--help", "-l", "-lp", "-lprof", "-lrf");

    private JmhMain() {
    }

    /**
     * @param args the options above
     * @throws Exception when JMH fails to run or the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (Arrays.stream(args).anyMatch(JMH_ONLY::contains)) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Suite suite = Suite.FULL;
        List<String> backends = List.of();
        Path out = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--suite":
                    suite = Suite.valueOf(value(args, ++i, "--suite").toUpperCase(Locale.ROOT));
                    break;
                case "--backends":
                    backends = List.of(value(args, ++i, "--backends").split(","));
                    break;
                case "--out":
                    out = Path.of(value(args, ++i, "--out"));
                    break;
                default:
                    rest.add(args[i]);
            }
        }
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(rest.toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        BenchReport report = run(cmd, suite, backends);
        System.out.println();
        System.out.print(ReportWriter.table(report));
        if (out != null) {
            List<Path> files = ReportWriter.write(report, out);
            System.out.println("Report: " + files.get(0).toAbsolutePath());
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /**
     * Runs JMH and gathers its results into a report.
     *
     * @param jmh JMH's options (anything not set here falls back to the annotations)
     * @param suite the suite whose cells run when {@code -p cell} is not given
     * @param backends the backends to measure; empty for all
     * @return the report: JMH's medians and spread over its measurement iterations
     * @throws RunnerException when JMH fails
     * @throws IOException never in practice; declared by the report's helpers
     */
    public static BenchReport run(Options jmh, Suite suite, List<String> backends)
            throws RunnerException, IOException {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        List<Subject> subjects = Subjects.select(Subjects.discover(Backends.registry()), backends);
        try {
            Machine machine = Machine.describe(subjects);
            List<Result> skipped = new ArrayList<>();
            List<Cell> outOfProcess = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            Map<String, Cell> byId = new HashMap<>();
            if (jmh.getParameter("cell").hasValue()) {
                for (String id : jmh.getParameter("cell").get()) {
                    byId.put(id, Cell.parse(id));
                }
            } else {
                for (Workload w : suite.workloads()) {
                    for (Subject s : subjects) {
                        if (!s.probe().available()) {
                            continue;
                        }
                        String skip = Suite.skipReason(s.name(), w);
                        if (skip != null) {
                            skipped.add(new Result(w, s.name(), s.isLibrary(), Result.Status.SKIPPED, skip, null));
                            continue;
                        }
                        if (s instanceof OutOfProcessSubject) {
                            outOfProcess.add(new Cell(w, s.name()));
                            continue;
                        }
                        Cell c = new Cell(w, s.name());
                        cells.add(c.id());
                        byId.put(c.id(), c);
                    }
                }
            }
            ChainedOptionsBuilder builder = new OptionsBuilder().parent(jmh);
            if (jmh.getIncludes().isEmpty()) {
                builder.include(WorkloadBenchmark.class.getName().replace(".", "\\.") + "\\.call");
            }
            if (!cells.isEmpty()) {
                builder.param("cell", cells.toArray(new String[0]));
            }
            Collection<RunResult> runs = new Runner(builder.build()).run();
            Peak peak = suite == Suite.TINY ? new Peak(Double.NaN, Double.NaN, 0, "not measured in the tiny suite")
                    : FmaPeak.measure(Runtime.getRuntime().availableProcessors());
            List<Result> results = new ArrayList<>(skipped);
            // raw:torch times its calls in its own process, with the suite's plan: it is no JMH cell.
            for (Cell c : outOfProcess) {
                results.add(((OutOfProcessSubject) Subjects.find(subjects, c.subject())).measure(c.workload(),
                        suite.plan()));
            }
            Map<String, RunResult> found = new HashMap<>();
            for (RunResult r : runs) {
                found.put(r.getParams().getParam("cell"), r);
            }
            for (Map.Entry<String, Cell> e : byId.entrySet()) {
                Cell c = e.getValue();
                boolean library = c.subject().startsWith("raw:");
                RunResult r = found.get(e.getKey());
                Stats stats = r == null ? null : stats(r);
                results.add(stats == null
                        ? new Result(c.workload(), c.subject(), library, Result.Status.FAILED,
                                "JMH gave no result in time per operation (see its log above)", null)
                        : new Result(c.workload(), c.subject(), library, Result.Status.OK, "", stats));
            }
            results.sort((a, b) -> {
                int wa = indexOf(suite, a.workload());
                int wb = indexOf(suite, b.workload());
                if (wa != wb) {
                    return Integer.compare(wa, wb);
                }
                return Integer.compare(indexOfSubject(subjects, a.subject()), indexOfSubject(subjects, b.subject()));
            });
            String method = "JMH " + org.openjdk.jmh.util.Utils.class.getPackage().getImplementationVersion()
                    + ", average time per call; median and spread over the measurement iterations";
            return new BenchReport("jmh-" + suite.label(), method, started.toString(), (System.nanoTime() - t0) * 1e-9,
                    Machine.loadAverage(), machine, peak, results);
        } finally {
            subjects.forEach(Subject::close);
        }
    }

    private static int indexOf(Suite suite, Workload w) {
        int i = suite.workloads().indexOf(w);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static int indexOfSubject(List<Subject> subjects, String name) {
        for (int i = 0; i < subjects.size(); i++) {
            if (subjects.get(i).name().equals(name)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Stats stats(RunResult r) {
        String unit = r.getPrimaryResult().getScoreUnit();
        double scale;
        switch (unit) {
            case "ns/op":
                scale = 1;
                break;
            case "us/op":
                scale = 1e3;
                break;
            case "ms/op":
                scale = 1e6;
                break;
            case "s/op":
                scale = 1e9;
                break;
            default:
                return null;
        }
        Statistics s = r.getPrimaryResult().getStatistics();
        if (s.getN() == 0) {
            return null;
        }
        return new Stats(s.getPercentile(50) * scale, s.getMin() * scale, s.getMax() * scale,
                s.getPercentile(25) * scale, s.getPercentile(75) * scale, (int) s.getN(), 0);
    }
}
