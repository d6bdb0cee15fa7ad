package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Small matrices of a tracking backend are used by calls without a hold: what a close frees, when, and that a
 * close racing such calls never frees memory under them.
 */
class CallsWithoutHoldsTest {
    private static final int SMALL = 16;
    private static final long GC_WAIT_MS = 20_000;

    private final DirectBackend backend = new DirectBackend("direct", SMALL);

    private DenseLayer seedLayer() {
        Matrix w = backend.matrix(2, 3, new double[] {1, -3, 5, -2, 4, -6}, Precision.FLOAT64);
        Matrix b = backend.matrix(1, 3, new double[] {-1, 1, 2}, Precision.FLOAT64);
        return backend.dense(w, b, Activation.LINEAR);
    }

    private static final double[] SEED_OUT = {200 - 34 - 1, -600 + 68 + 1, 1000 - 102 + 2};

    @Test
    void closesByTheThreadThatUsedThemFreeAtOnce() {
        DenseLayer layer = seedLayer();
        Matrix x = backend.matrix(1, 2, new double[] {200, 17}, Precision.FLOAT64);
        Matrix out = backend.zeros(1, 3, Precision.FLOAT64);
        assertArrayEquals(SEED_OUT, layer.forward(x, out).toDoubleArray());
        assertEquals(4, backend.liveMatrices());
        x.close();
        out.close();
        assertEquals(2, backend.liveMatrices(), "x and out are freed at their close");
        layer.close();
        assertEquals(0, backend.liveMatrices(), "W and B are freed at the layer's close");
    }

    @Test
    void aBackendClosedByTheThreadThatUsedItsMatricesFreesThemAtOnce() {
        DenseLayer layer = seedLayer();
        Matrix x = backend.matrix(1, 2, new double[] {200, 17}, Precision.FLOAT64);
        layer.forward(x, backend.zeros(1, 3, Precision.FLOAT64));
        backend.close();
        assertEquals(0, backend.liveMatrices());
        assertTrue(layer.isClosed() && x.isClosed());
    }

    @Test
    void aMatrixNoCallUsedIsFreedAtOnceByAnyThread() throws InterruptedException {
        Matrix x = backend.matrix(1, 2, new double[] {1, 2}, Precision.FLOAT64);
        onAnotherThread(x::close);
        assertEquals(0, backend.liveMatrices());
    }

    @Test
    void aCallWithALargeOperandHoldsAndNotesNothing() throws InterruptedException {
        Matrix small = backend.matrix(1, 4, new double[] {1, 2, 3, 4}, Precision.FLOAT64);
        Matrix large = backend.zeros(4, 5, Precision.FLOAT64);
        Matrix out = backend.zeros(1, 5, Precision.FLOAT64);
        small.matmul(large, out);
        onAnotherThread(small::close);
        assertEquals(2, backend.liveMatrices(), "small was used by a held call only: freed at once");
    }

    @Test
    void aCloseByAnotherThreadLeavesTheFreeToTheCollector() throws InterruptedException {
        Matrix kept = usedHereAndClosedElsewhere();
        assertEquals(4, backend.liveMatrices(), "x, out, W and B are still allocated");
        assertTrue(kept.isClosed());
        kept = null;
        awaitLive(0);
    }

    @Test
    void aMatrixTwoThreadsUsedWaitsForTheCollectorWhoeverClosesIt() throws InterruptedException {
        usedByTwoThreadsClosedHere();
        awaitLive(0);
    }

    @Test
    void aBackendClosedByAnotherThreadLeavesWhatThisOneUsedToTheCollector() throws InterruptedException {
        usedHereThenBackendClosedElsewhere();
        awaitLive(0);
    }

    @Test
    void closesRacingCallsNeverFreeMemoryUnderThem() throws Exception {
        for (int round = 0; round < 40; round++) {
            DenseLayer layer = seedLayer();
            Matrix x = backend.matrix(1, 2, new double[] {200, 17}, Precision.FLOAT64);
            int threads = 4;
            CountDownLatch started = new CountDownLatch(threads);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Matrix out = backend.zeros(1, 3, Precision.FLOAT64);
                Thread caller = new Thread(() -> {
                    started.countDown();
                    try {
                        for (int i = 0; i < 200_000; i++) {
                            double[] got = layer.forward(x, out).toDoubleArray();
                            if (!java.util.Arrays.equals(SEED_OUT, got)) {
                                failure.compareAndSet(null, new AssertionError(java.util.Arrays.toString(got)));
                                return;
                            }
                        }
                    } catch (IllegalStateException refused) {
                        // the close came first: the contract's other outcome
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                caller.start();
                callers.add(caller);
            }
            started.await();
            Matrix[] operands = {x, layer.weights(), layer.bias()};
            operands[round % 3].close();
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(!caller.isAlive(), "round " + round + ": a caller hangs");
            }
            if (failure.get() != null) {
                throw new AssertionError("round " + round, failure.get());
            }
            layer.close();
            x.close();
        }
    }

    // The closed matrix x, used by this thread and closed by another, plus a matrix never used, closed there.
    private Matrix usedHereAndClosedElsewhere() throws InterruptedException {
        DenseLayer layer = seedLayer();
        Matrix x = backend.matrix(1, 2, new double[] {200, 17}, Precision.FLOAT64);
        Matrix out = backend.zeros(1, 3, Precision.FLOAT64);
        Matrix unused = backend.matrix(1, 1, new double[] {1}, Precision.FLOAT64);
        assertArrayEquals(SEED_OUT, layer.forward(x, out).toDoubleArray());
        int before = backend.liveMatrices();
        onAnotherThread(() -> {
            x.close();
            out.close();
            layer.close();
            unused.close();
        });
        assertEquals(before - 1, backend.liveMatrices(), "x, out, W and B wait for the collector");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> layer.forward(x, out));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        return x;
    }

    private void usedByTwoThreadsClosedHere() throws InterruptedException {
        Matrix x = backend.matrix(1, 2, new double[] {3, 4}, Precision.FLOAT64);
        Matrix out = backend.zeros(1, 2, Precision.FLOAT64);
        x.apply(Activation.RELU, out);
        onAnotherThread(() -> x.apply(Activation.RELU, out));
        x.close();
        out.close();
        assertEquals(2, backend.liveMatrices(), "the other thread might be in a call on them: nothing freed");
        assertThrows(IllegalStateException.class, () -> x.apply(Activation.RELU, out));
    }

    private void usedHereThenBackendClosedElsewhere() throws InterruptedException {
        DenseLayer layer = seedLayer();
        Matrix x = backend.matrix(1, 2, new double[] {200, 17}, Precision.FLOAT64);
        Matrix out = backend.zeros(1, 3, Precision.FLOAT64);
        backend.matrix(1, 1, new double[] {1}, Precision.FLOAT64);
        layer.forward(x, out);
        onAnotherThread(backend::close);
        assertEquals(4, backend.liveMatrices(), "the unused matrix is freed; what this thread used waits");
        assertThrows(IllegalStateException.class, () -> layer.forward(x, out));
    }

    private static void onAnotherThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r);
        t.start();
        t.join();
    }

    private void awaitLive(int expected) throws InterruptedException {
        if (!backend.awaitLiveMatrices(expected, GC_WAIT_MS)) {
            fail("the collector did not free the matrices: " + backend.liveMatrices() + " live, " + expected
                    + " expected");
        }
    }
}
