package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaErrorsTest {

    @Test
    void illegalAddressAndLaunchFailuresAreSticky() {
        for (int code : new int[] {700, 702, 710, 714, 715, 716, 717, 718, 719}) {
            assertTrue(CudaErrors.isSticky(code), "code " + code);
        }
    }

    @Test
    void recoverableErrorsAreNotSticky() {
        for (int code : new int[] {0, 1, 2, 100, 200, 218, 222, 701}) {
            assertFalse(CudaErrors.isSticky(code), "code " + code);
        }
    }

    @Test
    void namesCarryTheDriverConstantAndTheCode() {
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS (700)", CudaErrors.name(700));
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY (2)", CudaErrors.name(2));
    }

    @Test
    void byteCountsAreReadable() {
        assertEquals("512 bytes", CudaErrors.bytes(512));
        assertEquals("64.0 MiB", CudaErrors.bytes(64L << 20));
        assertEquals("79.1 GiB", CudaErrors.bytes(84_934_656_000L));
    }
}
