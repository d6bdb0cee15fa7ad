package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CudaSettingsTest {

    @Test
    void defaultsAreGpuZeroWithCublasAndWithoutTf32() {
        assertEquals(new CudaSettings(0, true, false), CudaSettings.of(null, null, null));
    }

    @Test
    void propertiesAreParsed() {
        assertEquals(new CudaSettings(2, false, true), CudaSettings.of(" 2 ", "FALSE", "true"));
    }

    @Test
    void aBadDeviceIndexIsExplained() {
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> CudaSettings.of("gpu0", null, null));
        assertEquals("vecnn.cuda.device=gpu0 is not a GPU index", e.reason());
        assertThrows(CudaUnavailableException.class, () -> CudaSettings.of("-1", null, null));
    }

    @Test
    void aBadFlagIsExplained() {
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> CudaSettings.of(null, null, "yes"));
        assertEquals("vecnn.cuda.tf32=yes is neither true nor false", e.reason());
    }
}
