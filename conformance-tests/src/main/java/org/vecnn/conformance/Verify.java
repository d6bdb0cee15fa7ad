package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import org.junit.jupiter.api.function.Executable;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/** The kit's assertions, whose messages say which check, which element and by how much. */
final class Verify {
    private Verify() {
    }

    /** The matrix has this shape, precision and owner. */
    static void shape(String what, Matrix m, int rows, int cols, Precision p, Backend owner) {
        if (m == null) {
            fail(what + ": the result is null");
        }
        if (m.rows() != rows || m.cols() != cols) {
            fail(what + ": the result is " + m.rows() + "×" + m.cols() + " but should be " + rows + "×" + cols);
        }
        if (m.precision() != p) {
            fail(what + ": the result is " + m.precision() + " but should be " + p);
        }
        if (owner != null && m.backend() != owner) {
            fail(what + ": the result belongs to backend " + m.backend() + ", not to " + owner);
        }
        if (m.isClosed()) {
            fail(what + ": the result is closed");
        }
    }

    /** Every element lies within the bound of the reference; NaN where and only where it is NaN. */
    static void close(String what, Expected e, Matrix m, Precision p, Backend owner) {
        shape(what, m, e.rows, e.cols, p, owner);
        close(what, e, m.toDoubleArray());
    }

    static void close(String what, Expected e, double[] got) {
        close(what, e, got, null);
    }

    /**
     * As {@link #close(String, Expected, double[])}; the message of a failure also names the input at the
     * worst element.
     *
     * @param inputs the argument of each element (for element-wise functions), or null
     */
    static void close(String what, Expected e, double[] got, double[] inputs) {
        if (got.length != e.value.length) {
            fail(what + ": " + got.length + " elements, expected " + e.value.length);
        }
        int bad = 0;
        int worst = -1;
        double worstRatio = -1;
        for (int i = 0; i < got.length; i++) {
            double x = got[i];
            double ref = e.value[i];
            double ratio;
            if (Double.isNaN(ref) || Double.isNaN(x)) {
                ratio = Double.isNaN(ref) == Double.isNaN(x) ? 0 : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(ref) || Double.isInfinite(x)) {
                ratio = x == ref ? 0 : Double.POSITIVE_INFINITY;
            } else {
                double diff = Math.abs(x - ref);
                double b = e.bound[i];
                ratio = diff <= b ? 0 : b == 0 ? Double.POSITIVE_INFINITY : diff / b;
            }
            if (ratio > 0) {
                bad++;
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worst = i;
                }
            }
        }
        if (bad > 0) {
            int r = worst / e.cols;
            int c = worst % e.cols;
            double x = got[worst];
            double ref = e.value[worst];
            String detail;
            if (Double.isNaN(ref)) {
                detail = "got " + fmt(x) + " but it must be NaN (NaN propagates)";
            } else if (Double.isNaN(x)) {
                detail = "got NaN but the reference is " + fmt(ref);
            } else if (e.bound[worst] == 0 || Double.isInfinite(ref) || Double.isInfinite(x)) {
                detail = "got " + exact(x) + " but it must be exactly " + exact(ref);
            } else {
                detail = "got " + fmt(x) + ", reference " + fmt(ref) + " ± " + fmt(e.bound[worst]) + " (off by "
                        + fmt(Math.abs(x - ref)) + String.format(Locale.ROOT, ", %.3g× the bound)", worstRatio);
            }
            String at = inputs == null ? "" : " for input " + exact(inputs[worst]);
            fail(what + ": " + bad + " of " + got.length + " elements differ from the kit's reference beyond "
                    + "the rounding-error bound; worst at (" + r + ", " + c + ")" + at + ": " + detail);
        }
    }

    /** Bitwise equality, NaN payloads aside. */
    static void identical(String what, double[] expected, double[] got) {
        if (expected.length != got.length) {
            fail(what + ": " + got.length + " elements, expected " + expected.length);
        }
        for (int i = 0; i < got.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(got[i])) {
                fail(what + ": element " + i + " is " + exact(got[i]) + " but was " + exact(expected[i])
                        + " before: results must be bitwise identical");
            }
        }
    }

    /**
     * The call throws the documented type, with a message that contains every fragment.
     *
     * @return the exception
     */
    static <T extends Throwable> T refuses(String what, Class<T> type, Executable call, String... fragments) {
        T thrown = assertThrows(type, call, what + ": expected " + type.getSimpleName());
        String message = thrown.getMessage();
        for (String fragment : fragments) {
            if (message == null || !message.contains(fragment)) {
                fail(what + ": the " + type.getSimpleName() + "'s message must name '" + fragment + "' but was: "
                        + message);
            }
        }
        return thrown;
    }

    /**
     * Every digit a double holds: 17 significant digits and the bits in hexadecimal, so that two values
     * that differ in the last bit never print alike.
     */
    static String exact(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? Double.toString(x)
                : String.format(Locale.ROOT, "%.17g (%s)", x, Double.toHexString(x));
    }

    static String fmt(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? Double.toString(x)
                : String.format(Locale.ROOT, "%.9g", x);
    }
}
