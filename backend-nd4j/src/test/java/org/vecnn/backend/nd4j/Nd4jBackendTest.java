package org.vecnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * What the nd4j backend does beyond the conformance kit (which it passes, see {@link Nd4jConformanceTest}): the
 * fused layer equals the separate operations bitwise, tanh near 0, ND4J's data types and memory, registration.
 */
@Tag("slow")
class Nd4jBackendTest {

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
    void fusedForwardIsBitwiseTheThreeSeparateOperations(Precision p, int m, int k, int n) {
        Random random = new Random(17L * m + 3L * k + n);
        try (Backend backend = new Nd4jBackend()) {
            Matrix in = backend.matrix(m, k, random(random, m * k), p);
            Matrix w = backend.matrix(k, n, random(random, k * n), p);
            Matrix bias = backend.matrix(1, n, random(random, n), p);
            for (Activation g : Activation.values()) {
                double[] separate = in.matmul(w).addRowVector(bias).apply(g).toDoubleArray();
                DenseLayer layer = backend.dense(backend.copyOf(w), backend.copyOf(bias), g);
                assertArrayEquals(separate, layer.forward(in).toDoubleArray(), 0.0, g.label());
            }
            Matrix t = in.transpose();
            assertEquals(k, t.rows());
            assertEquals(in.get(m - 1, k - 1), t.get(k - 1, m - 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void tanhIsAccurateNearZeroWhereNd4jsOwnFloatTanhReturnsZero(Precision p) {
        // the kit's bound is absolute (a few ulps of 1), so it would accept 0 here; the relative error is the point
        double[] z = {-1e-8, 1e-8, -1e-30, 1e-30};
        try (Backend backend = new Nd4jBackend()) {
            double[] t = backend.matrix(1, z.length, z, p).apply(Activation.TANH).toDoubleArray();
            for (int i = 0; i < z.length; i++) {
                double tiny = p == Precision.FLOAT32 ? (float) z[i] : z[i];
                assertEquals(tiny, t[i], Math.abs(tiny) * p.unitRoundoff() * 2, "tanh(" + tiny + ") " + p);
            }
        }
    }

    @Test
    void matricesHonourTheirPrecisionWhateverNd4jsDefaultAndLeaveTheDefaultAlone() {
        DataType before = Nd4j.dataType();
        try (Backend backend = new Nd4jBackend()) {
            Nd4jMatrix f = (Nd4jMatrix) backend.zeros(2, 2, Precision.FLOAT32);
            Nd4jMatrix d = (Nd4jMatrix) backend.matrix(2, 2, new double[] {1, 2, 3, 4});
            Matrix product = d.matmul(d);
            DenseLayer layer = backend.dense(backend.zeros(2, 3, Precision.FLOAT32),
                    backend.zeros(1, 3, Precision.FLOAT32), Activation.RELU);
            layer.forward(f);
            assertEquals(DataType.FLOAT, f.ndArray().dataType());
            assertEquals(DataType.DOUBLE, d.ndArray().dataType());
            assertEquals(DataType.DOUBLE, ((Nd4jMatrix) product).ndArray().dataType());
            assertEquals('c', f.ndArray().ordering());
            assertArrayEquals(new double[] {7, 10, 15, 22}, product.toDoubleArray(), 0.0);
        }
        assertEquals(before, Nd4j.dataType());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void closeFreesTheNd4jArrayAndLaterUseIsRefused(Precision p) {
        Nd4jBackend backend = new Nd4jBackend();
        Nd4jMatrix a = (Nd4jMatrix) backend.zeros(2, 3, p);
        INDArray array = a.ndArray();
        a.close();
        a.close();
        assertTrue(array.wasClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, a::ndArray);
        backend.close();
        assertThrows(IllegalStateException.class, () -> backend.zeros(1, 1, p));
    }

    @Test
    void closingTheBackendFreesEveryMatrixItStillTracks() {
        Nd4jBackend backend = new Nd4jBackend();
        List<INDArray> arrays = new ArrayList<>();
        List<Matrix> forgotten = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Matrix m = backend.zeros(4, 4, i % 2 == 0 ? Precision.FLOAT32 : Precision.FLOAT64);
            forgotten.add(m);
            arrays.add(((Nd4jMatrix) m).ndArray());
        }
        DenseLayer layer = backend.dense(backend.zeros(4, 2, Precision.FLOAT32),
                backend.zeros(1, 2, Precision.FLOAT32), Activation.LINEAR);
        INDArray w = ((Nd4jMatrix) layer.weights()).ndArray();
        assertEquals(202, backend.openMatrices());
        backend.close();
        assertEquals(0, backend.openMatrices());
        assertTrue(arrays.stream().allMatch(INDArray::wasClosed));
        assertTrue(w.wasClosed());
        assertTrue(forgotten.stream().allMatch(Matrix::isClosed));
        assertTrue(layer.isClosed());
    }

    @Test
    void providerIsFoundByServiceLoaderAndNamesNd4jAndItsBlas() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("nd4j")).findFirst()
                .orElseThrow();
        assertTrue(found instanceof Nd4jBackendProvider);
        assertEquals(300, found.priority());
        ProbeResult probe = found.probe();
        assertTrue(probe.available(), probe.reason());
        assertTrue(probe.reason().startsWith("ND4J 1.0.0-M2.1 (nd4j-native linux-x86_64) on OPENBLAS"),
                probe.reason());
        assertTrue(probe == found.probe(), "the probe result is cached");
        try (Backend backend = found.create()) {
            assertEquals("nd4j", backend.name());
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
