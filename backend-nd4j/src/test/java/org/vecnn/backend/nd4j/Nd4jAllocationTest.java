package org.vecnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/** Requests that cannot be had are refused before any memory is touched (issue 15: 88 s and 8 GB before). */
class Nd4jAllocationTest {

    @Test
    void zerosOfEightGigabytesFailsAtOnceNamingTheShapeAndTheLimit() {
        try (Nd4jBackend b = new Nd4jBackend()) {
            // 46340² fits Matrix.MAX_ELEMENTS, so only the memory check stands between it and native memory;
            // the surefire heap (-Xmx256m) is javacpp's default off-heap limit.
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                    () -> b.zeros(46340, 46340, Precision.FLOAT32));
            assertTrue(e.getMessage().startsWith("zeros: 46340×46340 FLOAT32 needs 8589582400 bytes of native "
                    + "memory, more than the "), e.getMessage());
            assertTrue(e.getMessage().contains("-Dorg.bytedeco.javacpp.maxBytes"), e.getMessage());
            assertEquals(0, b.openMatrices(), "nothing was allocated or tracked");
            try (Matrix small = b.zeros(2, 3, Precision.FLOAT64)) {
                assertEquals(0.0, small.get(1, 2), "the backend works on after a refusal");
            }
        }
    }

    @Test
    void aLargeMatrixFromDataIsCheckedToo() {
        try (Nd4jBackend b = new Nd4jBackend()) {
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                    () -> Nd4jBackend.checkAllocation("matrix", 40000, 40000, Precision.FLOAT64));
            assertTrue(e.getMessage().startsWith("matrix: 40000×40000 FLOAT64 needs 12800000000 bytes"),
                    e.getMessage());
        }
    }

    @Test
    void eachLimitIsNamedWhenItIsTheOneExceeded() {
        assertNull(Nd4jBackend.allocationProblem(100, 1000, 900, 0, 0, 0));
        assertEquals("more than the 1000 bytes nd4j may hold off the heap (901 held already; javacpp's limit "
                + "-Dorg.bytedeco.javacpp.maxBytes, by default -Xmx)",
                Nd4jBackend.allocationProblem(100, 1000, 901, 0, 0, 0));
        assertEquals("more than the process may use: 5000 of 5050 bytes of physical memory in use (javacpp's "
                + "limit -Dorg.bytedeco.javacpp.maxPhysicalBytes)",
                Nd4jBackend.allocationProblem(100, 0, 0, 5050, 5000, 0));
        assertEquals("more than the 99 bytes of physical memory the machine has free",
                Nd4jBackend.allocationProblem(100, 0, 0, 0, 0, 99));
        assertNull(Nd4jBackend.allocationProblem(Long.MAX_VALUE / 2, 0, 0, 0, 0, 0), "no limit known: try");
    }
}
