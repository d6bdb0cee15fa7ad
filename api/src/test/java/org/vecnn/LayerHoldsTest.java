package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * On a backend that tracks native memory: what closing a dense layer, its W and B, or the backend frees, and
 * when (with no other thread in a call, at once).
 */
class LayerHoldsTest {
    private final DirectBackend backend = new DirectBackend("direct");
    private final Matrix w = backend.matrix(2, 2, new double[] {1, 2, 3, 4}, Precision.FLOAT64);
    private final Matrix b = backend.matrix(1, 2, new double[] {10, 20}, Precision.FLOAT64);
    private final Matrix x = backend.matrix(1, 2, new double[] {1, 1}, Precision.FLOAT64);
    private final DenseLayer layer = backend.dense(w, b, Activation.LINEAR);

    @Test
    void forwardComputesWithTheHeldWeights() {
        Matrix out = backend.zeros(1, 2, Precision.FLOAT64);
        assertArrayEquals(new double[] {14, 26}, layer.forward(x, out).toDoubleArray());
        assertArrayEquals(new double[] {14, 26}, layer.forward(x).toDoubleArray());
    }

    @Test
    void wClosedDirectlyIsFreedAndClosesTheLayer() {
        w.close();
        assertTrue(w.isClosed() && layer.isClosed(), "W closed closes the layer");
        assertEquals(2, backend.liveMatrices(), "W is freed; B and x stay");
        layer.close();
        assertEquals(1, backend.liveMatrices(), "closing the layer frees B; x stays");
    }

    @Test
    void theFirstForwardThatFindsBClosedRefusesAndClosesTheLayer() {
        b.close();
        assertEquals(2, backend.liveMatrices(), "B is freed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> layer.forward(x));
        assertTrue(e.getMessage().startsWith("forward: the layer 2→2 on backend 'direct' is closed"), e.getMessage());
        assertTrue(w.isClosed(), "the layer closed W with itself");
        assertEquals(1, backend.liveMatrices(), "W and B are freed; x stays");
    }

    @Test
    void closingTheBackendClosesItsLayersAndFreesEverything() {
        Matrix out = layer.forward(x);
        backend.close();
        assertTrue(layer.isClosed() && out.isClosed() && w.isClosed(), "the backend's close closes all it made");
        assertEquals(0, backend.liveMatrices(), "nothing is left allocated");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> layer.forward(x));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aLayerCannotBeMadeOnAClosedBackend() {
        backend.close();
        assertThrows(IllegalStateException.class, () -> backend.dense(w, b, Activation.LINEAR));
        assertEquals(0, backend.liveMatrices());
    }
}
