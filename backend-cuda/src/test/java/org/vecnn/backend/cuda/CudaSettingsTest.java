package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CudaSettingsTest {

    @Test
    void theDefaultIsGpuZero() {
        assertEquals(new CudaSettings(0), CudaSettings.of(null));
        assertEquals(new CudaSettings(0), CudaSettings.of(" "));
    }

    @Test
    void theDeviceIndexIsParsed() {
        assertEquals(new CudaSettings(2), CudaSettings.of(" 2 "));
    }

    @Test
    void aBadDeviceIndexIsExplained() {
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> CudaSettings.of("gpu0"));
        assertEquals("vecnn.cuda.device=gpu0 is not a GPU index", e.reason());
        assertThrows(CudaUnavailableException.class, () -> CudaSettings.of("-1"));
    }
}
