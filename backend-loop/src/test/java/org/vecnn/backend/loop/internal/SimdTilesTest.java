package org.vecnn.backend.loop.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;

/**
 * The two SIMD tiles (6 rows for 256-bit vectors, 12 rows for 512-bit ones) and a B packed once give what a
 * B packed per call gives, bit for bit: each element is the same chain of FMAs in k order whatever the tile
 * and the blocking. Needs the Vector API (the scalar run has no SIMD tile to check; the kit covers it).
 */
class SimdTilesTest {
    private static final int[][] SHAPES = {{64, 784, 256}, {13, 200, 45}, {30, 385, 70}, {300, 70, 33},
        {200, 200, 200}};

    @Test
    void bothTilesAndAPrepackedBAgreeBitForBit() {
        assumeTrue(LoopKernelFactory.vectorAvailable(), "jdk.incubator.vector is not in this JVM");
        Random random = new Random(5);
        for (int[] s : SHAPES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = gaussian(random, m * k);
            float[] b = gaussian(random, k * n);
            float[] bias = gaussian(random, n);
            float[] want = new float[m * n];
            FloatGemm narrow = new FloatGemm(new FloatSimdKernel(), 2);
            FloatGemm wide = new FloatGemm(new FloatWideSimdKernel(), 2);
            narrow.multiply(a, b, want, m, k, n, bias, Activation.SIGMOID);
            String shape = m + "×" + k + "·" + k + "×" + n;
            for (FloatGemm gemm : new FloatGemm[] {narrow, wide}) {
                float[] got = new float[m * n];
                gemm.multiply(a, b, got, m, k, n, bias, Activation.SIGMOID);
                assertArrayEquals(want, got, gemm.describe() + ", " + shape);
                float[] packed = gemm.pack(b, k, n);
                float[] gotPacked = new float[m * n];
                gemm.multiply(a, b, packed, gotPacked, m, k, n, bias, Activation.SIGMOID);
                assertArrayEquals(want, gotPacked, gemm.describe() + " with B prepacked, " + shape);
            }
            double[] ad = toDoubles(a);
            double[] bd = toDoubles(b);
            double[] wantd = new double[m * n];
            DoubleGemm narrowd = new DoubleGemm(new DoubleSimdKernel(), 2);
            DoubleGemm wided = new DoubleGemm(new DoubleWideSimdKernel(), 2);
            narrowd.multiply(ad, bd, wantd, m, k, n, null, null);
            for (DoubleGemm gemm : new DoubleGemm[] {narrowd, wided}) {
                double[] got = new double[m * n];
                gemm.multiply(ad, bd, gemm.pack(bd, k, n), got, m, k, n, null, null);
                assertArrayEquals(wantd, got, gemm.describe() + " FLOAT64 with B prepacked, " + shape);
            }
        }
    }

    /**
     * Every SIMD path (full tiles, the last tile's rows without padding, the unpacked rows of batch-1 products with
     * C held in registers, the scalar FMA tails) computes each element as the chain of FMAs in increasing k from
     * zero, whatever the tile and the thread count: exactly what a scalar Math.fma loop gives.
     */
    @Test
    void everyPathIsTheFmaChainInKOrder() {
        assumeTrue(LoopKernelFactory.vectorAvailable(), "jdk.incubator.vector is not in this JVM");
        Random random = new Random(11);
        int[][] shapes = {{1, 784, 256}, {1, 300, 200}, {3, 70, 97}, {11, 64, 40}, {17, 90, 64}, {64, 784, 256},
            {29, 200, 96}, {64, 1000, 70}, {137, 50, 48}, {1, 2, 3}, {5, 100, 10}, {8, 64, 20}, {64, 128, 10},
            {256, 128, 10}, {14, 70, 64}, {15, 50, 64}, {18, 40, 96}, {23, 33, 32}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = gaussian(random, m * k);
            float[] b = gaussian(random, k * n);
            float[] want = new float[m * n];
            double[] ad = toDoubles(a);
            double[] bd = toDoubles(b);
            double[] wantd = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = 0;
                    double accd = 0;
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                        accd = Math.fma(ad[i * k + p], bd[p * n + j], accd);
                    }
                    want[i * n + j] = acc;
                    wantd[i * n + j] = accd;
                }
            }
            String shape = m + "×" + k + "·" + k + "×" + n;
            for (int threads : new int[] {1, 2, 3}) {
                for (FloatGemm gemm : new FloatGemm[] {new FloatGemm(new FloatSimdKernel(), threads),
                    new FloatGemm(new FloatWideSimdKernel(), threads)}) {
                    float[] got = new float[m * n];
                    gemm.multiply(a, b, got, m, k, n, null, null);
                    assertArrayEquals(want, got, gemm.describe() + ", " + threads + " threads, " + shape);
                    float[] gotPacked = new float[m * n];
                    gemm.multiply(a, b, gemm.pack(b, k, n), gotPacked, m, k, n, null, null);
                    assertArrayEquals(want, gotPacked, gemm.describe() + " with B prepacked, " + threads
                            + " threads, " + shape);
                }
                for (DoubleGemm gemm : new DoubleGemm[] {new DoubleGemm(new DoubleSimdKernel(), threads),
                    new DoubleGemm(new DoubleWideSimdKernel(), threads)}) {
                    double[] got = new double[m * n];
                    gemm.multiply(ad, bd, gemm.pack(bd, k, n), got, m, k, n, null, null);
                    assertArrayEquals(wantd, got, gemm.describe() + " FLOAT64, " + threads + " threads, " + shape);
                }
            }
        }
    }

    @Test
    void theScalarKernelsPackNothing() {
        assertEquals(null, new FloatGemm(null, 1).pack(new float[6], 2, 3));
    }

    private static float[] gaussian(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
