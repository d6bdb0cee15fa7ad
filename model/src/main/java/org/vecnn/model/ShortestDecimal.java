package org.vecnn.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Prints a float or double with the fewest significant digits that read back ({@link Float#parseFloat},
 * {@link Double#parseDouble}) to the same value, choosing among those the decimal closest to the value
 * (ties to an even last digit), with at least two digits as Java does; the layout is that of
 * {@link Double#toString(double)} ({@code 0.001} to {@code 9999999.0} plain, {@code 1.0E-4} and
 * {@code 1.0E7} outside).
 *
 * <p>This is what {@code Double.toString} prints since JDK 19 (JDK-4511638). On JDK 17 it sometimes prints
 * more digits than needed ({@code 2.0E23} as {@code 1.9999999999999998E23}), hence this class. Thread-safe.
 */
public final class ShortestDecimal {
    private static final MathContext[] FLOOR = new MathContext[18];
    private static final MathContext[] CEILING = new MathContext[18];
    private static final MathContext[] NEAREST = new MathContext[18];

    static {
        for (int p = 1; p < FLOOR.length; p++) {
            FLOOR[p] = new MathContext(p, RoundingMode.FLOOR);
            CEILING[p] = new MathContext(p, RoundingMode.CEILING);
            NEAREST[p] = new MathContext(p, RoundingMode.HALF_EVEN);
        }
    }

    private ShortestDecimal() {
    }

    /**
     * @param value a double
     * @return the shortest decimal that reads back to value, e.g. {@code "0.1"}, {@code "1.0E-5"},
     *     {@code "2.0E23"}, {@code "NaN"}, {@code "-0.0"}
     */
    public static String toString(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0.0) {
            return Double.toString(value);
        }
        return shortest(Double.toString(value), value, false);
    }

    /**
     * @param value a float
     * @return the shortest decimal that reads back to value as a float, e.g. {@code "0.1"} for 0.1f
     */
    public static String toString(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value) || value == 0.0f) {
            return Float.toString(value);
        }
        return shortest(Float.toString(value), value, true);
    }

    // The JDK's own output D, m·10^e with n significant digits, always reads back; the decimals that read
    // back form an interval around the value that holds D. So: if neither neighbour of D at n - 1 digits
    // reads back, no shorter decimal does; and if neither neighbour at n digits does either, D is the only
    // n-digit one. That settles most values with a few parses; the rest take exact BigDecimal arithmetic.
    private static String shortest(String java, double value, boolean single) {
        boolean negative = java.charAt(0) == '-';
        int e = java.indexOf('E');
        String mantissa = java.substring(negative ? 1 : 0, e < 0 ? java.length() : e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int point = mantissa.indexOf('.');
        long m = 0;
        for (int i = 0; i < mantissa.length(); i++) {
            char c = mantissa.charAt(i);
            if (c != '.') {
                m = m * 10 + (c - '0');
                if (i > point) {
                    exponent--;
                }
            }
        }
        while (m % 10 == 0) {
            m /= 10;
            exponent++;
        }
        int n = Long.toString(m).length();
        double target = Math.abs(value);
        if (n >= 3 && !readsBack(m / 10, exponent + 1, target, single)
                && !readsBack(m / 10 + 1, exponent + 1, target, single)) {
            if (!readsBack(m - 1, exponent, target, single) && !readsBack(m + 1, exponent, target, single)) {
                return format(BigDecimal.valueOf(negative ? -m : m, -exponent));
            }
            BigDecimal exact = new BigDecimal(value);
            BigDecimal nearest = exact.round(NEAREST[n]);
            return format(readsBack(nearest, value, single) ? nearest : candidate(exact, value, single, n));
        }
        // A shorter decimal exists (or n < 3): bisect, since a length that works makes every longer one work.
        BigDecimal exact = new BigDecimal(value);
        int lo = 2;
        int hi = Math.max(2, n - 1);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (candidate(exact, value, single, mid) != null) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return format(candidate(exact, value, single, lo));
    }

    // The p-digit decimals that read back form an interval around the value (possibly empty), so if any
    // exists, the nearest one below or above the exact value does; of two, the closer (ties: even digit).
    private static BigDecimal candidate(BigDecimal exact, double value, boolean single, int p) {
        BigDecimal down = exact.round(FLOOR[p]);
        BigDecimal up = exact.round(CEILING[p]);
        boolean downOk = readsBack(down, value, single);
        boolean upOk = readsBack(up, value, single);
        if (downOk && upOk) {
            int cmp = exact.subtract(down).compareTo(up.subtract(exact));
            if (cmp != 0) {
                return cmp < 0 ? down : up;
            }
            return down.unscaledValue().testBit(0) ? up : down;
        }
        return downOk ? down : upOk ? up : null;
    }

    private static boolean readsBack(long digits, int exponent, double target, boolean single) {
        String s = digits + "E" + exponent;
        return single ? Float.parseFloat(s) == (float) target : Double.parseDouble(s) == target;
    }

    private static boolean readsBack(BigDecimal d, double value, boolean single) {
        String s = d.toString();
        return single ? Float.parseFloat(s) == (float) value : Double.parseDouble(s) == value;
    }

    private static String format(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - s.scale();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (s.signum() < 0) {
            out.append('-');
        }
        if (exponent >= -3 && exponent < 7) {
            if (exponent >= 0) {
                if (digits.length() <= exponent + 1) {
                    out.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
                } else {
                    out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
                }
            } else {
                out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            }
        } else {
            out.append(digits.charAt(0)).append('.');
            out.append(digits.length() > 1 ? digits.substring(1) : "0");
            out.append('E').append(exponent);
        }
        return out.toString();
    }
}
