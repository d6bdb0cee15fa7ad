package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {

    /** A layer that only describes its shape; Network checks shapes before any computation. */
    private static final class ShapeOnlyLayer implements DenseLayer {
        final int inputs;
        final int units;
        final Backend backend;
        final Precision precision;
        final List<String> closed;

        ShapeOnlyLayer(int inputs, int units, Backend backend, Precision precision, List<String> closed) {
            this.inputs = inputs;
            this.units = units;
            this.backend = backend;
            this.precision = precision;
            this.closed = closed;
        }

        @Override public int inputs() { return inputs; }
        @Override public int units() { return units; }
        @Override public Activation activation() { return Activation.RELU; }
        @Override public Matrix weights() { throw new UnsupportedOperationException(); }
        @Override public Matrix bias() { throw new UnsupportedOperationException(); }
        @Override public Backend backend() { return backend; }
        @Override public Precision precision() { return precision; }
        @Override public Matrix forward(Matrix input) { throw new UnsupportedOperationException(); }
        @Override public Matrix forward(Matrix input, Matrix out) { throw new UnsupportedOperationException(); }
        @Override public boolean isClosed() { return closed.contains(inputs + "→" + units); }
        @Override public void close() { closed.add(inputs + "→" + units); }
    }

    private static Backend named(String name) {
        return (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return name;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void ofRefusesLayersThatDoNotChainNamingBothShapes() {
        Backend b = named("loop");
        List<String> closed = new ArrayList<>();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Network.of(
                new ShapeOnlyLayer(784, 256, b, Precision.FLOAT32, closed),
                new ShapeOnlyLayer(128, 10, b, Precision.FLOAT32, closed)));
        assertEquals("network: layer 0 is 784→256, layer 1 is 128→10: layer 0.units (256) must equal "
                + "layer 1.inputs (128)", e.getMessage());
    }

    @Test
    void ofRefusesMixedBackendsAndPrecisions() {
        Backend a = named("loop");
        List<String> closed = new ArrayList<>();
        IllegalArgumentException backends = assertThrows(IllegalArgumentException.class, () -> Network.of(
                new ShapeOnlyLayer(4, 3, a, Precision.FLOAT32, closed),
                new ShapeOnlyLayer(3, 2, named("ejml"), Precision.FLOAT32, closed)));
        assertTrue(backends.getMessage().contains("layer 0 is on backend 'loop' but layer 1 is on backend 'ejml'"),
                backends.getMessage());
        IllegalArgumentException precisions = assertThrows(IllegalArgumentException.class, () -> Network.of(
                new ShapeOnlyLayer(4, 3, a, Precision.FLOAT32, closed),
                new ShapeOnlyLayer(3, 2, a, Precision.FLOAT64, closed)));
        assertTrue(precisions.getMessage().contains("layer 0 is FLOAT32 but layer 1 is FLOAT64"),
                precisions.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Network.of(List.of()));
    }

    @Test
    void describesItselfAndClosesEveryLayer() {
        Backend b = named("loop");
        List<String> closed = new ArrayList<>();
        Network net = Network.of(new ShapeOnlyLayer(784, 256, b, Precision.FLOAT32, closed),
                new ShapeOnlyLayer(256, 10, b, Precision.FLOAT32, closed));
        assertEquals(784, net.inputs());
        assertEquals(10, net.outputs());
        assertEquals("Network[784→256 relu, 256→10 relu] on loop FLOAT32", net.toString());
        net.close();
        assertEquals(List.of("784→256", "256→10"), closed);
    }

    @Test
    void ofRefusesANullLayerWithIllegalArgumentExceptionNamingIt() {
        List<String> closed = new ArrayList<>();
        DenseLayer first = new ShapeOnlyLayer(3, 4, null, Precision.FLOAT32, closed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.of(first, null));
        assertEquals("network: layer 1 is null", e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Network.of((DenseLayer[]) null));
        assertEquals("network: layers is null", none.getMessage());
    }
}
