package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatrixScopeTest {
    private final DirectBackend backend = new DirectBackend("direct");
    private final Random random = new Random(20261126L);

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    private Matrix randomMatrix(int rows, int cols, Precision precision) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian();
        }
        return backend.matrix(rows, cols, data, precision);
    }

    @Test
    void scopeClosesEveryMatrixCreatedInItIntermediatesIncluded() {
        List<Matrix> created = new ArrayList<>();
        try (MatrixScope scope = MatrixScope.open()) {
            Matrix a = randomMatrix(4, 3, Precision.FLOAT32);
            Matrix w = randomMatrix(3, 5, Precision.FLOAT32);
            Matrix b = randomMatrix(1, 5, Precision.FLOAT32);
            Matrix z = a.matmul(w).addRowVector(b); // the matmul result is never named: only the scope frees it
            Matrix y = z.apply(Activation.TANH).transpose();
            created.addAll(List.of(a, w, b, z, y));
            assertEquals(7, scope.size(), "a, w, b and four results");
            assertEquals(7, backend.liveMatrices());
        }
        assertEquals(0, backend.liveMatrices());
        assertEquals(0, backend.liveBytes());
        created.forEach(m -> assertTrue(m.isClosed(), m + " is still open"));
        assertFalse(backend.isClosed(), "the scope closes matrices, not their backend");
    }

    @Test
    void matricesCreatedBeforeTheScopeAreLeftOpen() {
        Matrix outside = randomMatrix(2, 2, Precision.FLOAT64);
        try (MatrixScope scope = MatrixScope.open()) {
            Matrix product = outside.matmul(outside);
            assertEquals(1, scope.size());
            assertFalse(product.isClosed());
        }
        assertFalse(outside.isClosed());
        assertEquals(1, backend.liveMatrices());
        assertEquals(2 * 2 * Double.BYTES, backend.liveBytes());
    }

    @Test
    void keptMatrixSurvivesTheScopeAndIsClosedByItsOwner() {
        Matrix kept;
        try (MatrixScope scope = MatrixScope.open()) {
            Matrix x = randomMatrix(3, 3, Precision.FLOAT32);
            kept = scope.keep(x.apply(Activation.RELU));
            assertEquals(1, scope.size());
        }
        assertFalse(kept.isClosed());
        assertEquals(1, backend.liveMatrices());
        kept.close();
        assertEquals(0, backend.liveMatrices());
    }

    @Test
    void networkForwardInAScopeLeavesOnlyTheLayersOpen() {
        try (Network net = Network.of(
                backend.dense(randomMatrix(6, 4, Precision.FLOAT64), randomMatrix(1, 4, Precision.FLOAT64),
                        Activation.RELU),
                backend.dense(randomMatrix(4, 2, Precision.FLOAT64), randomMatrix(1, 2, Precision.FLOAT64),
                        Activation.SOFTMAX))) {
            double[] firstRow;
            try (MatrixScope scope = MatrixScope.open()) {
                Matrix batch = randomMatrix(5, 6, Precision.FLOAT64);
                Matrix out = net.forward(batch);
                firstRow = new double[] {out.get(0, 0), out.get(0, 1)};
            }
            assertEquals(1.0, firstRow[0] + firstRow[1], 1e-12);
            assertEquals(4, backend.liveMatrices(), "only the two layers' W and B remain");
        }
        assertEquals(0, backend.liveMatrices());
    }

    @Test
    void innerScopeClosesOnlyItsOwnMatricesAndKeepHandsToTheOuter() {
        try (MatrixScope outer = MatrixScope.open()) {
            Matrix a = randomMatrix(2, 3, Precision.FLOAT32);
            Matrix handedUp;
            Matrix dropped;
            try (MatrixScope inner = MatrixScope.open()) {
                dropped = a.transpose();
                handedUp = inner.keep(a.apply(Activation.SIGMOID));
                assertEquals(1, inner.size());
                assertEquals(2, outer.size());
            }
            assertTrue(dropped.isClosed());
            assertFalse(handedUp.isClosed());
            assertFalse(a.isClosed());
            assertEquals(2, backend.liveMatrices());
            Matrix afterInner = a.transpose();
            assertEquals(3, outer.size(), "the outer scope is current again");
            assertFalse(afterInner.isClosed());
        }
        assertEquals(0, backend.liveMatrices());
    }

    @Test
    void closingAnOuterScopeWhileAnInnerOneIsOpenIsRefused() {
        MatrixScope outer = MatrixScope.open();
        MatrixScope inner = MatrixScope.open();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertEquals("MatrixScope.close: an inner scope is still open; close scopes innermost first",
                    e.getMessage());
        } finally {
            inner.close();
            outer.close();
        }
        Matrix after = randomMatrix(1, 1, Precision.FLOAT32);
        assertEquals(0, outer.size());
        assertFalse(after.isClosed(), "no scope is open any more");
    }

    @Test
    void matricesOfOtherThreadsAreNotRegistered() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Matrix fromOtherThread;
            try (MatrixScope scope = MatrixScope.open()) {
                randomMatrix(2, 2, Precision.FLOAT32);
                fromOtherThread = pool.submit(() -> backend.zeros(3, 3, Precision.FLOAT64)).get();
                assertEquals(1, scope.size());
            }
            assertFalse(fromOtherThread.isClosed());
            assertEquals(1, backend.liveMatrices());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void anotherThreadCannotCloseOrKeepFromAScope() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (MatrixScope scope = MatrixScope.open()) {
            Matrix m = randomMatrix(2, 2, Precision.FLOAT64);
            Future<?> close = pool.submit(() -> scope.close());
            Future<?> keep = pool.submit(() -> scope.keep(m));
            ExecutionException e = assertThrows(ExecutionException.class, close::get);
            assertTrue(e.getCause() instanceof IllegalStateException);
            String name = Thread.currentThread().getName();
            assertTrue(e.getCause().getMessage().startsWith("MatrixScope.close: the scope belongs to thread '"
                    + name + "', not '"), e.getCause().getMessage());
            assertThrows(ExecutionException.class, keep::get);
            assertEquals(1, scope.size());
            assertFalse(m.isClosed());
        } finally {
            pool.shutdown();
        }
        assertEquals(0, backend.liveMatrices());
    }

    @Test
    void scopeOfAnotherThreadDoesNotCaptureThisThreadsMatrices() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            MatrixScope elsewhere = pool.submit(MatrixScope::open).get();
            Matrix here = randomMatrix(2, 2, Precision.FLOAT32);
            assertEquals(0, pool.submit(elsewhere::size).get());
            pool.submit(elsewhere::close).get();
            assertFalse(here.isClosed());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void closeIsIdempotentAndKeepAfterCloseIsRefused() {
        MatrixScope scope = MatrixScope.open();
        Matrix m = randomMatrix(1, 2, Precision.FLOAT32);
        scope.close();
        scope.close();
        assertTrue(m.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.keep(m));
        assertEquals("MatrixScope.keep: the scope is closed", e.getMessage());
    }

    @Test
    void matrixClosedByHandInsideTheScopeIsClosedOnce() {
        try (MatrixScope scope = MatrixScope.open()) {
            Matrix m = randomMatrix(2, 2, Precision.FLOAT64);
            m.close();
            assertEquals(0, backend.liveMatrices());
        }
        assertEquals(0, backend.liveMatrices());
        assertEquals(0, backend.liveBytes());
    }

    @Test
    void aResourceThatFailsToCloseDoesNotKeepTheOthersOpen() {
        Matrix a;
        Matrix b;
        MatrixScope scope = MatrixScope.open();
        a = randomMatrix(2, 2, Precision.FLOAT32);
        MatrixScope.register(() -> {
            throw new java.io.IOException("device lost");
        });
        b = randomMatrix(2, 2, Precision.FLOAT32);
        IllegalStateException e = assertThrows(IllegalStateException.class, scope::close);
        assertEquals("MatrixScope.close: a resource failed to close", e.getMessage());
        assertEquals("device lost", e.getCause().getMessage());
        assertTrue(a.isClosed() && b.isClosed());
        assertEquals(0, backend.liveMatrices());
        Matrix after = randomMatrix(1, 1, Precision.FLOAT32);
        assertFalse(after.isClosed(), "the failed scope is no longer current");
    }

    @Test
    void closingTheBackendFreesEveryMatrixItCreated() {
        DirectBackend other = new DirectBackend("other");
        Matrix m = other.zeros(10, 10, Precision.FLOAT64);
        Matrix t = m.transpose();
        assertEquals(2 * 100 * Double.BYTES, other.liveBytes());
        other.close();
        assertEquals(0, other.liveBytes());
        assertTrue(m.isClosed() && t.isClosed());
        assertSame(other, m.backend());
    }
}
