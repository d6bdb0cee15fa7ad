package org.vecnn.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vecnn.BackendRegistry;
import org.vecnn.Backends;

/**
 * The entry point of {@code vecnn bench}: discover the subjects, measure the FMA peak, run a suite through
 * the in-process {@link Harness}, and write the report.
 */
public final class Bench {

    /**
     * What to run.
     *
     * @param suite the workloads and timing plan
     * @param backends the backends to measure (loop-naive and their raw libraries are added); empty for all
     * @param registry where backends are discovered, usually {@link Backends#registry()}
     * @param progress progress reports
     */
    public record Options(Suite suite, List<String> backends, BackendRegistry registry, Harness.Listener progress) {
        /** Validates and copies the components. */
        public Options {
            backends = backends == null ? List.of() : List.copyOf(backends);
            registry = registry == null ? Backends.registry() : registry;
            progress = progress == null ? new Harness.Listener() { } : progress;
            if (suite == null) {
                throw new IllegalArgumentException("bench: suite is null");
            }
        }
    }

    private Bench() {
    }

    /**
     * Runs a suite.
     *
     * @param options what to run
     * @return the report
     * @throws IllegalArgumentException when a backend named is unknown
     */
    public static BenchReport run(Options options) {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        List<Subject> subjects = Subjects.select(Subjects.discover(options.registry()), options.backends());
        try {
            // The peak first, before the subjects' probes start their libraries' threads and processes.
            Peak peak = options.suite() == Suite.TINY
                    ? new Peak(Double.NaN, Double.NaN, 0, "not measured in the tiny suite")
                    : FmaPeak.measure(Runtime.getRuntime().availableProcessors());
            Machine machine = Machine.describe(subjects);
            Suite.Plan plan = options.suite().plan();
            Harness harness = new Harness(plan);
            List<Result> results = harness.run(options.suite().workloads(), subjects, options.progress());
            String waits = harness.idleWaits();
            String method = "in-process harness: warm-up " + plan.warmupMs() + " ms, then " + plan.rounds()
                    + " rounds of ≥ " + plan.roundMs() + " ms each (at least 3 when a call is longer than a round), "
                    + "median per call; each round starts once the process's other threads are idle"
                    + (waits.isEmpty() ? "" : " (" + waits + ")");
            return new BenchReport(options.suite().label(), method, started.toString(),
                    (System.nanoTime() - t0) * 1e-9, Machine.loadAverage(), machine, peak, results);
        } finally {
            for (Subject s : subjects) {
                s.close();
            }
        }
    }

    /**
     * Runs a suite, prints the table and writes the report files: what {@code vecnn bench} does.
     *
     * @param options what to run
     * @param out where the table goes
     * @param dir the folder for report.html, the SVG charts, results.csv and results.json
     * @return the report
     * @throws IOException when a report file cannot be written
     */
    public static BenchReport runAndWrite(Options options, PrintWriter out, Path dir) throws IOException {
        BenchReport report = run(options);
        out.print(ReportWriter.table(report));
        List<Path> files = ReportWriter.write(report, dir);
        out.println();
        out.println("Report: " + files.get(0).toAbsolutePath() + " (charts, CSV and JSON beside it)");
        out.flush();
        return report;
    }
}
