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
import org.vecnn.ShapeMismatchException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;
import org.vecnn.spi.DenseReference;

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
    void denseMatchesDoubleReferenceForEveryActivation(Precision p, int m, int k, int n) {
        Random random = new Random(31L * m + 7L * k + n);
        double[] a = DenseReference.rounded(DenseReference.random(random, m * k), p);
        double[] w = DenseReference.rounded(DenseReference.random(random, k * n), p);
        double[] bias = DenseReference.rounded(DenseReference.random(random, n), p);
        try (Backend backend = new Nd4jBackend()) {
            Matrix in = backend.matrix(m, k, a, p);
            for (Activation g : Activation.values()) {
                DenseLayer layer = backend.dense(backend.matrix(k, n, w, p), backend.matrix(1, n, bias, p), g);
                Matrix out = layer.forward(in);
                assertEquals(p, out.precision());
                assertArrayEquals(DenseReference.dense(a, w, bias, g, m, k, n), out.toDoubleArray(),
                        DenseReference.tolerance(p, k), g + " " + p + " " + m + "×" + k + "·" + k + "×" + n);
                layer.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void fusedForwardIsBitwiseTheThreeSeparateOperations(Precision p, int m, int k, int n) {
        Random random = new Random(17L * m + 3L * k + n);
        try (Backend backend = new Nd4jBackend()) {
            Matrix in = backend.matrix(m, k, DenseReference.random(random, m * k), p);
            Matrix w = backend.matrix(k, n, DenseReference.random(random, k * n), p);
            Matrix bias = backend.matrix(1, n, DenseReference.random(random, n), p);
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
    void seedExampleGivesOneZeroOne(Precision p) {
        try (Backend backend = new Nd4jBackend()) {
            DenseLayer layer = backend.dense(backend.matrix(new double[][] {{1, -3, 5}, {-2, 4, -6}}, p),
                    backend.matrix(new double[][] {{-1, 1, 2}}, p), Activation.SIGMOID);
            Matrix out = layer.forward(backend.matrix(new double[][] {{200, 17}}, p));
            assertArrayEquals(new double[] {1, 0, 1}, out.toDoubleArray(), 1e-15);
            Matrix again = backend.zeros(1, 3, p);
            assertTrue(again == layer.forward(backend.matrix(new double[][] {{200, 17}}, p), again));
            assertArrayEquals(out.toDoubleArray(), again.toDoubleArray(), 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void activationsKeepTheApiContractAtInfinityLargeValuesAndNaN(Precision p) {
        double inf = Double.POSITIVE_INFINITY;
        double[] z = {-inf, -1000, -1e-8, 0, 1e-8, 1000, inf, Double.NaN};
        try (Backend backend = new Nd4jBackend()) {
            Matrix m = backend.matrix(1, z.length, z, p);
            double[] s = m.apply(Activation.SIGMOID).toDoubleArray();
            assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 0.5, 1, 1, Double.NaN}, s, 1e-8);
            double[] t = m.apply(Activation.TANH).toDoubleArray();
            double tiny = p == Precision.FLOAT32 ? (float) 1e-8 : 1e-8;
            // ND4J's own float tanh returns 0 here; the contract is tanh, accurate near 0 as well.
            assertEquals(tiny, t[4], tiny * p.unitRoundoff() * 2);
            assertEquals(-tiny, t[2], tiny * p.unitRoundoff() * 2);
            assertEquals(-1.0, t[0]);
            assertEquals(1.0, t[6]);
            assertTrue(Double.isNaN(t[7]));
            double[] r = m.apply(Activation.RELU).toDoubleArray();
            assertEquals(0.0, r[0]);
            assertEquals(inf, r[6]);
            assertTrue(Double.isNaN(r[7]));
            Matrix big = backend.matrix(2, 3, new double[] {1000, 1001, 999, -1000, -1001, -inf}, p);
            double[] soft = big.apply(Activation.SOFTMAX).toDoubleArray();
            for (double v : soft) {
                assertTrue(Double.isFinite(v), "softmax of large entries stays finite");
            }
            assertEquals(1.0, soft[0] + soft[1] + soft[2], 4 * p.unitRoundoff());
            assertEquals(0.0, soft[5]);
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
    void mismatchedShapesAreRefusedWithBothShapes() {
        try (Backend backend = new Nd4jBackend()) {
            Matrix a = backend.zeros(3, 4, Precision.FLOAT32);
            Matrix b = backend.zeros(5, 2, Precision.FLOAT32);
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.matmul(b));
            assertEquals("matmul: a is 3×4, b is 5×2: a.cols (4) must equal b.rows (5)", e.getMessage());
        }
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
}
