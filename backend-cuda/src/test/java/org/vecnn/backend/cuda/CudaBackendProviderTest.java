package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.vecnn.Backend;
import org.vecnn.BackendInfo;
import org.vecnn.BackendRegistry;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

class CudaBackendProviderTest {
    private static final String NO_DRIVER = "libcuda.so.1 not found: no NVIDIA driver installed";

    @Test
    void isNamedCudaAndRanksAboveEveryCpuBackend() {
        CudaBackendProvider provider = new CudaBackendProvider();
        assertEquals("cuda", provider.name());
        assertEquals(400, provider.priority());
    }

    @Test
    void isRegisteredWithTheServiceLoader() {
        List<String> found = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            found.add(p.getClass().getName() + ":" + p.name());
        }
        assertTrue(found.contains(CudaBackendProvider.class.getName() + ":cuda"), found.toString());
    }

    @Test
    void probeIsComputedOnceAndNeverThrows() {
        ProbeResult first = new CudaBackendProvider().probe();
        ProbeResult second = new CudaBackendProvider().probe();
        assertSame(first, second);
        assertFalse(first.reason().isBlank());
    }

    @Test
    void withoutTheDriverTheProbeSaysSo() {
        assumeFalse(hasNvidiaDriver(), "this machine has libcuda.so.1; the no-driver reason is checked where it is "
                + "absent");
        ProbeResult probe = new CudaBackendProvider().probe();
        assertFalse(probe.available());
        assertEquals(NO_DRIVER, probe.reason());
        assertTrue(probe.hint().contains("NVIDIA driver"), probe.hint());
    }

    @Test
    void withoutTheDriverCreateThrowsWithTheProbeReason() {
        assumeFalse(hasNvidiaDriver(), "this machine has libcuda.so.1; the no-driver reason is checked where it is "
                + "absent");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new CudaBackendProvider().create());
        assertTrue(e.getMessage().contains(NO_DRIVER), e.getMessage());
    }

    @Test
    void withoutTheDriverSelectionPassesOverCuda() {
        assumeFalse(hasNvidiaDriver(), "this machine has libcuda.so.1; the no-driver reason is checked where it is "
                + "absent");
        BackendRegistry registry = BackendRegistry.of(new CudaBackendProvider(), new StubCpuProvider());
        try (Backend best = registry.best()) {
            assertEquals("stub-cpu", best.name());
        }
        BackendInfo cuda = registry.all().stream().filter(i -> i.name().equals("cuda")).findFirst().orElseThrow();
        assertEquals(NO_DRIVER, cuda.probe().reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> registry.get("cuda"));
        assertTrue(e.getMessage().contains(NO_DRIVER), e.getMessage());
    }

    @Test
    void withTheDriverTheProbeNamesTheGpuAndTheProductPath() {
        assumeTrue(hasNvidiaDriver(), "needs an NVIDIA driver (libcuda.so.1); none on this machine");
        ProbeResult probe = new CudaBackendProvider().probe();
        assertTrue(probe.available(), probe.reason() + " / " + probe.hint());
        assertTrue(probe.reason().contains("sm_") && probe.reason().contains("driver "), probe.reason());
        assertTrue(probe.reason().contains("own kernels"), probe.reason());
    }

    /** The driver's user-space library in the usual places (the loader cache covers the rest on a GPU host). */
    static boolean hasNvidiaDriver() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/lib/x86_64-linux-gnu", "/usr/local/cuda/compat", "/usr/lib/wsl/lib"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(":")));
        }
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.exists(Path.of(dir, "libcuda.so.1"))) {
                return true;
            }
        }
        return false;
    }

    /** A CPU backend stand-in that is always available, to see selection move past cuda. */
    public static final class StubCpuProvider implements BackendProvider {
        @Override
        public String name() {
            return "stub-cpu";
        }

        @Override
        public int priority() {
            return 200;
        }

        @Override
        public ProbeResult probe() {
            return ProbeResult.available("stub");
        }

        @Override
        public Backend create() {
            return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "name":
                                return "stub-cpu";
                            case "isClosed":
                                return false;
                            case "close":
                                return null;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }
}
