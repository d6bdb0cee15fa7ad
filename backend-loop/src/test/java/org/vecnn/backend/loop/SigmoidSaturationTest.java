package org.vecnn.backend.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.backend.loop.internal.LoopKernelFactory;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;

/**
 * The loop kernels' sigmoid skips exp where the result is exactly 0 or 1. Its zero threshold was once
 * log(Float.MIN_VALUE / 2) = log(0) = -&infin; in both precisions, so that shortcut never fired; here each
 * threshold must be finite and within 2 of the z where the formula itself saturates, and the fused kernels
 * (scalar and naive) must give the formula's bits on both sides of it; the SIMD kernels, which compute in the
 * Vector API's lanes without the shortcut, its value within the kit's allowance and exactly 0 and 1 beyond.
 */
class SigmoidSaturationTest {
    private static final LoopKernels[] KERNELS = {LoopKernelFactory.blocked(true, 2),
        LoopKernelFactory.blocked(false, 2), LoopKernelFactory.naive()};

    private static double formula(double z) {
        double e = Math.exp(-Math.abs(z));
        return (z >= 0 ? 1.0 : e) / (1.0 + e);
    }

    @Test
    void zeroThresholdsAreFiniteAndJustBelowWhereTheFormulaRoundsToZero() {
        // ln(Float.MIN_VALUE / 2) ≈ -103.97 and ln(Double.MIN_VALUE / 2) ≈ -745.13, computed without underflow
        double float32 = Math.log(Float.MIN_VALUE) - Math.log(2);
        double float64 = Math.log(Double.MIN_VALUE) - Math.log(2);
        assertTrue((float) formula(float32 - 1e-6) == 0 && (float) formula(float32 + 1e-3) > 0, "FLOAT32 boundary");
        assertTrue(formula(float64 - 1e-6) == 0 && formula(float64 + 1e-3) > 0, "FLOAT64 boundary");
        assertTrue(FloatActivations.SIGMOID_ZERO < float32 && FloatActivations.SIGMOID_ZERO > float32 - 2,
                "FLOAT32 zero threshold " + FloatActivations.SIGMOID_ZERO + ", want just below " + float32);
        assertTrue(DoubleActivations.SIGMOID_ZERO < float64 && DoubleActivations.SIGMOID_ZERO > float64 - 2,
                "FLOAT64 zero threshold " + DoubleActivations.SIGMOID_ZERO + ", want just below " + float64);
    }

    @Test
    void fusedSigmoidGivesTheFormulasBitsOnBothSidesOfEveryThreshold() {
        double[] thresholds = {FloatActivations.SIGMOID_ZERO, FloatActivations.SIGMOID_ONE,
            DoubleActivations.SIGMOID_ZERO, DoubleActivations.SIGMOID_ONE};
        int m = 4001;
        for (double t : thresholds) {
            float[] z = new float[m];
            double[] zd = new double[m];
            for (int i = 0; i < m; i++) {
                z[i] = (float) (t + (i - m / 2) * 1e-3); // t - 2 .. t + 2
                zd[i] = t + (i - m / 2) * 1e-3;
            }
            for (LoopKernels kernels : KERNELS) {
                float[] got = new float[m];
                kernels.dense(z, new float[] {1}, new float[] {0}, Activation.SIGMOID, got, m, 1, 1);
                double[] gotd = new double[m];
                kernels.dense(zd, new double[] {1}, new double[] {0}, Activation.SIGMOID, gotd, m, 1, 1);
                boolean lanes = kernels.describe().startsWith("Vector API");
                for (int i = 0; i < m; i++) {
                    if (lanes) {
                        float want = (float) formula(z[i]);
                        boolean saturated = want == 0 || want == 1;
                        if (saturated ? got[i] != want : !LoopGemmTest.within(got[i], want, 0x1p-24)) {
                            fail(kernels.describe() + " FLOAT32 sigmoid(" + z[i] + ") = " + got[i] + ", want "
                                    + want);
                        }
                        double wantd = formula(zd[i]);
                        boolean saturatedd = wantd == 0 || wantd == 1;
                        if (saturatedd ? gotd[i] != wantd : !LoopGemmTest.within(gotd[i], wantd, 0x1p-53)) {
                            fail(kernels.describe() + " FLOAT64 sigmoid(" + zd[i] + ") = " + gotd[i] + ", want "
                                    + wantd);
                        }
                        continue;
                    }
                    if (Float.compare(got[i], (float) formula(z[i])) != 0) {
                        fail(kernels.describe() + " FLOAT32 sigmoid(" + z[i] + ") = " + got[i] + ", want "
                                + (float) formula(z[i]));
                    }
                    if (Double.compare(gotd[i], formula(zd[i])) != 0) {
                        fail(kernels.describe() + " FLOAT64 sigmoid(" + zd[i] + ") = " + gotd[i] + ", want "
                                + formula(zd[i]));
                    }
                }
            }
        }
    }
}
