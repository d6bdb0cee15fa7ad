package org.vecnn.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;

/**
 * The one formula of each activation, in both precisions: the sigmoid's saturation shortcuts are exact and
 * tight (the threshold below which sigmoid rounds to 0 was once -&infin;, so its shortcut never fired), and
 * every entry point (arrays, tiles, buffers) computes the same bits.
 */
class ActivationFormulasTest {

    // The formula without shortcuts, in double: what the shortcuts must reproduce exactly.
    private static double plainSigmoid(double z) {
        double e = Math.exp(-Math.abs(z));
        return (z >= 0 ? 1.0 : e) / (1.0 + e);
    }

    // The z where a monotone predicate on the rounded formula flips, to within 1e-9.
    private interface Predicate {
        boolean test(double z);
    }

    private static double boundary(double lo, double hi, Predicate atLo) {
        assertTrue(atLo.test(lo) && !atLo.test(hi), "the search interval must straddle the boundary");
        while (hi - lo > 1e-9) {
            double mid = (lo + hi) / 2;
            if (atLo.test(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // A shortcut on the wrong side of the boundary would change bits; one far beyond it (or at ±∞, never
    // firing) would keep exp in saturated units. The FLOAT64 one-threshold sits 1.2 beyond its boundary, as
    // 1 + e rounds to 1 a bit earlier than the quarter-ulp bound assumes; within 2 holds for all four.
    private static final double SLACK = 2;

    @Test
    void sigmoidZeroThresholdIsTheLastZWhereTheFormulaRoundsToZeroInEachPrecision() {
        double float32 = boundary(-200, 0, z -> (float) plainSigmoid(z) == 0);
        double float64 = boundary(-1000, 0, z -> plainSigmoid(z) == 0);
        assertTrue(FloatActivations.SIGMOID_ZERO < float32 && FloatActivations.SIGMOID_ZERO > float32 - SLACK,
                "FLOAT32 SIGMOID_ZERO is " + FloatActivations.SIGMOID_ZERO + "; the formula rounds to 0 below "
                        + float32 + ", so the shortcut must lie within " + SLACK + " below that");
        assertTrue(DoubleActivations.SIGMOID_ZERO < float64 && DoubleActivations.SIGMOID_ZERO > float64 - SLACK,
                "FLOAT64 SIGMOID_ZERO is " + DoubleActivations.SIGMOID_ZERO + "; the formula rounds to 0 below "
                        + float64 + ", so the shortcut must lie within " + SLACK + " below that");
    }

    @Test
    void sigmoidOneThresholdIsTheFirstZWhereTheFormulaRoundsToOneInEachPrecision() {
        double float32 = boundary(0, 100, z -> (float) plainSigmoid(z) != 1);
        double float64 = boundary(0, 100, z -> plainSigmoid(z) != 1);
        assertTrue(FloatActivations.SIGMOID_ONE > float32 && FloatActivations.SIGMOID_ONE < float32 + SLACK,
                "FLOAT32 SIGMOID_ONE is " + FloatActivations.SIGMOID_ONE + ", the formula rounds to 1 above "
                        + float32);
        assertTrue(DoubleActivations.SIGMOID_ONE > float64 && DoubleActivations.SIGMOID_ONE < float64 + SLACK,
                "FLOAT64 SIGMOID_ONE is " + DoubleActivations.SIGMOID_ONE + ", the formula rounds to 1 above "
                        + float64);
    }

    @Test
    void sigmoidShortcutsGiveTheFormulasBitsAcrossBothThresholds() {
        double[] centres = {FloatActivations.SIGMOID_ZERO, FloatActivations.SIGMOID_ONE,
            DoubleActivations.SIGMOID_ZERO, DoubleActivations.SIGMOID_ONE};
        for (double c : centres) {
            for (int i = -20_000; i <= 20_000; i++) {
                double z = c + i * 1e-4;
                float f = FloatActivations.sigmoid(z);
                if (Float.compare(f, (float) plainSigmoid(z)) != 0) {
                    fail("FLOAT32 sigmoid(" + z + ") = " + f + ", the formula gives " + (float) plainSigmoid(z));
                }
                double d = DoubleActivations.sigmoid(z);
                if (Double.compare(d, plainSigmoid(z)) != 0) {
                    fail("FLOAT64 sigmoid(" + z + ") = " + d + ", the formula gives " + plainSigmoid(z));
                }
            }
        }
        assertEquals(1f, FloatActivations.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0f, FloatActivations.sigmoid(Double.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FloatActivations.sigmoid(Double.NaN)));
        assertTrue(Double.isNaN(DoubleActivations.sigmoid(Double.NaN)));
    }

    @Test
    void activationApplyIsTheFloat64Formula() {
        for (double z : new double[] {-1000, -745.5, -104, -3, -0.0, 0, 2.5, 17.5, 37.5, 1000, Double.NaN}) {
            assertEquals(DoubleActivations.sigmoid(z), Activation.SIGMOID.apply(z), 0.0, "sigmoid " + z);
            assertEquals(DoubleActivations.tanh(z), Activation.TANH.apply(z), 0.0, "tanh " + z);
            assertEquals(Double.doubleToRawLongBits(DoubleActivations.relu(z)),
                    Double.doubleToRawLongBits(Activation.RELU.apply(z)), "relu " + z);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Activation.RELU.apply(-0.0)),
                "relu keeps -0.0, as every backend does");
    }

    @Test
    void arraysTilesAndBuffersGiveTheSameBits() {
        Random random = new Random(42);
        int m = 7;
        int n = 13;
        float[] z = new float[m * n];
        double[] zd = new double[m * n];
        for (int i = 0; i < z.length; i++) {
            zd[i] = random.nextGaussian() * 40;
            z[i] = (float) zd[i];
        }
        float[] bias = new float[n];
        double[] biasd = new double[n];
        for (int j = 0; j < n; j++) {
            biasd[j] = random.nextGaussian();
            bias[j] = (float) biasd[j];
        }
        for (Activation g : Activation.values()) {
            float[] want = new float[z.length];
            double[] wantd = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                want[i] = z[i] + bias[i % n];
                wantd[i] = zd[i] + biasd[i % n];
            }
            FloatActivations.apply(g, want, want, m, n);
            DoubleActivations.apply(g, wantd, wantd, m, n);

            if (!g.isRowWise()) {
                for (int i = 0; i < z.length; i++) {
                    float one = FloatActivations.activate(g, z[i] + bias[i % n]);
                    assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(one), g + " activate");
                    double oned = DoubleActivations.activate(g, zd[i] + biasd[i % n]);
                    assertEquals(Double.doubleToRawLongBits(wantd[i]), Double.doubleToRawLongBits(oned),
                            g + " FLOAT64 activate");
                }
            }
            float[] fused = new float[z.length];
            FloatActivations.biasApply(g, z, bias, fused, m, n);
            assertArrayEquals(want, fused, g + " FLOAT32 biasApply");
            double[] fusedd = new double[z.length];
            DoubleActivations.biasApply(g, zd, biasd, fusedd, m, n);
            assertArrayEquals(wantd, fusedd, g + " FLOAT64 biasApply");

            float[] tiles = z.clone();
            FloatActivations.biasActivate(g, tiles, 0, n, 3, 5, bias, 0);
            FloatActivations.biasActivate(g, tiles, 5, n, 3, n - 5, bias, 5);
            FloatActivations.biasActivate(g, tiles, 3 * n, n, m - 3, n, bias, 0);
            if (g.isRowWise()) {
                FloatActivations.rowWise(g, tiles, tiles, 0, m, n);
            }
            assertArrayEquals(want, tiles, g + " FLOAT32 tiles");

            FloatBuffer buffer = ByteBuffer.allocateDirect(4 * z.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
            buffer.put(0, z);
            FloatActivations.biasApply(g, buffer, bias, buffer, 0, m, n);
            float[] got = new float[z.length];
            buffer.get(0, got);
            assertArrayEquals(want, got, g + " FLOAT32 buffer");
            DoubleBuffer bufferd = ByteBuffer.allocateDirect(8 * z.length).order(ByteOrder.nativeOrder())
                    .asDoubleBuffer();
            bufferd.put(0, zd);
            DoubleActivations.biasApply(g, bufferd, biasd, bufferd, 0, m, n);
            double[] gotd = new double[z.length];
            bufferd.get(0, gotd);
            assertArrayEquals(wantd, gotd, g + " FLOAT64 buffer");
        }
    }
}
