package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vecnn.Precision;

/**
 * The report's charts as standalone SVG (no script, no external resource): GFLOPS against n per subject
 * with the FMA peak line, and the speedup over {@code loop-naive} per workload.
 */
public final class Charts {
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};

    private Charts() {
    }

    /**
     * @param report a report
     * @param subject a subject of it
     * @return the subject's colour, the same in every chart of the report
     */
    static String colour(BenchReport report, String subject) {
        int i = Math.max(0, report.subjects().indexOf(subject));
        return PALETTE[i % PALETTE.length];
    }

    /**
     * GFLOPS against n (log scale) for every subject with a GEMM result in a precision, and the FMA peak.
     *
     * @param report the report
     * @param precision the precision
     * @return an SVG document, without XML declaration
     */
    public static String gflops(BenchReport report, Precision precision) {
        int width = 760;
        int height = 440;
        int left = 64;
        int right = 190;
        int top = 44;
        int bottom = 56;
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        StringBuilder s = open(width, height, "GEMM GFLOPS against n, " + precision);
        List<Result> gemm = report.gemm(precision);
        if (gemm.isEmpty()) {
            text(s, width / 2.0, height / 2.0, "middle", 14, "no GEMM measured in " + precision);
            return s.append("</svg>\n").toString();
        }
        int minN = Integer.MAX_VALUE;
        int maxN = 0;
        double maxY = 0;
        for (Result r : gemm) {
            minN = Math.min(minN, r.workload().size());
            maxN = Math.max(maxN, r.workload().size());
            maxY = Math.max(maxY, r.gflops());
        }
        double peak = report.peak().gflops(precision);
        if (!Double.isNaN(peak)) {
            maxY = Math.max(maxY, peak);
        }
        double step = niceStep(maxY * 1.08 / 5);
        double yTop = Math.ceil(maxY * 1.08 / step) * step;
        double lo = Math.log(minN) / Math.log(2) - 0.3;
        double hi = Math.log(maxN) / Math.log(2) + 0.3;
        // axes and grid
        for (double y = 0; y <= yTop + step / 2; y += step) {
            double py = top + plotH - y / yTop * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    left, py, left + plotW, py));
            text(s, left - 6, py + 4, "end", 11, step >= 1 ? String.format(Locale.ROOT, "%.0f", y) : Target.fmt(y));
        }
        for (int e = (int) Math.ceil(lo); e <= hi; e++) {
            double px = left + (e - lo) / (hi - lo) * plotW;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    px, top, px, top + plotH));
            text(s, px, top + plotH + 16, "middle", 11, Integer.toString(1 << e));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", left, top, plotW, plotH));
        text(s, left + plotW / 2.0, height - 14, "middle", 12, "n (A, B, C all n×n; log scale)");
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 16 %.1f)\">GFLOPS (median)</text>%n", top + plotH / 2.0, top + plotH / 2.0));
        if (!Double.isNaN(peak)) {
            double py = top + plotH - peak / yTop * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\" "
                    + "stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>%n", left, py, left + plotW, py));
            text(s, left + 6, py - 5, "start", 11, "CPU FMA peak " + Target.fmt(peak) + " GFLOPS");
        }
        int legendY = top + 6;
        for (String subject : report.subjects()) {
            List<double[]> points = new ArrayList<>();
            for (Result r : gemm) {
                if (r.subject().equals(subject)) {
                    double px = left + (Math.log(r.workload().size()) / Math.log(2) - lo) / (hi - lo) * plotW;
                    double py = top + plotH - r.gflops() / yTop * plotH;
                    points.add(new double[] {px, py});
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            String colour = colour(report, subject);
            boolean library = subject.startsWith("raw:");
            StringBuilder path = new StringBuilder();
            for (double[] p : points) {
                path.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
            }
            s.append("<g><title>").append(Html.escape(subject)).append("</title>");
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>", path.toString().trim(), colour,
                    library ? " stroke-dasharray=\"5 3\"" : ""));
            for (double[] p : points) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", p[0], p[1],
                        colour));
            }
            s.append("</g>\n");
            int lx = left + plotW + 14;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>%n", lx, legendY, lx + 22, legendY, colour,
                    library ? " stroke-dasharray=\"5 3\"" : ""));
            text(s, lx + 28, legendY + 4, "start", 11, subject);
            legendY += 18;
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * Each subject's speedup over {@code loop-naive} on every workload where loop-naive was measured, as
     * horizontal bars on a log scale.
     *
     * @param report the report
     * @return an SVG document, without XML declaration
     */
    public static String speedup(BenchReport report) {
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : report.workloads()) {
            if (report.find(w.id(), Subjects.NAIVE) != null) {
                workloads.add(w);
            }
        }
        List<String> subjects = new ArrayList<>();
        for (String s : report.subjects()) {
            if (!s.equals(Subjects.NAIVE)) {
                subjects.add(s);
            }
        }
        int width = 760;
        int left = 150;
        int right = 150;
        int top = 44;
        int bottom = 50;
        int bar = 9;
        int gap = 12;
        int plotW = width - left - right;
        int groupH = subjects.size() * bar + gap;
        int plotH = Math.max(60, workloads.size() * groupH);
        int height = top + plotH + bottom;
        StringBuilder s = open(width, height, "Speedup over loop-naive (median time of loop-naive ÷ median time)");
        if (workloads.isEmpty() || subjects.isEmpty()) {
            text(s, width / 2.0, top + 30, "middle", 14, "loop-naive was not measured: no speedup to show");
            return s.append("</svg>\n").toString();
        }
        double min = 1;
        double max = 1;
        for (Workload w : workloads) {
            for (String sub : subjects) {
                Result r = report.find(w.id(), sub);
                if (r != null) {
                    double x = report.speedupOverNaive(r);
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max) + 0.05);
        if (hi <= lo) {
            hi = lo + 1;
        }
        for (int e = (int) lo; e <= hi; e++) {
            double px = left + (e - lo) / (hi - lo) * plotW;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    px, top, px, top + plotH, e == 0 ? "#444" : "#ddd"));
            text(s, px, top + plotH + 16, "middle", 11, "×" + Target.fmt(Math.pow(10, e)));
        }
        text(s, left + plotW / 2.0, height - 14, "middle", 12, "speedup over loop-naive (log scale; 1 = as fast)");
        int y = top;
        for (Workload w : workloads) {
            text(s, left - 8, y + groupH / 2.0, "end", 11, w.id());
            int by = y + gap / 2;
            for (String sub : subjects) {
                Result r = report.find(w.id(), sub);
                if (r != null) {
                    double x = report.speedupOverNaive(r);
                    double x0 = left + (0 - lo) / (hi - lo) * plotW;
                    double x1 = left + (Math.log10(x) - lo) / (hi - lo) * plotW;
                    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                            + "fill=\"%s\"><title>%s %s: ×%s</title></rect>%n", Math.min(x0, x1), by,
                            Math.max(0.5, Math.abs(x1 - x0)), bar - 1, colour(report, sub), Html.escape(sub), w.id(),
                            Target.fmt(x)));
                    text(s, Math.max(x0, x1) + 3, by + bar - 2, "start", 8, "×" + Target.fmt(x));
                }
                by += bar;
            }
            y += groupH;
        }
        int legendY = top + 6;
        for (String sub : subjects) {
            int lx = left + plotW + 40;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"9\" fill=\"%s\"/>%n",
                    lx, legendY - 8, colour(report, sub)));
            text(s, lx + 20, legendY, "start", 11, sub);
            legendY += 16;
        }
        return s.append("</svg>\n").toString();
    }

    private static StringBuilder open(int width, int height, String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", width, height, width, height));
        s.append("<title>").append(Html.escape(title)).append("</title>\n");
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        text(s, width / 2.0, 24, "middle", 15, title);
        return s;
    }

    private static void text(StringBuilder s, double x, double y, String anchor, int size, String text) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
                x, y, size, anchor, Html.escape(text)));
    }

    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
