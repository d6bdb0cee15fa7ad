package org.vecnn.simd.lanes;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e<sup>x</sup> and tanh x lane by lane, from additions, multiplications and FMAs only. Not the Vector API's
 * {@link VectorOperators#EXP} and {@link VectorOperators#TANH}: those are SVML routines once C2 has compiled
 * the caller but per-lane {@link Math} calls before, so the same input could give two results on two
 * calls, and a layer must give bitwise the same result on every call. Every operation here is an IEEE
 * operation correctly rounded in every execution mode, so the results never change.
 *
 * <p>exp: x = n&middot;ln 2 + r with n = rint(x / ln 2) and |r| &le; ln 2 / 2, r by Cody and Waite's split
 * of ln 2 (n&middot;LN2_HI is exact, FMA for both steps); e<sup>r</sup> by its Taylor polynomial of degree 7
 * (FLOAT32) or 13 (FLOAT64), whose truncation error r<sup>d+1</sup>/(d+1)! is below 5.2&middot;10<sup>-9</sup>
 * (0.09 ulp) and 4.1&middot;10<sup>-18</sup> (0.04 ulp) there; then scaled by 2<sup>n</sup> in two exact
 * halves, so that subnormal results are rounded once. With the d Horner roundings (each relative error u, the
 * terms decreasing) the result is within 2 ulps for results in the normal range. x is first clamped to
 * where e<sup>x</sup> is between 0 and overflow (exactly so after rounding), so &plusmn;&infin; give &infin; and 0;
 * NaN stays NaN.
 *
 * <p>tanh: for |z| &lt; 0.3 its odd Taylor polynomial to z<sup>11</sup> (FLOAT32) or z<sup>23</sup> (FLOAT64),
 * whose remainder is below 0.04 ulp there; above, sign(z)&middot;(1 - e)/(1 + e) with e = e<sup>-2|z|</sup>
 * &le; 0.55, where 1 - e is exact (Sterbenz) and carries e's error at most 1.2-fold: within 5 ulps.
 */
final class LaneMath {
    // first: the module reads jdk.incubator.vector before this class resolves a class of it (VectorModule)
    private static final boolean VECTOR_API = VectorModule.PRESENT;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final float LN2_HI_F = 0.693359375f;
    private static final float LN2_LO_F = -2.12194440e-4f;
    private static final double LN2_HI_D = 6.93147180369123816490e-01;
    private static final double LN2_LO_D = 1.90821492927058770002e-10;
    private static final double LOG2E = 1.4426950408889634;
    private static final float ROUND_F = 0x1.8p23f; // t + 1.5·2^23 - 1.5·2^23 is rint(t) for |t| < 2^22
    private static final double ROUND_D = 0x1.8p52;
    // The bits of ROUND_F and ROUND_D: (t + ROUND) has them plus rint(t), read without a float-to-int conversion
    // (which C2 of JDK 17 does not compile for vectors).
    private static final int ROUND_F_BITS = Float.floatToIntBits(ROUND_F);
    private static final long ROUND_D_BITS = Double.doubleToLongBits(ROUND_D);
    private static final double TANH_SERIES_BELOW = 0.3;

    // One flat loop per precision over arrays, the polynomials unrolled: no vector crosses a method call, since
    // C2 boxes a vector passed to a method it does not inline, and then the lanes are slower than scalar code.
    // Coefficients: 1/k! for exp; tanh's Taylor coefficients 2^2n (2^2n - 1) B_2n / (2n)! of z^(2n-1).
    private LaneMath() {
    }

    private static final int FL = FS.length();
    private static final int DL = DS.length();
    private static final float[] NEG_ZEROS_F = new float[FL];
    private static final double[] NEG_ZEROS_D = new double[DL];

    static {
        java.util.Arrays.fill(NEG_ZEROS_F, -0.0f);
        java.util.Arrays.fill(NEG_ZEROS_D, -0.0);
    }

    /**
     * dst[off + j] = e<sup>src[off + j] - shift</sup>; returns their sum (the full vectors' lanes reduced, then the tail in order), FLOAT32, for j in [0, len); dst may be src, or null for the sum alone.
     */
    static float expShifted(float[] src, float[] bias, int biasOff, float shift, float[] dst, int off, int len) {
        float[] padZ = null; // the last partial vector, padded (allocated only for a row with one)
        float[] padB = NEG_ZEROS_F;
        FloatVector sum = FloatVector.zero(FS);
        float tailSum = 0;
        FloatVector shiftV = FloatVector.broadcast(FS, shift);
        for (int j = 0; j < len; j += FL) {
            boolean full = j + FL <= len;
            int rest = Math.min(FL, len - j);
            if (!full) {
                padZ = new float[FL];
                System.arraycopy(src, off + j, padZ, 0, rest);
                if (bias != null) {
                    padB = NEG_ZEROS_F.clone();
                    System.arraycopy(bias, biasOff + j, padB, 0, rest);
                }
            }
            // no bias: -0.0 added, which leaves every value as it is (-0.0 included)
            float[] bs = full ? (bias != null ? bias : NEG_ZEROS_F) : padB;
            int bo = full && bias != null ? biasOff + j : 0;
            FloatVector z = FloatVector.fromArray(FS, full ? src : padZ, full ? off + j : 0).add(FloatVector.fromArray(FS, bs, bo));
            FloatVector x = z.sub(shiftV);
            x = x.max(-104f).min(89f); // where e^x underflows to 0 / overflows; NaN stays NaN
            FloatVector big = x.mul((float) LOG2E).add(ROUND_F); // n in its low mantissa bits
            FloatVector n = big.sub(ROUND_F);
            FloatVector r = n.fma(FloatVector.broadcast(FS, -LN2_HI_F), x);
            r = n.fma(FloatVector.broadcast(FS, -LN2_LO_F), r);
            FloatVector p = FloatVector.broadcast(FS, 0.0001984126984126984f);
            p = p.fma(r, FloatVector.broadcast(FS, 0.001388888888888889f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.008333333333333333f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.041666666666666664f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.16666666666666666f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.5f));
            p = p.fma(r, FloatVector.broadcast(FS, 1.0f));
            p = p.fma(r, FloatVector.broadcast(FS, 1.0f));
            IntVector k = big.reinterpretAsInts().sub(ROUND_F_BITS);
            IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector e = p.mul(k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(k.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector y = e;
            if (!full || dst != null) {
                y.intoArray(full ? dst : padZ, full ? off + j : 0);
            }
            if (!full) {
                if (dst != null) {
                    System.arraycopy(padZ, 0, dst, off + j, rest);
                }
                for (int i = 0; i < rest; i++) {
                    tailSum += padZ[i];
                }
            } else {
                sum = sum.add(y);
            }
        }
        return sum.reduceLanes(VectorOperators.ADD) + tailSum;
    }

    /**
     * dst[off + j] = sigmoid(src[off + j] + bias[biasOff + j]) (no bias where bias is null), FLOAT32, for j in [0, len); dst may be src.
     */
    static void sigmoid(float[] src, float[] bias, int biasOff, float[] dst, int off, int len) {
        float[] padZ = null; // the last partial vector, padded (allocated only for a row with one)
        float[] padB = NEG_ZEROS_F;

        for (int j = 0; j < len; j += FL) {
            boolean full = j + FL <= len;
            int rest = Math.min(FL, len - j);
            if (!full) {
                padZ = new float[FL];
                System.arraycopy(src, off + j, padZ, 0, rest);
                if (bias != null) {
                    padB = NEG_ZEROS_F.clone();
                    System.arraycopy(bias, biasOff + j, padB, 0, rest);
                }
            }
            // no bias: -0.0 added, which leaves every value as it is (-0.0 included)
            float[] bs = full ? (bias != null ? bias : NEG_ZEROS_F) : padB;
            int bo = full && bias != null ? biasOff + j : 0;
            FloatVector z = FloatVector.fromArray(FS, full ? src : padZ, full ? off + j : 0).add(FloatVector.fromArray(FS, bs, bo));
            FloatVector x = z.abs().neg();
            x = x.max(-104f).min(89f); // where e^x underflows to 0 / overflows; NaN stays NaN
            FloatVector big = x.mul((float) LOG2E).add(ROUND_F); // n in its low mantissa bits
            FloatVector n = big.sub(ROUND_F);
            FloatVector r = n.fma(FloatVector.broadcast(FS, -LN2_HI_F), x);
            r = n.fma(FloatVector.broadcast(FS, -LN2_LO_F), r);
            FloatVector p = FloatVector.broadcast(FS, 0.0001984126984126984f);
            p = p.fma(r, FloatVector.broadcast(FS, 0.001388888888888889f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.008333333333333333f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.041666666666666664f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.16666666666666666f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.5f));
            p = p.fma(r, FloatVector.broadcast(FS, 1.0f));
            p = p.fma(r, FloatVector.broadcast(FS, 1.0f));
            IntVector k = big.reinterpretAsInts().sub(ROUND_F_BITS);
            IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector e = p.mul(k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(k.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            // 1 / (1 + e) for z >= 0, e / (1 + e) below; NaN: e is NaN
            FloatVector y = e.blend(1f, z.compare(VectorOperators.GE, 0f)).div(e.add(1f));
            y.intoArray(full ? dst : padZ, full ? off + j : 0);
            if (!full) {
                System.arraycopy(padZ, 0, dst, off + j, rest);

            }
        }
    }

    /**
     * dst[off + j] = tanh(src[off + j] + bias[biasOff + j]) (no bias where bias is null), FLOAT32, for j in [0, len); dst may be src.
     */
    static void tanh(float[] src, float[] bias, int biasOff, float[] dst, int off, int len) {
        float[] padZ = null; // the last partial vector, padded (allocated only for a row with one)
        float[] padB = NEG_ZEROS_F;

        for (int j = 0; j < len; j += FL) {
            boolean full = j + FL <= len;
            int rest = Math.min(FL, len - j);
            if (!full) {
                padZ = new float[FL];
                System.arraycopy(src, off + j, padZ, 0, rest);
                if (bias != null) {
                    padB = NEG_ZEROS_F.clone();
                    System.arraycopy(bias, biasOff + j, padB, 0, rest);
                }
            }
            // no bias: -0.0 added, which leaves every value as it is (-0.0 included)
            float[] bs = full ? (bias != null ? bias : NEG_ZEROS_F) : padB;
            int bo = full && bias != null ? biasOff + j : 0;
            FloatVector z = FloatVector.fromArray(FS, full ? src : padZ, full ? off + j : 0).add(FloatVector.fromArray(FS, bs, bo));
            FloatVector x = z.abs().mul(-2f);
            x = x.max(-104f).min(89f); // where e^x underflows to 0 / overflows; NaN stays NaN
            FloatVector big = x.mul((float) LOG2E).add(ROUND_F); // n in its low mantissa bits
            FloatVector n = big.sub(ROUND_F);
            FloatVector r = n.fma(FloatVector.broadcast(FS, -LN2_HI_F), x);
            r = n.fma(FloatVector.broadcast(FS, -LN2_LO_F), r);
            FloatVector p = FloatVector.broadcast(FS, 0.0001984126984126984f);
            p = p.fma(r, FloatVector.broadcast(FS, 0.001388888888888889f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.008333333333333333f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.041666666666666664f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.16666666666666666f));
            p = p.fma(r, FloatVector.broadcast(FS, 0.5f));
            p = p.fma(r, FloatVector.broadcast(FS, 1.0f));
            p = p.fma(r, FloatVector.broadcast(FS, 1.0f));
            IntVector k = big.reinterpretAsInts().sub(ROUND_F_BITS);
            IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector e = p.mul(k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(k.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector t = e.neg().add(1f).div(e.add(1f));
            t = t.blend(t.neg(), z.lt(0f));
            FloatVector z2 = z.mul(z);
            FloatVector s = FloatVector.broadcast(FS, -0.008863235529902197f);
            s = s.fma(z2, FloatVector.broadcast(FS, 0.021869488536155203f));
            s = s.fma(z2, FloatVector.broadcast(FS, -0.05396825396825397f));
            s = s.fma(z2, FloatVector.broadcast(FS, 0.13333333333333333f));
            s = s.fma(z2, FloatVector.broadcast(FS, -0.3333333333333333f));
            s = s.fma(z2, FloatVector.broadcast(FS, 1.0f));
            FloatVector y = t.blend(s.mul(z), z.abs().lt((float) TANH_SERIES_BELOW));
            y.intoArray(full ? dst : padZ, full ? off + j : 0);
            if (!full) {
                System.arraycopy(padZ, 0, dst, off + j, rest);

            }
        }
    }

    /**
     * dst[off + j] = e<sup>src[off + j] - shift</sup>; returns their sum (the full vectors' lanes reduced, then the tail in order), FLOAT64, for j in [0, len); dst may be src, or null for the sum alone.
     */
    static double expShifted(double[] src, double[] bias, int biasOff, double shift, double[] dst, int off, int len) {
        double[] padZ = null; // the last partial vector, padded (allocated only for a row with one)
        double[] padB = NEG_ZEROS_D;
        DoubleVector sum = DoubleVector.zero(DS);
        double tailSum = 0;
        DoubleVector shiftV = DoubleVector.broadcast(DS, shift);
        for (int j = 0; j < len; j += DL) {
            boolean full = j + DL <= len;
            int rest = Math.min(DL, len - j);
            if (!full) {
                padZ = new double[DL];
                System.arraycopy(src, off + j, padZ, 0, rest);
                if (bias != null) {
                    padB = NEG_ZEROS_D.clone();
                    System.arraycopy(bias, biasOff + j, padB, 0, rest);
                }
            }
            // no bias: -0.0 added, which leaves every value as it is (-0.0 included)
            double[] bs = full ? (bias != null ? bias : NEG_ZEROS_D) : padB;
            int bo = full && bias != null ? biasOff + j : 0;
            DoubleVector z = DoubleVector.fromArray(DS, full ? src : padZ, full ? off + j : 0).add(DoubleVector.fromArray(DS, bs, bo));
            DoubleVector x = z.sub(shiftV);
            x = x.max(-746.0).min(710.0); // where e^x underflows to 0 / overflows; NaN stays NaN
            DoubleVector big = x.mul(LOG2E).add(ROUND_D); // n in its low mantissa bits
            DoubleVector n = big.sub(ROUND_D);
            DoubleVector r = n.fma(DoubleVector.broadcast(DS, -LN2_HI_D), x);
            r = n.fma(DoubleVector.broadcast(DS, -LN2_LO_D), r);
            DoubleVector p = DoubleVector.broadcast(DS, 1.6059043836821613e-10);
            p = p.fma(r, DoubleVector.broadcast(DS, 2.08767569878681e-09));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.505210838544172e-08));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.755731922398589e-07));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.7557319223985893e-06));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.48015873015873e-05));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.0001984126984126984));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.001388888888888889));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.008333333333333333));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.041666666666666664));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.16666666666666666));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.5));
            p = p.fma(r, DoubleVector.broadcast(DS, 1.0));
            p = p.fma(r, DoubleVector.broadcast(DS, 1.0));
            LongVector k = big.reinterpretAsLongs().sub(ROUND_D_BITS);
            LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            DoubleVector e = p.mul(k1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles())
                    .mul(k.sub(k1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
            DoubleVector y = e;
            if (!full || dst != null) {
                y.intoArray(full ? dst : padZ, full ? off + j : 0);
            }
            if (!full) {
                if (dst != null) {
                    System.arraycopy(padZ, 0, dst, off + j, rest);
                }
                for (int i = 0; i < rest; i++) {
                    tailSum += padZ[i];
                }
            } else {
                sum = sum.add(y);
            }
        }
        return sum.reduceLanes(VectorOperators.ADD) + tailSum;
    }

    /**
     * dst[off + j] = sigmoid(src[off + j] + bias[biasOff + j]) (no bias where bias is null), FLOAT64, for j in [0, len); dst may be src.
     */
    static void sigmoid(double[] src, double[] bias, int biasOff, double[] dst, int off, int len) {
        double[] padZ = null; // the last partial vector, padded (allocated only for a row with one)
        double[] padB = NEG_ZEROS_D;

        for (int j = 0; j < len; j += DL) {
            boolean full = j + DL <= len;
            int rest = Math.min(DL, len - j);
            if (!full) {
                padZ = new double[DL];
                System.arraycopy(src, off + j, padZ, 0, rest);
                if (bias != null) {
                    padB = NEG_ZEROS_D.clone();
                    System.arraycopy(bias, biasOff + j, padB, 0, rest);
                }
            }
            // no bias: -0.0 added, which leaves every value as it is (-0.0 included)
            double[] bs = full ? (bias != null ? bias : NEG_ZEROS_D) : padB;
            int bo = full && bias != null ? biasOff + j : 0;
            DoubleVector z = DoubleVector.fromArray(DS, full ? src : padZ, full ? off + j : 0).add(DoubleVector.fromArray(DS, bs, bo));
            DoubleVector x = z.abs().neg();
            x = x.max(-746.0).min(710.0); // where e^x underflows to 0 / overflows; NaN stays NaN
            DoubleVector big = x.mul(LOG2E).add(ROUND_D); // n in its low mantissa bits
            DoubleVector n = big.sub(ROUND_D);
            DoubleVector r = n.fma(DoubleVector.broadcast(DS, -LN2_HI_D), x);
            r = n.fma(DoubleVector.broadcast(DS, -LN2_LO_D), r);
            DoubleVector p = DoubleVector.broadcast(DS, 1.6059043836821613e-10);
            p = p.fma(r, DoubleVector.broadcast(DS, 2.08767569878681e-09));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.505210838544172e-08));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.755731922398589e-07));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.7557319223985893e-06));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.48015873015873e-05));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.0001984126984126984));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.001388888888888889));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.008333333333333333));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.041666666666666664));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.16666666666666666));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.5));
            p = p.fma(r, DoubleVector.broadcast(DS, 1.0));
            p = p.fma(r, DoubleVector.broadcast(DS, 1.0));
            LongVector k = big.reinterpretAsLongs().sub(ROUND_D_BITS);
            LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            DoubleVector e = p.mul(k1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles())
                    .mul(k.sub(k1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
            // 1 / (1 + e) for z >= 0, e / (1 + e) below; NaN: e is NaN
            DoubleVector y = e.blend(1, z.compare(VectorOperators.GE, 0)).div(e.add(1));
            y.intoArray(full ? dst : padZ, full ? off + j : 0);
            if (!full) {
                System.arraycopy(padZ, 0, dst, off + j, rest);

            }
        }
    }

    /**
     * dst[off + j] = tanh(src[off + j] + bias[biasOff + j]) (no bias where bias is null), FLOAT64, for j in [0, len); dst may be src.
     */
    static void tanh(double[] src, double[] bias, int biasOff, double[] dst, int off, int len) {
        double[] padZ = null; // the last partial vector, padded (allocated only for a row with one)
        double[] padB = NEG_ZEROS_D;

        for (int j = 0; j < len; j += DL) {
            boolean full = j + DL <= len;
            int rest = Math.min(DL, len - j);
            if (!full) {
                padZ = new double[DL];
                System.arraycopy(src, off + j, padZ, 0, rest);
                if (bias != null) {
                    padB = NEG_ZEROS_D.clone();
                    System.arraycopy(bias, biasOff + j, padB, 0, rest);
                }
            }
            // no bias: -0.0 added, which leaves every value as it is (-0.0 included)
            double[] bs = full ? (bias != null ? bias : NEG_ZEROS_D) : padB;
            int bo = full && bias != null ? biasOff + j : 0;
            DoubleVector z = DoubleVector.fromArray(DS, full ? src : padZ, full ? off + j : 0).add(DoubleVector.fromArray(DS, bs, bo));
            DoubleVector x = z.abs().mul(-2);
            x = x.max(-746.0).min(710.0); // where e^x underflows to 0 / overflows; NaN stays NaN
            DoubleVector big = x.mul(LOG2E).add(ROUND_D); // n in its low mantissa bits
            DoubleVector n = big.sub(ROUND_D);
            DoubleVector r = n.fma(DoubleVector.broadcast(DS, -LN2_HI_D), x);
            r = n.fma(DoubleVector.broadcast(DS, -LN2_LO_D), r);
            DoubleVector p = DoubleVector.broadcast(DS, 1.6059043836821613e-10);
            p = p.fma(r, DoubleVector.broadcast(DS, 2.08767569878681e-09));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.505210838544172e-08));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.755731922398589e-07));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.7557319223985893e-06));
            p = p.fma(r, DoubleVector.broadcast(DS, 2.48015873015873e-05));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.0001984126984126984));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.001388888888888889));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.008333333333333333));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.041666666666666664));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.16666666666666666));
            p = p.fma(r, DoubleVector.broadcast(DS, 0.5));
            p = p.fma(r, DoubleVector.broadcast(DS, 1.0));
            p = p.fma(r, DoubleVector.broadcast(DS, 1.0));
            LongVector k = big.reinterpretAsLongs().sub(ROUND_D_BITS);
            LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            DoubleVector e = p.mul(k1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles())
                    .mul(k.sub(k1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
            DoubleVector t = e.neg().add(1).div(e.add(1));
            t = t.blend(t.neg(), z.lt(0));
            DoubleVector z2 = z.mul(z);
            DoubleVector s = DoubleVector.broadcast(DS, -3.927832388331683e-05);
            s = s.fma(z2, DoubleVector.broadcast(DS, 9.691537956929451e-05));
            s = s.fma(z2, DoubleVector.broadcast(DS, -0.00023912911424355248));
            s = s.fma(z2, DoubleVector.broadcast(DS, 0.000590027440945586));
            s = s.fma(z2, DoubleVector.broadcast(DS, -0.0014558343870513183));
            s = s.fma(z2, DoubleVector.broadcast(DS, 0.003592128036572481));
            s = s.fma(z2, DoubleVector.broadcast(DS, -0.008863235529902197));
            s = s.fma(z2, DoubleVector.broadcast(DS, 0.021869488536155203));
            s = s.fma(z2, DoubleVector.broadcast(DS, -0.05396825396825397));
            s = s.fma(z2, DoubleVector.broadcast(DS, 0.13333333333333333));
            s = s.fma(z2, DoubleVector.broadcast(DS, -0.3333333333333333));
            s = s.fma(z2, DoubleVector.broadcast(DS, 1.0));
            DoubleVector y = t.blend(s.mul(z), z.abs().lt(TANH_SERIES_BELOW));
            y.intoArray(full ? dst : padZ, full ? off + j : 0);
            if (!full) {
                System.arraycopy(padZ, 0, dst, off + j, rest);

            }
        }
    }
}
