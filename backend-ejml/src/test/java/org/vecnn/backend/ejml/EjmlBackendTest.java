package org.vecnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;
import org.vecnn.spi.TrainingKernels;

/**
 * What the ejml backend does beyond the conformance kit (which it passes, see {@link EjmlConformanceTest}):
 * its concurrent product variant and when it is used, direct access to EJML's storage, and its registration.
 */
class EjmlBackendTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void concurrentProductIsBitwiseTheSingleThreadedOne(Precision p) {
        Random random = new Random(5);
        int m = 40;
        int k = 33;
        int n = 70;
        double[] a = random(random, m * k);
        double[] w = random(random, k * n);
        try (EjmlBackend single = new EjmlBackend(-1, -1); EjmlBackend concurrent = new EjmlBackend(0, 0)) {
            assertTrue(concurrent.concurrent(p, m, k, n));
            double[] one = single.matrix(m, k, a, p).matmul(single.matrix(k, n, w, p)).toDoubleArray();
            double[] two = concurrent.matrix(m, k, a, p).matmul(concurrent.matrix(k, n, w, p)).toDoubleArray();
            assertArrayEquals(one, two, 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void concurrentTransposedProductsAreBitwiseTheSingleThreadedOnes(Precision p) {
        Random random = new Random(6);
        int m = 40;
        int k = 33;
        int n = 70;
        try (EjmlBackend single = new EjmlBackend(-1, -1); EjmlBackend concurrent = new EjmlBackend(0, 0)) {
            TrainingKernels one = TrainingKernels.of(single);
            TrainingKernels two = TrainingKernels.of(concurrent);
            assertEquals("ejml", one.path());
            assertTrue(one.isNative());
            boolean[][] flags = {{true, false}, {false, true}, {true, true}};
            for (boolean[] f : flags) {
                double[] a = random(random, m * k);
                double[] b = random(random, k * n);
                int aRows = f[0] ? k : m;
                int bRows = f[1] ? n : k;
                try (Matrix a1 = single.matrix(aRows, m * k / aRows, a, p);
                        Matrix b1 = single.matrix(bRows, k * n / bRows, b, p);
                        Matrix c1 = single.zeros(m, n, p);
                        Matrix a2 = concurrent.matrix(aRows, m * k / aRows, a, p);
                        Matrix b2 = concurrent.matrix(bRows, k * n / bRows, b, p);
                        Matrix c2 = concurrent.zeros(m, n, p)) {
                    one.multiply(a1, f[0], b1, f[1], c1);
                    two.multiply(a2, f[0], b2, f[1], c2);
                    assertArrayEquals(c1.toDoubleArray(), c2.toDoubleArray(), 0.0,
                            "transposeA " + f[0] + ", transposeB " + f[1]);
                }
            }
        }
    }

    @Test
    void concurrentVariantIsUsedOnlyFromTheMeasuredSizeAndForMoreThanOneRow() {
        try (EjmlBackend backend = new EjmlBackend()) {
            assertEquals(EjmlBackend.CONCURRENT_FROM_FLOAT32, backend.concurrentFrom(Precision.FLOAT32));
            assertEquals(EjmlBackend.CONCURRENT_FROM_FLOAT64, backend.concurrentFrom(Precision.FLOAT64));
            assertTrue(backend.concurrent(Precision.FLOAT32, 256, 256, 256));
            assertTrue(!backend.concurrent(Precision.FLOAT32, 64, 64, 64));
            assertTrue(backend.concurrent(Precision.FLOAT64, 64, 64, 64), "FLOAT64 turns concurrent sooner");
            assertTrue(!backend.concurrent(Precision.FLOAT64, 1, 4096, 4096));
            assertTrue(!backend.concurrent(Precision.FLOAT32, 8, 8, 8));
        }
    }

    @Test
    void matrixWrapsEjmlStorageWithoutCopyAndCopiesTheCallersArray() {
        try (Backend backend = new EjmlBackend()) {
            float[] data = {1, 2, 3, 4, 5, 6};
            EjmlMatrix m = (EjmlMatrix) backend.matrix(2, 3, data);
            data[0] = 99;
            assertEquals(1.0, m.get(0, 0));
            m.ejmlFloat().data[5] = 42;
            assertEquals(42.0, m.get(1, 2));
            assertSame(m.ejmlFloat(), m.ejmlFloat());
            assertNotSame(m.toFloatArray(), m.toFloatArray());
            IllegalStateException e = assertThrows(IllegalStateException.class, m::ejmlDouble);
            assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
        }
    }

    @Test
    void providerIsFoundByServiceLoaderAndAlwaysAvailable() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("ejml")).findFirst()
                .orElseThrow();
        assertTrue(found instanceof EjmlBackendProvider);
        assertEquals(100, found.priority());
        ProbeResult probe = found.probe();
        assertTrue(probe.available());
        assertTrue(probe.reason().startsWith("EJML 0.44"), probe.reason());
        assertTrue(probe.reason().contains("pure Java"), probe.reason());
        try (Backend backend = found.create()) {
            assertEquals("ejml", backend.name());
        }
    }

    private static double[] random(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        return x;
    }
}
