// GENERATED FILE, do not edit: the FLOAT64 twin of FloatWideSimdKernel.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatWideSimdKernel.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.backend.loop.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel for 512-bit vectors (AVX-512: 32 registers): 12 rows &times; 2 vectors of C
 * held in 24 registers, one FMA per register per step of k. With the 2 B vectors and one broadcast of A
 * that is 27 of the 32 registers; every loaded B vector is used 12 times and every A element twice, so a
 * step issues 14 loads for 24 FMAs where the 6-row tile of {@link DoubleSimdKernel} issues 8 for 12: the
 * loads no longer compete with the two FMA pipes. (On 16-register AVX2 this tile would spill, so the
 * factory uses it only when the preferred species is 512 bits wide.)
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector} (see {@link LoopKernelFactory}).
 */
final class DoubleWideSimdKernel extends DoubleMicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 12;
    private static final int NR = 2 * L;
    // Blocking for AVX-512 parts (32-48 KiB L1d, at least 1 MiB L2 per core). The slice of k is deep because
    // C's tiles are loaded and stored once per slice, and that traffic to L3 and memory costs more than B
    // micro-panels read from L2 rather than L1 (docs/benchmarks.md, "Figures behind constants"). KC is 4 KiB
    // of elements (1024 doubles, 512 doubles): a B micro-panel, KC·NR elements (128 / 64 KiB), and A's packed
    // block, MC·KC elements (576 KiB in either precision), share L2; the packed B slice, KC·NC elements, is
    // 4 MiB per thread.
    private static final int KC = 4096 / Double.BYTES;
    private static final int MC = 144;
    private static final int NC = 1024;

    DoubleWideSimdKernel() {
        super(MR, NR, KC, MC, NC);
    }

    @Override
    String describe() {
        return S.vectorBitSize() + "-bit double lanes, " + MR + "x" + NR + " tile";
    }

    @Override
    void axpy(int len, double a, double[] x, int xOff, double[] y, int yOff) {
        DoubleSimdKernel.axpyLanes(len, a, x, xOff, y, yOff);
    }

    @Override
    void row(int k, double[] a, int aOff, double[] b, int bOff, int ldb, double[] c, int cOff, int len) {
        DoubleSimdKernel.rowLanes(k, a, aOff, b, bOff, ldb, c, cOff, len);
    }

    @Override
    void computeRows(int rows, int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c, int cOff, int ldc,
            boolean accumulate) {
        DoubleSimdKernel.rowsLanes(rows, MR, kc, ap, aOff, bp, bOff, c, cOff, ldc, accumulate);
    }

    @Override
    void compute(int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c, int cOff, int ldc,
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
        DoubleVector c60;
        DoubleVector c61;
        DoubleVector c70;
        DoubleVector c71;
        DoubleVector c80;
        DoubleVector c81;
        DoubleVector c90;
        DoubleVector c91;
        DoubleVector c100;
        DoubleVector c101;
        DoubleVector c110;
        DoubleVector c111;
        if (accumulate) {
            c00 = DoubleVector.fromArray(S, c, r0);
            c01 = DoubleVector.fromArray(S, c, r0 + L);
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
            c60 = DoubleVector.fromArray(S, c, r6);
            c61 = DoubleVector.fromArray(S, c, r6 + L);
            c70 = DoubleVector.fromArray(S, c, r7);
            c71 = DoubleVector.fromArray(S, c, r7 + L);
            c80 = DoubleVector.fromArray(S, c, r8);
            c81 = DoubleVector.fromArray(S, c, r8 + L);
            c90 = DoubleVector.fromArray(S, c, r9);
            c91 = DoubleVector.fromArray(S, c, r9 + L);
            c100 = DoubleVector.fromArray(S, c, r10);
            c101 = DoubleVector.fromArray(S, c, r10 + L);
            c110 = DoubleVector.fromArray(S, c, r11);
            c111 = DoubleVector.fromArray(S, c, r11 + L);
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
            a = DoubleVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = DoubleVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = DoubleVector.broadcast(S, ap[ai + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = DoubleVector.broadcast(S, ap[ai + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = DoubleVector.broadcast(S, ap[ai + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = DoubleVector.broadcast(S, ap[ai + 11]);
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
