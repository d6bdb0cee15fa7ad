// The FLOAT32 source of truth: DoubleWideSimdKernel.java beside it is generated from this file by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java. Edit this file, then regenerate.
package org.vecnn.backend.loop.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel for 512-bit vectors (AVX-512: 32 registers): 12 rows &times; 2 vectors of C
 * held in 24 registers, one FMA per register per step of k. With the 2 B vectors and one broadcast of A
 * that is 27 of the 32 registers; every loaded B vector is used 12 times and every A element twice, so a
 * step issues 14 loads for 24 FMAs where the 6-row tile of {@link FloatSimdKernel} issues 8 for 12: the
 * loads no longer compete with the two FMA pipes. (On 16-register AVX2 this tile would spill, so the
 * factory uses it only when the preferred species is 512 bits wide.)
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector} (see {@link LoopKernelFactory}).
 */
final class FloatWideSimdKernel extends FloatMicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 12;
    private static final int NR = 2 * L;
    // Blocking for AVX-512 parts (32-48 KiB L1d, at least 1 MiB L2 per core). The slice of k is deep because
    // C's tiles are loaded and stored once per slice, and that traffic to L3 and memory costs more than B
    // micro-panels read from L2 rather than L1 (docs/benchmarks.md, "Figures behind constants"). KC is 4 KiB
    // of elements (1024 floats, 512 doubles): a B micro-panel, KC·NR elements (128 / 64 KiB), and A's packed
    // block, MC·KC elements (576 KiB in either precision), share L2; the packed B slice, KC·NC elements, is
    // 4 MiB per thread.
    private static final int KC = 4096 / Float.BYTES;
    private static final int MC = 144;
    private static final int NC = 1024;

    FloatWideSimdKernel() {
        super(MR, NR, KC, MC, NC);
    }

    @Override
    String describe() {
        return S.vectorBitSize() + "-bit float lanes, " + MR + "x" + NR + " tile";
    }

    @Override
    void axpy(int len, float a, float[] x, int xOff, float[] y, int yOff) {
        FloatSimdKernel.axpyLanes(len, a, x, xOff, y, yOff);
    }

    @Override
    void row(int k, float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int len) {
        FloatSimdKernel.rowLanes(k, a, aOff, b, bOff, ldb, c, cOff, len);
    }

    @Override
    void computeRows(int rows, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
            boolean accumulate) {
        FloatSimdKernel.rowsLanes(rows, MR, kc, ap, aOff, bp, bOff, c, cOff, ldc, accumulate);
    }

    @Override
    void compute(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
            boolean accumulate) {
        int r0 = cOff;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        int r8 = r7 + ldc;
        int r9 = r8 + ldc;
        int r10 = r9 + ldc;
        int r11 = r10 + ldc;
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
        FloatVector c60;
        FloatVector c61;
        FloatVector c70;
        FloatVector c71;
        FloatVector c80;
        FloatVector c81;
        FloatVector c90;
        FloatVector c91;
        FloatVector c100;
        FloatVector c101;
        FloatVector c110;
        FloatVector c111;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0);
            c01 = FloatVector.fromArray(S, c, r0 + L);
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
            c60 = FloatVector.fromArray(S, c, r6);
            c61 = FloatVector.fromArray(S, c, r6 + L);
            c70 = FloatVector.fromArray(S, c, r7);
            c71 = FloatVector.fromArray(S, c, r7 + L);
            c80 = FloatVector.fromArray(S, c, r8);
            c81 = FloatVector.fromArray(S, c, r8 + L);
            c90 = FloatVector.fromArray(S, c, r9);
            c91 = FloatVector.fromArray(S, c, r9 + L);
            c100 = FloatVector.fromArray(S, c, r10);
            c101 = FloatVector.fromArray(S, c, r10 + L);
            c110 = FloatVector.fromArray(S, c, r11);
            c111 = FloatVector.fromArray(S, c, r11 + L);
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
            c60 = zero;
            c61 = zero;
            c70 = zero;
            c71 = zero;
            c80 = zero;
            c81 = zero;
            c90 = zero;
            c91 = zero;
            c100 = zero;
            c101 = zero;
            c110 = zero;
            c111 = zero;
        }
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
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
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
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
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
        c80.intoArray(c, r8);
        c81.intoArray(c, r8 + L);
        c90.intoArray(c, r9);
        c91.intoArray(c, r9 + L);
        c100.intoArray(c, r10);
        c101.intoArray(c, r10 + L);
        c110.intoArray(c, r11);
        c111.intoArray(c, r11 + L);
    }
}
