package org.vecnn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;

/**
 * Run twice by the build: with {@code --add-modules jdk.incubator.vector} and without it (the execution
 * "without-vector-api" sets {@code vecnn.simd.expectScalar=true}). Without the module the passes must not touch
 * the lanes' classes (a NoClassDefFoundError otherwise) and give the api's reference bits.
 */
class ScalarFallbackTest {
    private static final boolean EXPECT_SCALAR = Boolean.getBoolean("vecnn.simd.expectScalar");

    @Test
    void theLanesAreUsedExactlyWhereTheJvmHasTheVectorApi() {
        assertEquals(!EXPECT_SCALAR, FloatActivationPass.lanes());
        assertEquals(!EXPECT_SCALAR, DoubleActivationPass.lanesFor(256));
        assertEquals(false, FloatActivationPass.lanesFor(1));
    }

    @Test
    void withoutTheVectorApiEveryPassGivesTheApisBits() {
        int rows = 6;
        int cols = 40;
        Random random = new Random(15);
        float[] z = new float[rows * cols];
        double[] zd = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 4);
            zd[i] = random.nextGaussian() * 4;
        }
        float[] bias = new float[cols];
        double[] biasd = new double[cols];
        for (int j = 0; j < cols; j++) {
            bias[j] = (float) random.nextGaussian();
            biasd[j] = random.nextGaussian();
        }
        for (Activation g : Activation.values()) {
            float[] want = new float[z.length];
            FloatActivations.biasApply(g, z, bias, want, rows, cols);
            double[] wantd = new double[zd.length];
            DoubleActivations.biasApply(g, zd, biasd, wantd, rows, cols);
            // rows cut at 2: the row-range path; and the tiny-row path, the reference for element-wise kinds
            float[] got = new float[z.length];
            FloatActivationPass.biasApply(g, z, bias, got, 0, 2, cols);
            FloatActivationPass.biasApply(g, z, bias, got, 2, rows, cols);
            double[] gotd = new double[zd.length];
            DoubleActivationPass.biasApply(g, zd, biasd, gotd, 0, 2, cols);
            DoubleActivationPass.biasApply(g, zd, biasd, gotd, 2, rows, cols);
            FloatBuffer buffer = FloatBuffer.wrap(z.clone());
            FloatActivationPass.biasApply(g, buffer, bias, buffer, 0, rows, cols);
            float[] tiny = {0.5f, -3f, 2f};
            float[] tinyGot = new float[3];
            FloatActivationPass.biasApply(g, tiny, null, tinyGot, 0, 1, 3);
            float[] tinyWant = new float[3];
            FloatActivations.biasApply(g, tiny, null, tinyWant, 1, 3);
            if (g.isRowWise() && FloatActivationPass.lanes()) {
                // the row-wise lanes take rows of any length: within their bound, not the reference's bits
                assertArrayEquals(tinyWant, tinyGot, 1e-6f, g + " one row of 3 in the lanes");
            } else {
                assertArrayEquals(tinyWant, tinyGot, g + " one row of 3");
            }
            if (EXPECT_SCALAR) {
                assertArrayEquals(want, got, g + " FLOAT32");
                assertArrayEquals(wantd, gotd, g + " FLOAT64");
                assertArrayEquals(want, buffer.array(), g + " FLOAT32 buffer");
            }
        }
    }
}
