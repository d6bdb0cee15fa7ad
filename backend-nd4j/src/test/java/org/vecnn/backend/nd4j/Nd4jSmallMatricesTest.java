package org.vecnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * Matrices of at most {@link Nd4jMatrix#USED_WITHOUT_HOLD_UP_TO} elements are used by calls without a hold:
 * closed by the thread that used them, their arrays are closed at once; closed by another thread, once the
 * garbage collector finds them unreachable, never under a call.
 */
class Nd4jSmallMatricesTest {
    private static final long GC_WAIT_MS = 20_000;

    @Test
    void closedByTheThreadThatUsedThemTheArraysAreClosedAtOnce() {
        try (Nd4jBackend backend = new Nd4jBackend()) {
            Matrix x = backend.matrix(new float[][] {{200, 17}});
            Matrix out = backend.zeros(1, 3, Precision.FLOAT32);
            DenseLayer layer = seedLayer(backend);
            assertArrayEquals(new float[] {1, 0, 1}, layer.forward(x, out).toFloatArray(), 0f);
            INDArray xs = ((Nd4jMatrix) x).ndArray();
            INDArray ws = ((Nd4jMatrix) layer.weights()).ndArray();
            x.close();
            layer.close();
            assertTrue(xs.wasClosed() && ws.wasClosed(), "closed with the matrices");
        }
    }

    @Test
    void closedByAnotherThreadTheArrayWaitsForTheCollector() throws InterruptedException {
        try (Nd4jBackend backend = new Nd4jBackend()) {
            ReferenceQueue<Matrix> collected = new ReferenceQueue<>();
            List<Object> keep = new ArrayList<>();
            INDArray array = usedHereClosedElsewhere(backend, collected, keep);
            assertFalse(array.wasClosed(), "not freed at the close: this thread might have been in a call");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GC_WAIT_MS);
            do {
                assertTrue(System.nanoTime() < deadline, "the closed matrix was not collected");
                System.gc();
            } while (collected.remove(50) == null);
            // The collector's thread runs the release right after the matrix is found unreachable.
            while (!array.wasClosed()) {
                assertTrue(System.nanoTime() < deadline, "the array of the collected matrix was not freed");
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aLargerMatrixIsHeldAndFreedAtItsCloseByAnyThread() throws InterruptedException {
        try (Nd4jBackend backend = new Nd4jBackend()) {
            int n = Nd4jMatrix.USED_WITHOUT_HOLD_UP_TO + 1;
            Matrix x = backend.zeros(1, n, Precision.FLOAT32);
            Matrix out = backend.zeros(1, n, Precision.FLOAT32);
            x.apply(Activation.SIGMOID, out);
            INDArray array = ((Nd4jMatrix) x).ndArray();
            Thread closer = new Thread(x::close);
            closer.start();
            closer.join();
            assertTrue(array.wasClosed(), "freed at its close");
        }
    }

    private static DenseLayer seedLayer(Nd4jBackend backend) {
        return backend.dense(backend.matrix(new float[][] {{1, -3, 5}, {-2, 4, -6}}),
                backend.matrix(new float[][] {{-1, 1, 2}}), Activation.SIGMOID);
    }

    // The array of a seed input that this thread used and another thread closed; nothing else refers to the matrix.
    private static INDArray usedHereClosedElsewhere(Nd4jBackend backend, ReferenceQueue<Matrix> collected,
            List<Object> keep) throws InterruptedException {
        Matrix x = backend.matrix(new float[][] {{200, 17}});
        Matrix out = backend.zeros(1, 3, Precision.FLOAT32);
        DenseLayer layer = seedLayer(backend);
        layer.forward(x, out);
        INDArray array = ((Nd4jMatrix) x).ndArray();
        Thread closer = new Thread(x::close);
        closer.start();
        closer.join();
        assertThrows(IllegalStateException.class, () -> layer.forward(x, out));
        keep.add(new PhantomReference<>(x, collected));
        return array;
    }
}
