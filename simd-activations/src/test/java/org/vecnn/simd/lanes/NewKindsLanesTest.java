package org.vecnn.simd.lanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.simd.DoubleActivationPass;
import org.vecnn.simd.FloatActivationPass;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;

/**
 * The lanes of leaky relu (bitwise the reference) and log-softmax (within the bound docs/conformance.md
 * derives), the row-range and buffer entries against the whole-array pass, and the project's switch.
 */
class NewKindsLanesTest {

    @Test
    void leakyReluLanesGiveTheReferenceBitsForEverySlope() {
        int cols = 3 * FloatLaneActivations.lanes() + 5; // full vectors and a tail
        Random random = new Random(11);
        float[] z = new float[4 * cols];
        double[] zd = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(80) - 40));
            zd[i] = random.nextGaussian() * Math.pow(10, random.nextInt(600) - 300);
        }
        float[] special = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -Float.MIN_VALUE,
            -Float.MAX_VALUE, -1.4e-39f};
        for (int i = 0; i < special.length; i++) {
            z[i] = special[i];
            zd[i] = special[i];
        }
        zd[special.length] = -Double.MAX_VALUE;
        zd[special.length + 1] = -Double.MIN_VALUE;
        float[] bias = new float[cols];
        double[] biasd = new double[cols];
        for (int j = 0; j < cols; j++) {
            bias[j] = (float) random.nextGaussian();
            biasd[j] = bias[j];
        }
        for (double alpha : new double[] {0.01, 0.2, 1e-3, 0.1, 1.0 / 3, -0.5, 0, 3e38}) {
            Activation g = Activation.leakyRelu(alpha);
            for (float[] b : new float[][] {null, bias}) {
                float[] got = new float[z.length];
                FloatActivationPass.biasApply(g, z, b, got, 0, 4, cols);
                float[] want = new float[z.length];
                FloatActivations.biasApply(g, z, b, want, 4, cols);
                assertArrayEquals(bits(want), bits(got), g + " FLOAT32, bias " + (b != null));
            }
            for (double[] b : new double[][] {null, biasd}) {
                double[] got = new double[zd.length];
                DoubleActivationPass.biasApply(g, zd, b, got, 0, 4, cols);
                double[] want = new double[zd.length];
                DoubleActivations.biasApply(g, zd, b, want, 4, cols);
                assertArrayEquals(bits(want), bits(got), g + " FLOAT64, bias " + (b != null));
            }
        }
    }

    @Test
    void logSoftmaxLanesStayWithinTheirBoundOfTheReference() {
        Random random = new Random(12);
        for (int cols : new int[] {FloatLaneActivations.lanes(), 37, 256, 1000}) {
            int rows = 9;
            float[] z = new float[rows * cols];
            double[] zd = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                double scale = i / cols % 3 == 0 ? 40 : 3; // some rows dominated by one element
                z[i] = (float) (random.nextGaussian() * scale);
                zd[i] = z[i];
            }
            float[] got = new float[z.length];
            FloatLaneActivations.logSoftmaxRows(z, got, 0, rows, cols);
            float[] want = new float[z.length];
            FloatActivations.logSoftmaxRows(z, want, 0, rows, cols);
            double[] gotd = new double[z.length];
            DoubleLaneActivations.logSoftmaxRows(zd, gotd, 0, rows, cols);
            double[] wantd = new double[z.length];
            DoubleActivations.logSoftmaxRows(zd, wantd, 0, rows, cols);
            for (int i = 0; i < z.length; i++) {
                // docs/conformance.md: the lanes' sum moves the row's shift by at most (n + 4)u; the subtraction
                // is the reference's (double), rounded once in each: 2u of the output apart
                if (Math.abs(got[i] - want[i]) > (cols + 6) * 0x1p-24 + 2 * 0x1p-24 * Math.abs(want[i])) {
                    fail("FLOAT32 log-softmax, n = " + cols + ", at " + i + ": " + got[i] + ", reference " + want[i]);
                }
                if (Math.abs(gotd[i] - wantd[i]) > (cols + 6) * 0x1p-53 + 2 * 0x1p-53 * Math.abs(wantd[i])) {
                    fail("FLOAT64 log-softmax, n = " + cols + ", at " + i + ": " + gotd[i] + ", reference " + wantd[i]);
                }
            }
            float[] inPlace = z.clone();
            FloatLaneActivations.logSoftmaxRows(inPlace, inPlace, 0, rows, cols);
            assertArrayEquals(bits(got), bits(inPlace), "in place, n = " + cols);
        }
        float[] nan = new float[2 * FloatLaneActivations.lanes()];
        nan[3] = Float.NaN;
        FloatLaneActivations.logSoftmaxRows(nan, nan, 0, 1, nan.length);
        for (float a : nan) {
            assertTrue(Float.isNaN(a), "a NaN in the row makes every output NaN, as the reference");
        }
    }

    @Test
    void rowRangesAndBuffersGiveTheWholeBlocksBits() {
        int rows = 13;
        int cols = 70;
        Random random = new Random(13);
        float[] z = new float[rows * cols];
        double[] zd = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 5);
            zd[i] = z[i];
        }
        float[] bias = new float[cols];
        double[] biasd = new double[cols];
        for (int j = 0; j < cols; j++) {
            bias[j] = (float) random.nextGaussian();
            biasd[j] = bias[j];
        }
        for (Activation g : Activation.values()) {
            float[] whole = new float[z.length];
            FloatActivationPass.biasApply(g, z, bias, whole, 0, rows, cols);
            float[] pieces = new float[z.length];
            FloatActivationPass.biasApply(g, z, bias, pieces, 0, 5, cols);
            FloatActivationPass.biasApply(g, z, bias, pieces, 5, 6, cols);
            FloatActivationPass.biasApply(g, z, bias, pieces, 6, rows, cols);
            assertArrayEquals(bits(whole), bits(pieces), g + " FLOAT32 row ranges");
            FloatBuffer direct = ByteBuffer.allocateDirect(4 * z.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
            direct.put(0, z);
            FloatActivationPass.biasApply(g, direct, bias, direct, 0, rows, cols);
            float[] fromBuffer = new float[z.length];
            direct.get(0, fromBuffer);
            assertArrayEquals(bits(whole), bits(fromBuffer), g + " FLOAT32 direct buffer");

            double[] wholed = new double[zd.length];
            DoubleActivationPass.biasApply(g, zd, biasd, wholed, 0, rows, cols);
            double[] piecesd = new double[zd.length];
            DoubleActivationPass.biasApply(g, zd, biasd, piecesd, 0, 7, cols);
            DoubleActivationPass.biasApply(g, zd, biasd, piecesd, 7, rows, cols);
            assertArrayEquals(bits(wholed), bits(piecesd), g + " FLOAT64 row ranges");
            DoubleBuffer heap = DoubleBuffer.wrap(zd.clone());
            DoubleBuffer out = DoubleBuffer.allocate(zd.length);
            DoubleActivationPass.biasApply(g, heap, biasd, out, 0, rows, cols);
            assertArrayEquals(bits(wholed), bits(out.array()), g + " FLOAT64 heap buffer");
        }
    }

    @Test
    void theSwitchGivesTheApisBitsAndABadValueIsNamed() {
        int rows = 5;
        int cols = 64;
        Random random = new Random(14);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 5);
        }
        String before = System.getProperty(FloatActivationPass.SWITCH);
        try {
            System.setProperty(FloatActivationPass.SWITCH, "false");
            assertTrue(!FloatActivationPass.lanes() && !FloatActivationPass.lanesFor(cols));
            for (Activation g : Activation.values()) {
                float[] got = new float[z.length];
                FloatActivationPass.biasApply(g, z, null, got, 0, rows, cols);
                float[] want = new float[z.length];
                FloatActivations.biasApply(g, z, null, want, rows, cols);
                assertArrayEquals(bits(want), bits(got), g + " with the switch off");
            }
            System.setProperty(FloatActivationPass.SWITCH, "sometimes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FloatActivationPass.biasApply(Activation.SIGMOID, z, null, new float[z.length], 0, 1, cols));
            assertTrue(e.getMessage().contains(FloatActivationPass.SWITCH) && e.getMessage().contains("sometimes"),
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(FloatActivationPass.SWITCH);
            } else {
                System.setProperty(FloatActivationPass.SWITCH, before);
            }
        }
        assertTrue(FloatActivationPass.lanesFor(cols));
    }

    @Test
    void rowsOutsideTheArraysAreRefusedWithTheirSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FloatActivationPass.biasApply(Activation.RELU, new float[10], null, new float[10], 0, 3, 4));
        assertTrue(e.getMessage().contains("biasApply") && e.getMessage().contains("10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DoubleActivationPass.biasApply(Activation.RELU,
                new double[12], new double[3], new double[12], 0, 3, 4));
        assertEquals(0, FloatActivationPass.SWITCH.indexOf("vecnn."));
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    private static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Double.doubleToRawLongBits(a[i]);
        }
        return b;
    }
}
