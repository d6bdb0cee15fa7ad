package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

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
}
