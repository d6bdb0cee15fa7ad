package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;
import org.vecnn.spi.TrainingKernels;
import org.vecnn.train.Dataset;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;
import org.vecnn.train.TrainingHistory;

/**
 * The backend's memory bookkeeping on a real GPU. Skipped, with the probe's reason, where no usable GPU is
 * present. Results, lifetime and the rest of the api contract are the conformance kit's, run on cuda by
 * {@link CudaConformanceTest}.
 */
class CudaBackendGpuTest {
    private static CudaBackend backend;
    private static ProbeResult probe;

    @BeforeAll
    static void openTheGpu() {
        probe = new CudaBackendProvider().probe();
        if (probe.available()) {
            backend = (CudaBackend) new CudaBackendProvider().create();
        }
    }

    @BeforeEach
    void needsAGpu() {
        assumeTrue(backend != null, "no usable GPU: " + probe.reason());
    }

    @AfterAll
    static void closeTheGpu() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void closedMatricesReturnTheirMemory() {
        CudaMemoryStatistics before = backend.memoryStatistics();
        Matrix a = backend.zeros(1000, 1000, Precision.FLOAT32);
        CudaMemoryStatistics during = backend.memoryStatistics();
        assertEquals(before.liveMatrices() + 1, during.liveMatrices());
        assertTrue(during.liveBytes() >= before.liveBytes() + 4_000_000L, during.toString());
        assertArrayEquals(new float[1_000_000], a.toFloatArray());
        a.close();
        a.close();
        CudaMemoryStatistics after = backend.memoryStatistics();
        assertEquals(before.liveMatrices(), after.liveMatrices());
        assertEquals(before.liveBytes(), after.liveBytes());
        assertThrows(IllegalStateException.class, a::toFloatArray);
    }

    @Test
    void trainingRunsOnTheBackendsOwnKernelsLearnsAndLeavesNoMatrixBehind() {
        TrainingKernels kernels = TrainingKernels.of(backend);
        assertEquals("cuda", kernels.path());
        assertTrue(kernels.isNative());
        // three classes separated by the sign of x0 and x1: learnable in a few epochs
        int rows = 240;
        double[][] x = new double[rows][];
        int[] labels = new int[rows];
        Random random = new Random(7);
        for (int r = 0; r < rows; r++) {
            double x0 = random.nextDouble() * 2 - 1;
            double x1 = random.nextDouble() * 2 - 1;
            x[r] = new double[] {x0, x1, random.nextDouble() - 0.5};
            labels[r] = x0 < 0 ? 0 : x1 < 0 ? 1 : 2;
        }
        CudaMemoryStatistics before = backend.memoryStatistics();
        for (Precision p : Precision.values()) {
            try (Trainer t = Trainer.builder(backend).precision(p).layer(16, Activation.TANH)
                    .layer(3, Activation.SOFTMAX).optimizer(Optimizer.adam(0.05)).batchSize(32).epochs(40).seed(3)
                    .build()) {
                assertEquals("cuda", t.kernelsPath());
                TrainingHistory h = t.fit(Dataset.ofLabels(x, labels));
                assertTrue(h.last().loss() < h.epochs().get(0).loss() / 2, p + ": " + h);
                assertTrue(h.last().accuracy() > 0.9, p + ": " + h);
            }
        }
        assertEquals(before.liveMatrices(), backend.memoryStatistics().liveMatrices());
    }
}
