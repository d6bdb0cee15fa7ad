// GENERATED FILE, do not edit: the FLOAT64 twin of FloatSimdKernel.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatSimdKernel.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.backend.loop.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: 6 rows &times; 2 vectors of C held in 12 registers, one FMA per register per
 * step of k. With the 2 B vectors and one broadcast of A that is 15 of the 16 AVX2 registers, the largest
 * tile that does not spill; every loaded B vector is used 6 times and every A element twice.
 *
 * <p>The tile for 256-bit vectors (AVX2); with 512-bit vectors {@link DoubleWideSimdKernel} is used instead.
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector} (see {@link LoopKernelFactory}).
 */
final class DoubleSimdKernel extends DoubleMicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * L;

    DoubleSimdKernel() {
        super(MR, NR, DoubleGemm.KC, DoubleGemm.MC, DoubleGemm.NC);
    }

    @Override
    String describe() {
        return S.vectorBitSize() + "-bit double lanes, " + MR + "x" + NR + " tile";
    }

    @Override
    void axpy(int len, double a, double[] x, int xOff, double[] y, int yOff) {
        axpyLanes(len, a, x, xOff, y, yOff);
    }

    /** y[yOff + j] += a&middot;x[xOff + j] for j in [0, len), in the preferred species' lanes. */
    static void axpyLanes(int len, double a, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector av = DoubleVector.broadcast(S, a);
        int j = 0;
        for (int end = S.loopBound(len); j < end; j += L) {
            av.fma(DoubleVector.fromArray(S, x, xOff + j), DoubleVector.fromArray(S, y, yOff + j))
                    .intoArray(y, yOff + j);
        }
        for (; j < len; j++) {
            y[yOff + j] = Math.fma(a, x[xOff + j], y[yOff + j]); // the same fused rounding as the lanes
        }
    }

    @Override
    void row(int k, double[] a, int aOff, double[] b, int bOff, int ldb, double[] c, int cOff, int len) {
        rowLanes(k, a, aOff, b, bOff, ldb, c, cOff, len);
    }

    /**
     * c[cOff + j] = &Sigma;<sub>p</sub> a[aOff + p]&middot;b[bOff + p&middot;ldb + j] for j in [0, len), each element
     * the chain of FMAs in increasing p from zero that {@link #axpyLanes} repeated over p gives, with up to 8
     * vectors of C held in registers across the whole of k instead of loaded and stored at every step.
     */
    static void rowLanes(int k, double[] a, int aOff, double[] b, int bOff, int ldb, double[] c, int cOff, int len) {
        int j = 0;
        for (; j + 8 * L <= len; j += 8 * L) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            DoubleVector s4 = s0;
            DoubleVector s5 = s0;
            DoubleVector s6 = s0;
            DoubleVector s7 = s0;
            for (int p = 0, bi = bOff + j; p < k; p++, bi += ldb) {
                DoubleVector x = DoubleVector.broadcast(S, a[aOff + p]);
                s0 = x.fma(DoubleVector.fromArray(S, b, bi), s0);
                s1 = x.fma(DoubleVector.fromArray(S, b, bi + L), s1);
                s2 = x.fma(DoubleVector.fromArray(S, b, bi + 2 * L), s2);
                s3 = x.fma(DoubleVector.fromArray(S, b, bi + 3 * L), s3);
                s4 = x.fma(DoubleVector.fromArray(S, b, bi + 4 * L), s4);
                s5 = x.fma(DoubleVector.fromArray(S, b, bi + 5 * L), s5);
                s6 = x.fma(DoubleVector.fromArray(S, b, bi + 6 * L), s6);
                s7 = x.fma(DoubleVector.fromArray(S, b, bi + 7 * L), s7);
            }
            int o = cOff + j;
            s0.intoArray(c, o);
            s1.intoArray(c, o + L);
            s2.intoArray(c, o + 2 * L);
            s3.intoArray(c, o + 3 * L);
            s4.intoArray(c, o + 4 * L);
            s5.intoArray(c, o + 5 * L);
            s6.intoArray(c, o + 6 * L);
            s7.intoArray(c, o + 7 * L);
        }
        for (; j + 2 * L <= len; j += 2 * L) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            for (int p = 0, bi = bOff + j; p < k; p++, bi += ldb) {
                DoubleVector x = DoubleVector.broadcast(S, a[aOff + p]);
                s0 = x.fma(DoubleVector.fromArray(S, b, bi), s0);
                s1 = x.fma(DoubleVector.fromArray(S, b, bi + L), s1);
            }
            s0.intoArray(c, cOff + j);
            s1.intoArray(c, cOff + j + L);
        }
        if (j < len) {
            java.util.Arrays.fill(c, cOff + j, cOff + len, 0);
            for (int p = 0; p < k; p++) {
                axpyLanes(len - j, a[aOff + p], b, bOff + p * ldb + j, c, cOff + j);
            }
        }
    }

    @Override
    void computeRows(int rows, int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c, int cOff, int ldc,
            boolean accumulate) {
        rowsLanes(rows, MR, kc, ap, aOff, bp, bOff, c, cOff, ldc, accumulate);
    }

    /**
     * The first {@code rows} rows (fewer than mr) of an mr&times;2-vector tile, from an A micro-panel packed for mr
     * rows: four rows at a time (8 accumulators, enough to keep both FMA pipes busy), then two, then one. Each
     * element is the same chain of FMAs as in the full tile.
     */
    static void rowsLanes(int rows, int mr, int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c,
            int cOff, int ldc, boolean accumulate) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o0 = cOff + r * ldc;
            int o1 = o0 + ldc;
            int o2 = o1 + ldc;
            int o3 = o2 + ldc;
            DoubleVector c00;
            DoubleVector c01;
            DoubleVector c10;
            DoubleVector c11;
            DoubleVector c20;
            DoubleVector c21;
            DoubleVector c30;
            DoubleVector c31;
            if (accumulate) {
                c00 = DoubleVector.fromArray(S, c, o0);
                c01 = DoubleVector.fromArray(S, c, o0 + L);
                c10 = DoubleVector.fromArray(S, c, o1);
                c11 = DoubleVector.fromArray(S, c, o1 + L);
                c20 = DoubleVector.fromArray(S, c, o2);
                c21 = DoubleVector.fromArray(S, c, o2 + L);
                c30 = DoubleVector.fromArray(S, c, o3);
                c31 = DoubleVector.fromArray(S, c, o3 + L);
            } else {
                DoubleVector zero = DoubleVector.zero(S);
                c00 = zero;
                c01 = zero;
                c10 = zero;
                c11 = zero;
                c20 = zero;
                c21 = zero;
                c30 = zero;
                c31 = zero;
            }
            for (int p = 0, ai = aOff + r, bi = bOff; p < kc; p++, ai += mr, bi += 2 * L) {
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector a = DoubleVector.broadcast(S, ap[ai]);
                c00 = a.fma(b0, c00);
                c01 = a.fma(b1, c01);
                a = DoubleVector.broadcast(S, ap[ai + 1]);
                c10 = a.fma(b0, c10);
                c11 = a.fma(b1, c11);
                a = DoubleVector.broadcast(S, ap[ai + 2]);
                c20 = a.fma(b0, c20);
                c21 = a.fma(b1, c21);
                a = DoubleVector.broadcast(S, ap[ai + 3]);
                c30 = a.fma(b0, c30);
                c31 = a.fma(b1, c31);
            }
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + L);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + L);
            c20.intoArray(c, o2);
            c21.intoArray(c, o2 + L);
            c30.intoArray(c, o3);
            c31.intoArray(c, o3 + L);
        }
        if (r + 2 <= rows) {
            int o0 = cOff + r * ldc;
            int o1 = o0 + ldc;
            DoubleVector c00 = accumulate ? DoubleVector.fromArray(S, c, o0) : DoubleVector.zero(S);
            DoubleVector c01 = accumulate ? DoubleVector.fromArray(S, c, o0 + L) : DoubleVector.zero(S);
            DoubleVector c10 = accumulate ? DoubleVector.fromArray(S, c, o1) : DoubleVector.zero(S);
            DoubleVector c11 = accumulate ? DoubleVector.fromArray(S, c, o1 + L) : DoubleVector.zero(S);
            for (int p = 0, ai = aOff + r, bi = bOff; p < kc; p++, ai += mr, bi += 2 * L) {
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector a = DoubleVector.broadcast(S, ap[ai]);
                c00 = a.fma(b0, c00);
                c01 = a.fma(b1, c01);
                a = DoubleVector.broadcast(S, ap[ai + 1]);
                c10 = a.fma(b0, c10);
                c11 = a.fma(b1, c11);
            }
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + L);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + L);
            r += 2;
        }
        for (; r < rows; r++) {
            int o = cOff + r * ldc;
            DoubleVector c0 = accumulate ? DoubleVector.fromArray(S, c, o) : DoubleVector.zero(S);
            DoubleVector c1 = accumulate ? DoubleVector.fromArray(S, c, o + L) : DoubleVector.zero(S);
            for (int p = 0, ai = aOff + r, bi = bOff; p < kc; p++, ai += mr, bi += 2 * L) {
                DoubleVector a = DoubleVector.broadcast(S, ap[ai]);
                c0 = a.fma(DoubleVector.fromArray(S, bp, bi), c0);
                c1 = a.fma(DoubleVector.fromArray(S, bp, bi + L), c1);
            }
            c0.intoArray(c, o);
            c1.intoArray(c, o + L);
        }
    }

    @Override
    void compute(int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c, int cOff, int ldc,
            boolean accumulate) {
        int r1 = cOff + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        DoubleVector c00;
        DoubleVector c01;
        DoubleVector c10;
        DoubleVector c11;
        DoubleVector c20;
        DoubleVector c21;
        DoubleVector c30;
        DoubleVector c31;
        DoubleVector c40;
        DoubleVector c41;
        DoubleVector c50;
        DoubleVector c51;
        if (accumulate) {
            c00 = DoubleVector.fromArray(S, c, cOff);
            c01 = DoubleVector.fromArray(S, c, cOff + L);
            c10 = DoubleVector.fromArray(S, c, r1);
            c11 = DoubleVector.fromArray(S, c, r1 + L);
            c20 = DoubleVector.fromArray(S, c, r2);
            c21 = DoubleVector.fromArray(S, c, r2 + L);
            c30 = DoubleVector.fromArray(S, c, r3);
            c31 = DoubleVector.fromArray(S, c, r3 + L);
            c40 = DoubleVector.fromArray(S, c, r4);
            c41 = DoubleVector.fromArray(S, c, r4 + L);
            c50 = DoubleVector.fromArray(S, c, r5);
            c51 = DoubleVector.fromArray(S, c, r5 + L);
        } else {
            DoubleVector zero = DoubleVector.zero(S);
            c00 = zero;
            c01 = zero;
            c10 = zero;
            c11 = zero;
            c20 = zero;
            c21 = zero;
            c30 = zero;
            c31 = zero;
            c40 = zero;
            c41 = zero;
            c50 = zero;
            c51 = zero;
        }
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector a = DoubleVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            ai += MR;
            bi += NR;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }
}
