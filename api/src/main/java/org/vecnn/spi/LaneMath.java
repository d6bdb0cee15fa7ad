package org.vecnn.spi;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

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
    private static final float LN2_HI_F = 0.693359375f;
    private static final float LN2_LO_F = -2.12194440e-4f;
    private static final double LN2_HI_D = 6.93147180369123816490e-01;
    private static final double LN2_LO_D = 1.90821492927058770002e-10;
    private static final double LOG2E = 1.4426950408889634;
    private static final float ROUND_F = 0x1.8p23f; // t + 1.5·2^23 - 1.5·2^23 is rint(t) for |t| < 2^22
    private static final double ROUND_D = 0x1.8p52;
    /** 1/k! for k = 0..13. */
    private static final double[] INVERSE_FACTORIALS = {1.0, 1.0, 0.5, 0.16666666666666666, 0.041666666666666664,
        0.008333333333333333, 0.001388888888888889, 0.0001984126984126984, 2.48015873015873e-05,
        2.7557319223985893e-06, 2.755731922398589e-07, 2.505210838544172e-08, 2.08767569878681e-09,
        1.6059043836821613e-10};
    /** tanh's Taylor coefficients of z, z^3, ..., z^23: 2^2n (2^2n - 1) B_2n / (2n)!. */
    private static final double[] TANH_TAYLOR = {1.0, -0.3333333333333333, 0.13333333333333333,
        -0.05396825396825397, 0.021869488536155203, -0.008863235529902197, 0.003592128036572481,
        -0.0014558343870513183, 0.000590027440945586, -0.00023912911424355248, 9.691537956929451e-05,
        -3.927832388331683e-05};
    private static final double TANH_SERIES_BELOW = 0.3;

    private LaneMath() {
    }

    static FloatVector exp(FloatVector x) {
        // e^89 overflows and e^-104 rounds to 0 in FLOAT32, as do the clamped values
        x = x.max(-104f).min(89f); // NaN stays NaN: max and min propagate it
        FloatVector n = x.mul((float) LOG2E).add(ROUND_F).sub(ROUND_F);
        FloatVector r = n.fma(FloatVector.broadcast(x.species(), -LN2_HI_F), x);
        r = n.fma(FloatVector.broadcast(x.species(), -LN2_LO_F), r);
        FloatVector p = FloatVector.broadcast(x.species(), (float) INVERSE_FACTORIALS[7]);
        for (int k = 6; k >= 0; k--) {
            p = p.fma(r, FloatVector.broadcast(x.species(), (float) INVERSE_FACTORIALS[k]));
        }
        IntVector k = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = k.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    static DoubleVector exp(DoubleVector x) {
        x = x.max(-746.0).min(710.0);
        DoubleVector n = x.mul(LOG2E).add(ROUND_D).sub(ROUND_D);
        DoubleVector r = n.fma(DoubleVector.broadcast(x.species(), -LN2_HI_D), x);
        r = n.fma(DoubleVector.broadcast(x.species(), -LN2_LO_D), r);
        DoubleVector p = DoubleVector.broadcast(x.species(), INVERSE_FACTORIALS[13]);
        for (int k = 12; k >= 0; k--) {
            p = p.fma(r, DoubleVector.broadcast(x.species(), INVERSE_FACTORIALS[k]));
        }
        LongVector k = (LongVector) n.convert(VectorOperators.D2L, 0);
        LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        LongVector k2 = k.sub(k1);
        DoubleVector s1 = k1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = k2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(s1).mul(s2);
    }

    static FloatVector tanh(FloatVector z) {
        FloatVector a = z.abs();
        FloatVector z2 = z.mul(z);
        FloatVector series = FloatVector.broadcast(z.species(), (float) TANH_TAYLOR[5]);
        for (int i = 4; i >= 0; i--) {
            series = series.fma(z2, FloatVector.broadcast(z.species(), (float) TANH_TAYLOR[i]));
        }
        series = series.mul(z);
        FloatVector e = exp(a.mul(-2f));
        FloatVector t = e.neg().add(1f).div(e.add(1f));
        t = t.blend(t.neg(), z.lt(0f));
        return t.blend(series, a.lt((float) TANH_SERIES_BELOW));
    }

    static DoubleVector tanh(DoubleVector z) {
        DoubleVector a = z.abs();
        DoubleVector z2 = z.mul(z);
        DoubleVector series = DoubleVector.broadcast(z.species(), TANH_TAYLOR[11]);
        for (int i = 10; i >= 0; i--) {
            series = series.fma(z2, DoubleVector.broadcast(z.species(), TANH_TAYLOR[i]));
        }
        series = series.mul(z);
        DoubleVector e = exp(a.mul(-2.0));
        DoubleVector t = e.neg().add(1.0).div(e.add(1.0));
        t = t.blend(t.neg(), z.lt(0.0));
        return t.blend(series, a.lt(TANH_SERIES_BELOW));
    }
}
