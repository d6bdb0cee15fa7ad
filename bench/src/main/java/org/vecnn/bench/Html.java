package org.vecnn.bench;

import java.util.List;
import java.util.Locale;
import org.vecnn.Precision;

/**
 * The self-contained HTML report: machine, subjects, targets, the charts inline as SVG, every figure in a
 * table, and links to the CSV, JSON and SVG files beside it. Written as well-formed XHTML, so that any XML
 * parser reads it, and without script or external resource, so that it opens offline.
 */
final class Html {
    private Html() {
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    b.append("&amp;");
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }

    static String page(BenchReport report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>vecnn bench: ").append(escape(report.suite()))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}\n")
                .append("td,th{border:1px solid #ccc;padding:3px 7px;font-size:13px;text-align:left;vertical-align:top}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("tr.group td{border-top:2px solid #888}\n")
                .append(".met{color:#070;font-weight:bold}.missed{color:#b00;font-weight:bold}.na{color:#777}\n")
                .append("svg{display:block;margin:0.5em 0 1.5em}\n</style>\n</head>\n<body>\n");
        h.append("<h1>vecnn bench — ").append(escape(report.suite())).append(" suite</h1>\n");
        h.append("<p>Started ").append(escape(report.started())).append(", took ")
                .append(String.format(Locale.ROOT, "%.0f s", report.elapsedSeconds()))
                .append(". Load average (1, 5, 15 min) before: ").append(escape(report.machine().loadBefore()))
                .append(", after: ").append(escape(report.loadAfter()))
                .append(". A load above 0 means other work shared the cores: compare figures as same-run ratios.")
                .append(" Timing: ").append(escape(report.method())).append(".</p>\n");

        h.append("<h2>Machine</h2>\n<table>\n");
        Machine m = report.machine();
        row(h, "CPU", m.cpu());
        row(h, "Vector width", m.vectors());
        row(h, "OpenBLAS core", m.openblasCore());
        row(h, "Cores (JVM)", Integer.toString(m.cores()));
        row(h, "Memory", m.memory());
        row(h, "OS", m.os());
        row(h, "JDK", m.jdk());
        row(h, "JVM options", m.jvmArguments().isEmpty() ? "(none)" : m.jvmArguments());
        row(h, "FMA peak", "FLOAT32 " + Target.fmt(report.peak().float32Gflops()) + " GFLOPS, FLOAT64 "
                + Target.fmt(report.peak().float64Gflops()) + " GFLOPS; " + report.peak().method());
        if (!report.overPeak().isEmpty()) {
            row(h, "PROBE BUG", report.overPeak().size() + " figures over 100% of the FMA peak (marked !): the "
                    + "peak probe measured too low");
        }
        h.append("</table>\n");

        h.append("<h2>Backends and libraries</h2>\n<table>\n<tr><th>name</th><th>kind</th><th>available</th>"
                + "<th>probe</th><th>source</th></tr>\n");
        for (Machine.SubjectInfo s : m.subjects()) {
            h.append("<tr><td>").append(escape(s.name())).append("</td><td>")
                    .append(s.library() ? "raw library" : "vecnn backend").append("</td><td>")
                    .append(s.available() ? "yes" : "no").append("</td><td>").append(escape(s.reason()))
                    .append("</td><td>").append(escape(s.source())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Targets</h2>\n<table>\n<tr><th>issues</th><th>target</th><th>measured</th><th>verdict</th></tr>\n");
        for (Target t : report.targets()) {
            String cls = t.met() == null ? "na" : t.met() ? "met" : "missed";
            String verdict = t.met() == null ? "not measured" : t.met() ? "met" : "not met";
            h.append("<tr><td>").append(escape(t.issues())).append("</td><td>").append(escape(t.description()))
                    .append("</td><td>").append(escape(t.measured())).append("</td><td class=\"").append(cls)
                    .append("\">").append(verdict).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>GEMM against the FMA peak</h2>\n");
        for (Precision p : Precision.values()) {
            h.append(Charts.gflops(report, p));
        }
        h.append("<h2>Speedup over loop-naive</h2>\n").append(Charts.speedup(report));

        h.append("<h2>All figures</h2>\n<p>Median of the rounds; spread is the fastest and slowest round "
                + "(and the quartiles in the CSV). GFLOPS count the products only (2·m·k·n each). “vs raw” is the "
                + "raw library's median time divided by the backend's (1 = as fast); “vs torch” is PyTorch's (raw:torch) "
                + "median time divided by the subject's.</p>\n<table>\n<tr>");
        for (String c : List.of("workload", "subject", "median / call", "min – max", "GFLOPS", "% of peak",
                "samples/s", "vs raw", "× loop-naive", "vs torch")) {
            h.append("<th>").append(escape(c)).append("</th>");
        }
        h.append("</tr>\n");
        String previous = null;
        for (Result r : report.results()) {
            String id = r.workload().id();
            h.append(id.equals(previous) ? "<tr>" : "<tr class=\"group\">");
            previous = id;
            h.append("<td>").append(escape(id)).append("</td><td>").append(escape(r.subject())).append("</td>");
            if (!r.ok()) {
                h.append("<td colspan=\"8\">").append(escape(r.status().name().toLowerCase(Locale.ROOT) + ": "
                        + r.note())).append("</td></tr>\n");
                continue;
            }
            BenchReport.Reference ref = report.reference(r);
            cell(h, Text.time(r.medianNs()));
            cell(h, Text.time(r.stats().minNs()) + " – " + Text.time(r.stats().maxNs()));
            cell(h, Target.fmt(r.gflops()));
            cell(h, Text.percentOfPeak(report.fractionOfPeak(r)));
            cell(h, r.workload().hasSamples() ? Text.count(r.samplesPerSecond()) : "");
            cell(h, ref == null ? "" : Target.fmt(ref.ratio()) + " " + ref.library());
            double x = report.speedupOverNaive(r);
            cell(h, Double.isNaN(x) ? "" : "×" + Target.fmt(x));
            double vt = report.ratioToTorch(r);
            cell(h, Double.isNaN(vt) ? "" : Target.fmt(vt));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        h.append("<p>Raw figures: <a href=\"").append(ReportWriter.CSV).append("\">").append(ReportWriter.CSV)
                .append("</a>, <a href=\"").append(ReportWriter.JSON).append("\">").append(ReportWriter.JSON)
                .append("</a>. Charts as SVG files: ");
        for (String f : ReportWriter.SVGS) {
            h.append("<a href=\"").append(f).append("\">").append(f).append("</a> ");
        }
        h.append("</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(escape(key)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static void cell(StringBuilder h, String value) {
        h.append("<td class=\"n\">").append(escape(value)).append("</td>");
    }
}
