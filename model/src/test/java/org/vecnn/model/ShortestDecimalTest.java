package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShortestDecimalTest {
    private static final int SAMPLES = 10_000;

    @Test
    void randomDoublesReadBackWithTheFewestDigitsAndTheClosestOfThose() {
        SplittableRandom random = new SplittableRandom(20251126L);
        for (int i = 0; i < SAMPLES; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : Math.exp(-40 * random.nextDouble());
            if (!Double.isNaN(d)) {
                checkShortest(d, false);
            }
        }
    }

    @Test
    void randomFloatsReadBackAsFloatsWithTheFewestDigitsAndTheClosestOfThose() {
        SplittableRandom random = new SplittableRandom(4242L);
        for (int i = 0; i < SAMPLES; i++) {
            float f = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) Math.exp(-40 * random.nextDouble());
            if (!Float.isNaN(f)) {
                checkShortest(f, true);
            }
        }
    }

    @Test
    void valuesAtPowersOfTwoAndDecadesAndSubnormalsAreShortest() {
        for (int e = -1074; e <= 1023; e += 7) {
            double p = Math.scalb(1.0, e);
            checkShortest(p, false);
            checkShortest(Math.nextUp(p), false);
            checkShortest(Math.nextDown(p), false);
        }
        for (int e = -149; e <= 127; e++) {
            float p = Math.scalb(1.0f, e);
            checkShortest(p, true);
            checkShortest(Math.nextUp(p), true);
            checkShortest(Math.nextDown(p), true);
        }
        for (int e = -300; e <= 300; e += 3) {
            double ten = Double.parseDouble("1E" + e);
            checkShortest(ten, false);
            checkShortest(Math.nextUp(ten), false);
            checkShortest(Math.nextDown(ten), false);
        }
    }

    @Test
    void valuesThatJdk17PrintsTooLongAreShortened() {
        assertEquals("2.0E23", ShortestDecimal.toString(2.0E23));
        assertEquals("1.0E23", ShortestDecimal.toString(1.0E23));
        assertEquals("-2.1551112E10", ShortestDecimal.toString(Float.parseFloat("-2.15511122E10")));
        assertEquals("3.160701594026542E17", ShortestDecimal.toString(3.1607015940265421E17));
    }

    @Test
    void theLayoutIsThatOfDoubleToString() {
        assertEquals("0.001", ShortestDecimal.toString(0.001));
        assertEquals("9.99E-4", ShortestDecimal.toString(0.000999));
        assertEquals("1.0E-4", ShortestDecimal.toString(1e-4));
        assertEquals("9999999.0", ShortestDecimal.toString(9999999.0));
        assertEquals("1.0E7", ShortestDecimal.toString(1e7));
        assertEquals("123.456", ShortestDecimal.toString(123.456));
        assertEquals("100.0", ShortestDecimal.toString(100.0));
        assertEquals("-1.5", ShortestDecimal.toString(-1.5));
        assertEquals("0.1", ShortestDecimal.toString(0.1f));
        assertEquals("0.3", ShortestDecimal.toString(0.3));
        assertEquals("1.0", ShortestDecimal.toString(1.0f));
        assertEquals("-0.0", ShortestDecimal.toString(-0.0));
        assertEquals("0.0", ShortestDecimal.toString(0.0f));
        assertEquals("NaN", ShortestDecimal.toString(Double.NaN));
        assertEquals("-Infinity", ShortestDecimal.toString(Float.NEGATIVE_INFINITY));
        assertEquals("4.9E-324", ShortestDecimal.toString(Double.MIN_VALUE));
        assertEquals("1.4E-45", ShortestDecimal.toString(Float.MIN_VALUE));
        assertEquals("1.7976931348623157E308", ShortestDecimal.toString(Double.MAX_VALUE));
        assertEquals("3.4028235E38", ShortestDecimal.toString(Float.MAX_VALUE));
    }

    @Test
    void neverLongerThanTheJdkOutput() {
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < SAMPLES; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(d)) {
                assertTrue(digits(ShortestDecimal.toString(d)) <= digits(Double.toString(d)), Double.toString(d));
            }
        }
    }

    @Test
    void equalsDoubleToStringOnJdksThatPrintShortest() {
        assumeTrue(Runtime.version().feature() >= 19,
                "Double.toString prints the shortest decimal only from JDK 19 (JDK-4511638); this JVM is "
                        + Runtime.version());
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < SAMPLES; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            float f = Float.intBitsToFloat(random.nextInt());
            assertEquals(Double.toString(d), ShortestDecimal.toString(d));
            assertEquals(Float.toString(f), ShortestDecimal.toString(f));
        }
    }

    // The definition, checked with exact arithmetic: the text reads back; no decimal of one digit fewer (and
    // at least 2) reads back, which by convexity needs only the two nearest of that length; and neither
    // neighbour of the same length that reads back is closer.
    private static void checkShortest(double value, boolean single) {
        if (value == 0 || Double.isInfinite(value)) {
            return;
        }
        String s = single ? ShortestDecimal.toString((float) value) : ShortestDecimal.toString(value);
        assertTrue(readsBack(new BigDecimal(s), value, single), () -> s + " does not read back to " + value);
        BigDecimal exact = new BigDecimal(value);
        BigDecimal chosen = new BigDecimal(s);
        int p = Math.max(2, chosen.stripTrailingZeros().precision());
        if (p > 2) {
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal shorter = exact.round(new MathContext(p - 1, mode));
                assertTrue(!readsBack(shorter, value, single), () -> shorter + " is shorter than " + s + " and reads "
                        + "back to " + value);
            }
        }
        BigDecimal distance = chosen.subtract(exact).abs();
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal other = exact.round(new MathContext(p, mode));
            if (readsBack(other, value, single)) {
                assertTrue(distance.compareTo(other.subtract(exact).abs()) <= 0,
                        () -> other + " is closer to " + value + " than " + s);
            }
        }
    }

    private static boolean readsBack(BigDecimal d, double value, boolean single) {
        return single ? Float.parseFloat(d.toString()) == (float) value : Double.parseDouble(d.toString()) == value;
    }

    private static int digits(String s) {
        return new BigDecimal(s).stripTrailingZeros().precision();
    }
}
