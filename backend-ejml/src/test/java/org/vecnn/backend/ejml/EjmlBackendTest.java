package org.vecnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.ShapeMismatchException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;
import org.vecnn.spi.DenseReference;

class EjmlBackendTest {

    static Stream<Arguments> shapes() {
        int[][] shapes = {{1, 1, 1}, {1, 2, 3}, {3, 5, 7}, {17, 33, 9}, {2, 16, 15}, {64, 70, 65}, {5, 1, 40}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (Precision p : Precision.values()) {
            for (int[] s : shapes) {
                b.add(Arguments.of(p, s[0], s[1], s[2]));
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void denseMatchesDoubleReferenceForEveryActivation(Precision p, int m, int k, int n) {
        Random random = new Random(31L * m + 7L * k + n);
        double[] a = DenseReference.rounded(DenseReference.random(random, m * k), p);
        double[] w = DenseReference.rounded(DenseReference.random(random, k * n), p);
        double[] bias = DenseReference.rounded(DenseReference.random(random, n), p);
        try (Backend backend = new EjmlBackend()) {
            Matrix in = backend.matrix(m, k, a, p);
            for (Activation g : Activation.values()) {
                DenseLayer layer = backend.dense(backend.matrix(k, n, w, p), backend.matrix(1, n, bias, p), g);
                double[] got = layer.forward(in).toDoubleArray();
                double[] want = DenseReference.dense(a, w, bias, g, m, k, n);
                assertArrayEquals(want, got, DenseReference.tolerance(p, k), g + " " + p + " " + m + "×" + k + "·"
                        + k + "×" + n);
                layer.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void separateOperationsMatchDoubleReference(Precision p, int m, int k, int n) {
        Random random = new Random(17L * m + 3L * k + n);
        double[] a = DenseReference.rounded(DenseReference.random(random, m * k), p);
        double[] w = DenseReference.rounded(DenseReference.random(random, k * n), p);
        double[] bias = DenseReference.rounded(DenseReference.random(random, n), p);
        try (Backend backend = new EjmlBackend()) {
            Matrix z = backend.matrix(m, k, a, p).matmul(backend.matrix(k, n, w, p));
            assertArrayEquals(DenseReference.matmul(a, w, m, k, n), z.toDoubleArray(), DenseReference.tolerance(p, k));
            Matrix zb = z.addRowVector(backend.matrix(1, n, bias, p));
            Matrix out = zb.apply(Activation.TANH);
            assertArrayEquals(DenseReference.dense(a, w, bias, Activation.TANH, m, k, n), out.toDoubleArray(),
                    DenseReference.tolerance(p, k));
            Matrix t = out.transpose();
            assertEquals(n, t.rows());
            assertEquals(m, t.cols());
            assertEquals(out.get(m - 1, 0), t.get(0, m - 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void seedExampleGivesOneZeroOne(Precision p) {
        try (Backend backend = new EjmlBackend()) {
            DenseLayer layer = backend.dense(backend.matrix(new double[][] {{1, -3, 5}, {-2, 4, -6}}, p),
                    backend.matrix(new double[][] {{-1, 1, 2}}, p), Activation.SIGMOID);
            Matrix out = layer.forward(backend.matrix(new double[][] {{200, 17}}, p));
            assertEquals(p, out.precision());
            assertArrayEquals(new double[] {1, 0, 1}, out.toDoubleArray(), 1e-15);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void concurrentProductIsBitwiseTheSingleThreadedOne(Precision p) {
        Random random = new Random(5);
        int m = 40;
        int k = 33;
        int n = 70;
        double[] a = DenseReference.random(random, m * k);
        double[] w = DenseReference.random(random, k * n);
        try (EjmlBackend single = new EjmlBackend(-1, -1); EjmlBackend concurrent = new EjmlBackend(0, 0)) {
            assertTrue(concurrent.concurrent(p, m, k, n));
            double[] one = single.matrix(m, k, a, p).matmul(single.matrix(k, n, w, p)).toDoubleArray();
            double[] two = concurrent.matrix(m, k, a, p).matmul(concurrent.matrix(k, n, w, p)).toDoubleArray();
            assertArrayEquals(one, two, 0.0);
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

    @ParameterizedTest
    @EnumSource(Precision.class)
    void closingIsIdempotentAndLaterUseIsRefused(Precision p) {
        Backend backend = new EjmlBackend();
        Matrix a = backend.zeros(2, 3, p);
        Matrix b = backend.zeros(3, 4, p);
        a.close();
        a.close();
        assertTrue(a.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> b.matmul(a));
        backend.close();
        backend.close();
        assertTrue(b.isClosed());
        assertThrows(IllegalStateException.class, () -> backend.zeros(1, 1, p));
    }

    @Test
    void mismatchedShapesAreRefusedWithBothShapes() {
        try (Backend backend = new EjmlBackend()) {
            Matrix a = backend.zeros(3, 4, Precision.FLOAT64);
            Matrix b = backend.zeros(5, 2, Precision.FLOAT64);
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.matmul(b));
            assertEquals("matmul: a is 3×4, b is 5×2: a.cols (4) must equal b.rows (5)", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void precisionConversionRoundsToNearestAndWidensExactly(Precision p) {
        try (Backend backend = new EjmlBackend()) {
            Matrix m = backend.matrix(1, 2, new double[] {0.1, 1e300}, p);
            Matrix f = m.toPrecision(Precision.FLOAT32);
            Matrix d = f.toPrecision(Precision.FLOAT64);
            assertEquals((double) 0.1f, d.get(0, 0));
            assertEquals(Double.POSITIVE_INFINITY, d.get(0, 1));
            assertEquals(Precision.FLOAT64, d.precision());
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
}
