package org.vecnn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vecnn.Precision;

/**
 * Writes a {@link BenchReport}: the text table for the terminal, and into a folder the HTML report with
 * its charts inline, the charts as SVG files, and the raw figures as CSV and JSON.
 */
public final class ReportWriter {
    /** The HTML report's file name. */
    public static final String HTML = "report.html";
    /** The CSV file's name: one row per cell. */
    public static final String CSV = "results.csv";
    /** The columns of {@link #CSV}, in order; {@code raw:torch}'s Python helper writes rows of the same form. */
    public static final List<String> COLUMNS = List.of("workload", "kind", "size", "precision", "subject", "library",
            "status", "median_ns", "min_ns", "max_ns", "q1_ns", "q3_ns", "rounds", "calls_per_round", "gflops",
            "samples_per_s", "fraction_of_peak", "reference", "ratio_to_reference", "speedup_over_naive",
            "ratio_to_torch", "note");
    /** The JSON file's name: machine, peak, results and targets. */
    public static final String JSON = "results.json";
    /** The SVG files' names: GFLOPS against n per precision, and the speedup over loop-naive. */
    public static final List<String> SVGS = List.of("gflops-float32.svg", "gflops-float64.svg", "speedup.svg");

    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private ReportWriter() {
    }

    /**
     * Writes every file of the report into a folder, creating it.
     *
     * @param report the report
     * @param dir the folder
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public static List<Path> write(BenchReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve(HTML), Html.page(report), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(SVGS.get(0)),
                XML_DECLARATION + Charts.gflops(report, Precision.FLOAT32), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(SVGS.get(1)),
                XML_DECLARATION + Charts.gflops(report, Precision.FLOAT64), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(SVGS.get(2)), XML_DECLARATION + Charts.speedup(report),
                StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(CSV), csv(report), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(JSON), json(report), StandardCharsets.UTF_8));
        return written;
    }

    /**
     * @param report the report
     * @return the table printed by {@code vecnn bench}: one row per cell, then the subjects left out and the
     *     targets
     */
    public static String table(BenchReport report) {
        StringBuilder t = new StringBuilder();
        Peak peak = report.peak();
        Machine m = report.machine();
        t.append("CPU: ").append(m.cpu()).append("; vectors: ").append(m.vectors()).append("; OpenBLAS core: ")
                .append(m.openblasCore()).append('\n');
        t.append("FMA peak: FLOAT32 ").append(Target.fmt(peak.float32Gflops())).append(" GFLOPS, FLOAT64 ")
                .append(Target.fmt(peak.float64Gflops())).append(" GFLOPS (").append(peak.method()).append(")\n");
        t.append("Timing: ").append(report.method()).append("\n\n");
        String header = Text.pad("workload", 17) + Text.pad("subject", 14) + Text.padLeft("median", 10)
                + Text.padLeft("min – max", 22) + Text.padLeft("GFLOPS", 9) + Text.padLeft("%peak", 7)
                + Text.padLeft("samples/s", 11) + "  " + Text.pad("vs raw", 19) + Text.padLeft("×naive", 8)
                + Text.padLeft("vs torch", 10);
        t.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        String previous = null;
        for (Result r : report.results()) {
            String id = r.workload().id();
            if (previous != null && !id.equals(previous)) {
                t.append('\n');
            }
            previous = id;
            t.append(Text.pad(id, 17)).append(Text.pad(r.subject(), 14));
            if (!r.ok()) {
                t.append(r.status().name().toLowerCase(Locale.ROOT)).append(": ").append(r.note()).append('\n');
                continue;
            }
            BenchReport.Reference ref = report.reference(r);
            double x = report.speedupOverNaive(r);
            t.append(Text.padLeft(Text.time(r.medianNs()), 10))
                    .append(Text.padLeft(Text.time(r.stats().minNs()) + " – " + Text.time(r.stats().maxNs()), 22))
                    .append(Text.padLeft(Target.fmt(r.gflops()), 9))
                    .append(Text.padLeft(Text.percentOfPeak(report.fractionOfPeak(r)), 7))
                    .append(Text.padLeft(r.workload().hasSamples() ? Text.count(r.samplesPerSecond()) : "", 11))
                    .append("  ").append(Text.pad(ref == null ? "" : Target.fmt(ref.ratio()) + " " + ref.library(), 19))
                    .append(Text.padLeft(Double.isNaN(x) ? "" : "×" + Target.fmt(x), 8));
            double vt = report.ratioToTorch(r);
            t.append(Text.padLeft(Double.isNaN(vt) ? "" : Target.fmt(vt), 10)).append('\n');
        }
        List<Result> over = report.overPeak();
        if (!over.isEmpty()) {
            t.append("\nPROBE BUG: ").append(over.size()).append(over.size() == 1 ? " figure is" : " figures are")
                    .append(" over 100% of the FMA peak (marked !), which no code can reach: the peak probe measured "
                            + "too low (narrower vectors or fewer cores than the CPU has, or other work on the "
                            + "cores while it ran):");
            for (Result r : over) {
                t.append(' ').append(r.workload().id()).append('@').append(r.subject()).append(' ')
                        .append(Text.percent(report.fractionOfPeak(r))).append(';');
            }
            t.setLength(t.length() - 1);
            t.append('\n');
        }
        List<String> absent = new ArrayList<>();
        for (Machine.SubjectInfo s : report.machine().subjects()) {
            if (!s.available()) {
                absent.add(s.name() + ": " + s.reason());
            }
        }
        if (!absent.isEmpty()) {
            t.append("\nNot measured (unavailable here):\n");
            for (String a : absent) {
                t.append("  ").append(a).append('\n');
            }
        }
        t.append("\nTargets (same-run ratios):\n");
        for (Target target : report.targets()) {
            String verdict = target.met() == null ? "n/a " : target.met() ? "MET " : "NOT ";
            t.append("  [").append(verdict).append("] ").append(target.description()).append(": ")
                    .append(target.measured()).append('\n');
        }
        return t.toString();
    }

    /**
     * @param report the report
     * @return one header line and one line per cell; times in ns; empty fields where a figure does not apply
     */
    public static String csv(BenchReport report) {
        StringBuilder c = new StringBuilder();
        c.append(String.join(",", COLUMNS)).append('\n');
        for (Result r : report.results()) {
            Workload w = r.workload();
            List<String> f = new ArrayList<>(List.of(w.id(), w.kind().label(), Integer.toString(w.size()),
                    w.precision().name(), r.subject(), Boolean.toString(r.library()),
                    r.status().name().toLowerCase(Locale.ROOT)));
            if (r.ok()) {
                Stats s = r.stats();
                BenchReport.Reference ref = report.reference(r);
                f.addAll(List.of(num(s.medianNs()), num(s.minNs()), num(s.maxNs()), num(s.q1Ns()), num(s.q3Ns()),
                        Integer.toString(s.rounds()), Long.toString(s.callsPerRound()), num(r.gflops()),
                        num(r.samplesPerSecond()), num(report.fractionOfPeak(r)), ref == null ? "" : ref.library(),
                        ref == null ? "" : num(ref.ratio()), num(report.speedupOverNaive(r)),
                        num(report.ratioToTorch(r))));
            } else {
                for (int i = 0; i < 14; i++) {
                    f.add("");
                }
            }
            f.add(r.note());
            for (int i = 0; i < f.size(); i++) {
                c.append(i == 0 ? "" : ",").append(csvField(f.get(i)));
            }
            c.append('\n');
        }
        return c.toString();
    }

    private static String num(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? "" : Double.toString(x);
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /**
     * @param report the report
     * @return the whole report as one JSON object: {@code run}, {@code machine}, {@code peak}, {@code results}
     *     (with the derived figures) and {@code targets}; figures that do not apply are null
     */
    public static String json(BenchReport report) {
        Json j = new Json();
        j.open('{');
        j.key("run").open('{');
        j.key("suite").value(report.suite()).key("method").value(report.method()).key("started")
                .value(report.started()).key("elapsedSeconds").value(report.elapsedSeconds()).key("loadAfter")
                .value(report.loadAfter());
        j.close('}');
        Machine m = report.machine();
        j.key("machine").open('{');
        j.key("cpu").value(m.cpu()).key("cores").value(m.cores()).key("memory").value(m.memory()).key("os")
                .value(m.os()).key("jdk").value(m.jdk()).key("jvmArguments").value(m.jvmArguments())
                .key("loadBefore").value(m.loadBefore()).key("vectors").value(m.vectors()).key("openblasCore")
                .value(m.openblasCore());
        j.key("subjects").open('[');
        for (Machine.SubjectInfo s : m.subjects()) {
            j.open('{').key("name").value(s.name()).key("library").value(s.library()).key("available")
                    .value(s.available()).key("reason").value(s.reason()).key("source").value(s.source()).close('}');
        }
        j.close(']');
        j.close('}');
        Peak p = report.peak();
        j.key("peak").open('{').key("float32Gflops").value(p.float32Gflops()).key("float64Gflops")
                .value(p.float64Gflops()).key("threads").value(p.threads()).key("method").value(p.method()).close('}');
        j.key("results").open('[');
        for (Result r : report.results()) {
            Workload w = r.workload();
            j.open('{').key("workload").value(w.id()).key("kind").value(w.kind().label()).key("size").value(w.size())
                    .key("precision").value(w.precision().name()).key("flopsPerCall").value(w.flops())
                    .key("subject").value(r.subject()).key("library").value(r.library()).key("status")
                    .value(r.status().name().toLowerCase(Locale.ROOT)).key("note").value(r.note());
            if (r.ok()) {
                Stats s = r.stats();
                BenchReport.Reference ref = report.reference(r);
                j.key("medianNs").value(s.medianNs()).key("minNs").value(s.minNs()).key("maxNs").value(s.maxNs())
                        .key("q1Ns").value(s.q1Ns()).key("q3Ns").value(s.q3Ns()).key("rounds").value(s.rounds())
                        .key("callsPerRound").value(s.callsPerRound()).key("gflops").value(r.gflops())
                        .key("samplesPerSecond").value(r.samplesPerSecond()).key("fractionOfPeak")
                        .value(report.fractionOfPeak(r)).key("reference").value(ref == null ? null : ref.library())
                        .key("ratioToReference").value(ref == null ? Double.NaN : ref.ratio())
                        .key("speedupOverNaive").value(report.speedupOverNaive(r))
                        .key("ratioToTorch").value(report.ratioToTorch(r));
            }
            j.close('}');
        }
        j.close(']');
        j.key("targets").open('[');
        for (Target t : report.targets()) {
            j.open('{').key("issues").value(t.issues()).key("description").value(t.description()).key("measured")
                    .value(t.measured()).key("met").value(t.met()).close('}');
        }
        j.close(']');
        j.close('}');
        return j.toString() + "\n";
    }

    /** A small JSON writer: commas and escapes handled, NaN and infinities written as null. */
    private static final class Json {
        private final StringBuilder s = new StringBuilder();
        private boolean first = true;

        Json open(char bracket) {
            comma();
            s.append(bracket);
            first = true;
            return this;
        }

        Json close(char bracket) {
            s.append(bracket);
            first = false;
            return this;
        }

        Json key(String k) {
            comma();
            string(k);
            s.append(':');
            first = true;
            return this;
        }

        Json value(String v) {
            comma();
            if (v == null) {
                s.append("null");
            } else {
                string(v);
            }
            first = false;
            return this;
        }

        Json value(double v) {
            comma();
            s.append(Double.isNaN(v) || Double.isInfinite(v) ? "null" : Double.toString(v));
            first = false;
            return this;
        }

        Json value(long v) {
            comma();
            s.append(v);
            first = false;
            return this;
        }

        Json value(Boolean v) {
            comma();
            s.append(v == null ? "null" : v.toString());
            first = false;
            return this;
        }

        private void comma() {
            if (!first) {
                s.append(',');
            }
        }

        private void string(String v) {
            s.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"':
                        s.append("\\\"");
                        break;
                    case '\\':
                        s.append("\\\\");
                        break;
                    case '\n':
                        s.append("\\n");
                        break;
                    case '\r':
                        s.append("\\r");
                        break;
                    case '\t':
                        s.append("\\t");
                        break;
                    default:
                        if (c < 0x20) {
                            s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                }
            }
            s.append('"');
        }

        @Override
        public String toString() {
            return s.toString();
        }
    }
}
