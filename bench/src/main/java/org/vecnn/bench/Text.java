package org.vecnn.bench;

import java.util.Locale;

/** Number formats of the reports. */
final class Text {
    private Text() {
    }

    /** @return a duration given in ns, in the largest unit that keeps it at least 1: {@code 1.23 ms} */
    static String time(double ns) {
        if (Double.isNaN(ns)) {
            return "n/a";
        }
        if (ns < 1e3) {
            return Target.fmt(ns) + " ns";
        }
        if (ns < 1e6) {
            return Target.fmt(ns / 1e3) + " µs";
        }
        if (ns < 1e9) {
            return Target.fmt(ns / 1e6) + " ms";
        }
        return Target.fmt(ns / 1e9) + " s";
    }

    /** @return a share as a percentage, empty when NaN */
    static String percent(double share) {
        return Double.isNaN(share) ? "" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** @return a fraction of the FMA peak as a percentage, marked {@code !} above 100% (a probe that measured low) */
    static String percentOfPeak(double share) {
        return percent(share) + (share > 1 ? "!" : "");
    }

    /** @return a rate with an SI suffix: {@code 1.2M} */
    static String count(double x) {
        if (Double.isNaN(x)) {
            return "";
        }
        if (x >= 1e9) {
            return Target.fmt(x / 1e9) + "G";
        }
        if (x >= 1e6) {
            return Target.fmt(x / 1e6) + "M";
        }
        if (x >= 1e3) {
            return Target.fmt(x / 1e3) + "k";
        }
        return Target.fmt(x);
    }

    /** @return s padded with spaces to width, or cut to it */
    static String pad(String s, int width) {
        if (s.length() >= width) {
            return s.substring(0, width);
        }
        return s + " ".repeat(width - s.length());
    }

    /** @return s padded on the left to width */
    static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
