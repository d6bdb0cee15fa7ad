package org.vecnn.simd.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.simd.DoubleActivationPass;
import org.vecnn.simd.FloatActivationPass;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;

/**
 * LaneMath's exp and tanh within their documented ulps of the exact values over their whole range, their
 * special values, and the lane-wise activation passes within the reference's bound; every result bitwise the
 * same on the first (interpreted) call and after the JIT compiled the code.
 */
class LaneMathTest {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    @Test
    void theVectorApiIsPresentInThisRun() {
        assertTrue(FloatActivationPass.lanes(), "surefire runs with --add-modules jdk.incubator.vector (simd-activations/pom.xml)");
    }

    @Test
    void expIsWithinTwoUlpsInBothPrecisions() {
        for (double x = -110; x <= 90; x += 1.0 / 128) {
            checkExpFloat((float) x);
        }
        for (double x = -750; x <= 711; x += 1.0 / 32) {
            checkExpDouble(x);
        }
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            checkExpFloat((float) (random.nextDouble() * 200 - 110));
            checkExpDouble(random.nextDouble() * 1460 - 750);
        }
    }

    @Test
    void tanhIsWithinFiveUlpsInBothPrecisions() {
        Random random = new Random(4);
        for (int i = 0; i < 200_000; i++) {
            double z = i % 2 == 0 ? random.nextGaussian() : random.nextGaussian() * 10;
            checkTanhFloat((float) z);
            checkTanhDouble(z);
        }
        for (double z = -1; z <= 1; z += 1.0 / 4096) {
            checkTanhFloat((float) z);
            checkTanhDouble(z);
        }
    }

    @Test
    void specialValues() {
        assertEquals(Float.POSITIVE_INFINITY, expF(Float.POSITIVE_INFINITY));
        assertEquals(0f, expF(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(expF(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, expF(89f));
        assertEquals(Double.POSITIVE_INFINITY, expD(Double.POSITIVE_INFINITY));
        assertEquals(0.0, expD(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(expD(Double.NaN)));
        assertEquals(1f, tanhF(Float.POSITIVE_INFINITY));
        assertEquals(-1f, tanhF(Float.NEGATIVE_INFINITY));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(tanhF(-0f)));
        assertTrue(Float.isNaN(tanhF(Float.NaN)));
        assertEquals(-1.0, tanhD(-1e300));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(tanhD(-0.0)));
        assertTrue(Double.isNaN(tanhD(Double.NaN)));
        assertEquals(1e-30f, tanhF(1e-30f));
    }

    @Test
    void lanePassesStayWithinTheReferenceBoundAndNeverChange() {
        Random random = new Random(9);
        int rows = 7;
        int cols = 37; // full vectors and a masked tail in every row
        float[] z = new float[rows * cols];
        double[] zd = new double[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 6);
            zd[i] = z[i];
        }
        float[] bias = new float[cols];
        double[] biasd = new double[cols];
        for (Activation g : Activation.values()) {
            float[] first = new float[z.length];
            FloatActivationPass.biasApply(g, z, bias, first, rows, cols, true);
            double[] firstd = new double[z.length];
            DoubleActivationPass.biasApply(g, zd, biasd, firstd, rows, cols, true);
            float[] want = new float[z.length];
            FloatActivations.biasApply(g, z, bias, want, rows, cols);
            double[] wantd = new double[z.length];
            DoubleActivations.biasApply(g, zd, biasd, wantd, rows, cols);
            for (int i = 0; i < z.length; i++) {
                // the kit's evaluation allowance: 8u (|g| + 1)
                if (Math.abs(first[i] - want[i]) > 8 * 0x1p-24 * (Math.abs(want[i]) + 1)) {
                    fail(g + " FLOAT32 at z = " + z[i] + ": " + first[i] + ", reference " + want[i]);
                }
                if (Math.abs(firstd[i] - wantd[i]) > 8 * 0x1p-53 * (Math.abs(wantd[i]) + 1)) {
                    fail(g + " FLOAT64 at z = " + zd[i] + ": " + firstd[i] + ", reference " + wantd[i]);
                }
            }
            for (int call = 0; call < 3000; call++) { // long enough for C2 to compile the passes
                float[] again = new float[z.length];
                FloatActivationPass.biasApply(g, z, bias, again, rows, cols, true);
                double[] againd = new double[z.length];
                DoubleActivationPass.biasApply(g, zd, biasd, againd, rows, cols, true);
                if (call % 1000 == 999) {
                    assertArrayEquals(first, again, g + " FLOAT32, call " + call);
                    assertArrayEquals(firstd, againd, g + " FLOAT64, call " + call);
                }
            }
        }
    }

    @Test
    void sigmoidAndTanhLanesStayWithinTheKitsAllowanceOverTheirWholeRange() {
        int n = 200_064; // 64 columns a row: lanes
        float[] z = new float[n];
        double[] zd = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (i - n / 2) * 0.0012f; // -120 .. 120: both saturations of sigmoid in FLOAT32
            zd[i] = (i - n / 2) * 0.0081; // -810 .. 810
        }
        z[0] = Float.NaN;
        z[1] = Float.POSITIVE_INFINITY;
        z[2] = Float.NEGATIVE_INFINITY;
        zd[0] = Double.NaN;
        for (Activation g : new Activation[] {Activation.SIGMOID, Activation.TANH}) {
            float[] got = new float[n];
            FloatActivationPass.biasApply(g, z, null, got, n / 64, 64, true);
            double[] gotd = new double[n];
            DoubleActivationPass.biasApply(g, zd, null, gotd, n / 64, 64, true);
            for (int i = 0; i < n; i++) {
                float want = FloatActivations.activate(g, z[i]);
                boolean exact = Float.isNaN(want) || Math.abs(want) == 1 || want == 0;
                if (exact ? Float.compare(want, got[i]) != 0
                        : Math.abs(got[i] - want) > 8 * 0x1p-24 * (Math.abs(want) + 1)) {
                    fail(g + " FLOAT32 at z = " + z[i] + ": " + got[i] + ", reference " + want);
                }
                double wantd = DoubleActivations.activate(g, zd[i]);
                boolean exactd = Double.isNaN(wantd) || Math.abs(wantd) == 1 || wantd == 0;
                if (exactd ? Double.compare(wantd, gotd[i]) != 0
                        : Math.abs(gotd[i] - wantd) > 8 * 0x1p-53 * (Math.abs(wantd) + 1)) {
                    fail(g + " FLOAT64 at z = " + zd[i] + ": " + gotd[i] + ", reference " + wantd);
                }
            }
        }
    }

    @Test
    void rowsShorterThanOneVectorUseTheReferenceFormulas() {
        int narrow = FloatLaneActivations.lanes() - 1;
        assertTrue(!FloatActivationPass.lanesFor(narrow) && FloatActivationPass.lanesFor(narrow + 1));
        float[] z = {0.3f, -2.5f, 7.25f};
        float[] got = new float[3];
        FloatActivationPass.biasApply(Activation.TANH, z, null, got, 1, 3, true);
        float[] want = new float[3];
        FloatActivations.biasApply(Activation.TANH, z, null, want, 1, 3);
        assertArrayEquals(want, got);
    }

    private static void checkExpFloat(float x) {
        float got = expF(x);
        double exact = Math.exp(x);
        double ulp = Math.ulp((float) exact);
        if (Math.abs(got - exact) > 2 * Math.max(ulp, Float.MIN_VALUE)) {
            fail("exp(" + x + ") = " + got + ", exact " + exact);
        }
    }

    private static void checkExpDouble(double x) {
        double got = expD(x);
        double exact = StrictMath.exp(x); // within 1 ulp itself
        if (Math.abs(got - exact) > 3 * Math.max(Math.ulp(exact), Double.MIN_VALUE)) {
            fail("exp(" + x + ") = " + got + ", StrictMath " + exact);
        }
    }

    private static void checkTanhFloat(float z) {
        float got = tanhF(z);
        double exact = Math.tanh(z);
        if (Math.abs(got - exact) > 5 * Math.ulp((float) exact)) {
            fail("tanh(" + z + ") = " + got + ", exact " + exact);
        }
    }

    private static void checkTanhDouble(double z) {
        double got = tanhD(z);
        double exact = StrictMath.tanh(z);
        if (Math.abs(got - exact) > 6 * Math.ulp(exact)) {
            fail("tanh(" + z + ") = " + got + ", StrictMath " + exact);
        }
    }

    // One value at a time goes through the padded tail; a 3-vector array through full vectors: check both.
    private static float expF(float x) {
        float[] xs = new float[3 * FS.length()];
        java.util.Arrays.fill(xs, x);
        float[] out = new float[xs.length];
        LaneMath.expShifted(xs, null, 0, 0f, out, 0, xs.length);
        float[] one = new float[1];
        LaneMath.expShifted(new float[] {x}, null, 0, 0f, one, 0, 1);
        assertEquals(Float.floatToIntBits(out[0]), Float.floatToIntBits(one[0]), "tail and full vector, x = " + x);
        return out[FS.length()];
    }

    private static double expD(double x) {
        double[] xs = new double[3 * DS.length()];
        java.util.Arrays.fill(xs, x);
        double[] out = new double[xs.length];
        LaneMath.expShifted(xs, null, 0, 0.0, out, 0, xs.length);
        double[] one = new double[1];
        LaneMath.expShifted(new double[] {x}, null, 0, 0.0, one, 0, 1);
        assertEquals(Double.doubleToLongBits(out[0]), Double.doubleToLongBits(one[0]), "tail and full, x = " + x);
        return out[DS.length()];
    }

    private static float tanhF(float z) {
        float[] out = new float[1];
        LaneMath.tanh(new float[] {z}, null, 0, out, 0, 1);
        return out[0];
    }

    private static double tanhD(double z) {
        double[] out = new double[1];
        LaneMath.tanh(new double[] {z}, null, 0, out, 0, 1);
        return out[0];
    }
}
