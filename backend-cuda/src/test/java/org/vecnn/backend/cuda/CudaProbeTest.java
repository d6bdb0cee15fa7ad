package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaProbeTest {
    // What JCuda 12.6.0 throws on a machine without the NVIDIA driver (abridged from a real run).
    private static final String NO_DRIVER = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
            + "Stack trace from the attempt to load the library as a file:\n"
            + "java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib\n"
            + "Stack trace from the attempt to load the library as a resource:\n"
            + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot "
            + "open shared object file: No such file or directory\n";

    @Test
    void aMissingLibcudaMeansNoDriver() {
        assertEquals("libcuda.so.1 not found: no NVIDIA driver installed",
                CudaProbe.driverLoadFailure(new UnsatisfiedLinkError(NO_DRIVER)));
    }

    @Test
    void aMissingDriverSymbolMeansAnOldDriver() {
        String reason = CudaProbe.driverLoadFailure(new UnsatisfiedLinkError(
                "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: undefined symbol: cuMemAllocAsync"));
        assertEquals("the installed libcuda.so.1 lacks cuMemAllocAsync: the NVIDIA driver is older than the CUDA "
                + "12.0 this backend needs", reason);
    }

    @Test
    void aMissingJcudaJarIsNamed() {
        String reason = CudaProbe.driverLoadFailure(new NoClassDefFoundError("jcuda/driver/JCudaDriver"));
        assertEquals("JCuda is not on the class path (org.jcuda:jcuda 12.6.0)", reason);
    }

    @Test
    void anEarlierFailedLoadIsSaidToBeEarlier() {
        String reason = CudaProbe.driverLoadFailure(
                new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver"));
        assertTrue(reason.startsWith("JCuda's driver library failed to load earlier in this JVM"), reason);
    }

    @Test
    void aMissingFallbackLibraryIsNamedByItsLibrary() {
        String message = NO_DRIVER.replace("libcuda.so.1", "libnvptxcompiler.so.12");
        assertEquals("libnvptxcompiler.so.12 not found",
                CudaProbe.optionalLoadFailure(new UnsatisfiedLinkError(message)));
    }

    @Test
    void onlyLinuxOnX64IsSupported() {
        assertTrue(CudaProbe.isLinuxX64("Linux", "amd64"));
        assertTrue(CudaProbe.isLinuxX64("Linux", "x86_64"));
        assertFalse(CudaProbe.isLinuxX64("Linux", "aarch64"));
        assertFalse(CudaProbe.isLinuxX64("Mac OS X", "x86_64"));
    }
}
