// The FLOAT32 source of truth: DoubleSimdKernel.java beside it is generated from this file by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java. Edit this file, then regenerate.
package org.vecnn.backend.loop.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: 6 rows &times; 2 vectors of C held in 12 registers, one FMA per register per
 * step of k. With the 2 B vectors and one broadcast of A that is 15 of the 16 AVX2 registers, the largest
 * tile that does not spill; every loaded B vector is used 6 times and every A element twice.
 *
 * <p>The tile for 256-bit vectors (AVX2); with 512-bit vectors {@link FloatWideSimdKernel} is used instead.
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector} (see {@link LoopKernelFactory}).
 */
final class FloatSimdKernel extends FloatMicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * L;

    FloatSimdKernel() {
        super(MR, NR, FloatGemm.KC, FloatGemm.MC, FloatGemm.NC);
    }

    @Override
    String describe() {
        return S.vectorBitSize() + "-bit float lanes, " + MR + "x" + NR + " tile";
    }

    @Override
    void axpy(int len, float a, float[] x, int xOff, float[] y, int yOff) {
        axpyLanes(len, a, x, xOff, y, yOff);
    }

    /** y[yOff + j] += a&middot;x[xOff + j] for j in [0, len), in the preferred species' lanes. */
    static void axpyLanes(int len, float a, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(S, a);
        int j = 0;
        for (int end = S.loopBound(len); j < end; j += L) {
            av.fma(FloatVector.fromArray(S, x, xOff + j), FloatVector.fromArray(S, y, yOff + j))
                    .intoArray(y, yOff + j);
        }
        for (; j < len; j++) {
            y[yOff + j] = Math.fma(a, x[xOff + j], y[yOff + j]); // the same fused rounding as the lanes
        }
    }

    @Override
    void row(int k, float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int len) {
        rowLanes(k, a, aOff, b, bOff, ldb, c, cOff, len);
    }

    /**
     * c[cOff + j] = &Sigma;<sub>p</sub> a[aOff + p]&middot;b[bOff + p&middot;ldb + j] for j in [0, len), each element
     * the chain of FMAs in increasing p from zero that {@link #axpyLanes} repeated over p gives, with up to 8
     * vectors of C held in registers across the whole of k instead of loaded and stored at every step.
     */
    static void rowLanes(int k, float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int len) {
        int j = 0;
        for (; j + 8 * L <= len; j += 8 * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            FloatVector s4 = s0;
            FloatVector s5 = s0;
            FloatVector s6 = s0;
            FloatVector s7 = s0;
            for (int p = 0, bi = bOff + j; p < k; p++, bi += ldb) {
                FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
                s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
                s4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * L), s4);
                s5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * L), s5);
                s6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * L), s6);
                s7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * L), s7);
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
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            for (int p = 0, bi = bOff + j; p < k; p++, bi += ldb) {
                FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
                s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
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
    void computeRows(int rows, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
            boolean accumulate) {
        rowsLanes(rows, MR, kc, ap, aOff, bp, bOff, c, cOff, ldc, accumulate);
    }

    /**
     * The first {@code rows} rows (fewer than mr) of an mr&times;2-vector tile, from an A micro-panel packed for mr
     * rows: four rows at a time (8 accumulators, enough to keep both FMA pipes busy), then two, then one. Each
     * element is the same chain of FMAs as in the full tile.
     */
    static void rowsLanes(int rows, int mr, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c,
            int cOff, int ldc, boolean accumulate) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o0 = cOff + r * ldc;
            int o1 = o0 + ldc;
            int o2 = o1 + ldc;
            int o3 = o2 + ldc;
            FloatVector c00;
            FloatVector c01;
            FloatVector c10;
            FloatVector c11;
            FloatVector c20;
            FloatVector c21;
            FloatVector c30;
            FloatVector c31;
            if (accumulate) {
                c00 = FloatVector.fromArray(S, c, o0);
                c01 = FloatVector.fromArray(S, c, o0 + L);
                c10 = FloatVector.fromArray(S, c, o1);
                c11 = FloatVector.fromArray(S, c, o1 + L);
                c20 = FloatVector.fromArray(S, c, o2);
                c21 = FloatVector.fromArray(S, c, o2 + L);
                c30 = FloatVector.fromArray(S, c, o3);
                c31 = FloatVector.fromArray(S, c, o3 + L);
            } else {
                FloatVector zero = FloatVector.zero(S);
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
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector a = FloatVector.broadcast(S, ap[ai]);
                c00 = a.fma(b0, c00);
                c01 = a.fma(b1, c01);
                a = FloatVector.broadcast(S, ap[ai + 1]);
                c10 = a.fma(b0, c10);
                c11 = a.fma(b1, c11);
                a = FloatVector.broadcast(S, ap[ai + 2]);
                c20 = a.fma(b0, c20);
                c21 = a.fma(b1, c21);
                a = FloatVector.broadcast(S, ap[ai + 3]);
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
            FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, o0) : FloatVector.zero(S);
            FloatVector c01 = accumulate ? FloatVector.fromArray(S, c, o0 + L) : FloatVector.zero(S);
            FloatVector c10 = accumulate ? FloatVector.fromArray(S, c, o1) : FloatVector.zero(S);
            FloatVector c11 = accumulate ? FloatVector.fromArray(S, c, o1 + L) : FloatVector.zero(S);
            for (int p = 0, ai = aOff + r, bi = bOff; p < kc; p++, ai += mr, bi += 2 * L) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector a = FloatVector.broadcast(S, ap[ai]);
                c00 = a.fma(b0, c00);
                c01 = a.fma(b1, c01);
                a = FloatVector.broadcast(S, ap[ai + 1]);
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
            FloatVector c0 = accumulate ? FloatVector.fromArray(S, c, o) : FloatVector.zero(S);
            FloatVector c1 = accumulate ? FloatVector.fromArray(S, c, o + L) : FloatVector.zero(S);
            for (int p = 0, ai = aOff + r, bi = bOff; p < kc; p++, ai += mr, bi += 2 * L) {
                FloatVector a = FloatVector.broadcast(S, ap[ai]);
                c0 = a.fma(FloatVector.fromArray(S, bp, bi), c0);
                c1 = a.fma(FloatVector.fromArray(S, bp, bi + L), c1);
            }
            c0.intoArray(c, o);
            c1.intoArray(c, o + L);
        }
    }

    @Override
    void compute(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
            boolean accumulate) {
        int r1 = cOff + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4);
            c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5);
            c51 = FloatVector.fromArray(S, c, r5 + L);
        } else {
            FloatVector zero = FloatVector.zero(S);
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
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
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
