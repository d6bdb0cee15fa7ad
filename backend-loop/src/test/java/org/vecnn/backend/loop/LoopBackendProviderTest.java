package org.vecnn.backend.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * The two providers: registration, names, priorities, and what the probe says about the kernels. The build
 * runs this class with and without {@code --add-modules jdk.incubator.vector}; the second run sets
 * {@code vecnn.loop.expectScalar=true}.
 */
class LoopBackendProviderTest {
    private static final boolean EXPECT_SCALAR = Boolean.getBoolean("vecnn.loop.expectScalar");
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String THREADS = CORES + (CORES == 1 ? " thread" : " threads");

    @AfterEach
    void clearProperties() {
        System.clearProperty("vecnn.loop.vector");
        System.clearProperty("vecnn.loop.threads");
    }

    @Test
    void serviceLoaderFindsBothProviders() {
        // the module under test only provides; the api module is the one that declares `uses`
        getClass().getModule().addUses(BackendProvider.class);
        List<String> names = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .map(BackendProvider::name).sorted().collect(Collectors.toList());
        assertEquals(List.of("loop", "loop-naive"), names);
    }

    @Test
    void namesAndPrioritiesAreTheDocumentedOnes() {
        assertEquals("loop", new LoopBackendProvider().name());
        int bits = org.vecnn.backend.loop.internal.LoopKernelFactory.simdBits();
        assertEquals(EXPECT_SCALAR ? 0 : bits, bits);
        assertEquals(bits >= 512 ? 350 : 200, new LoopBackendProvider().priority(), "SIMD lanes: " + bits + " bits");
        assertEquals("loop-naive", new LoopNaiveBackendProvider().name());
        assertEquals(0, new LoopNaiveBackendProvider().priority());
    }

    @Test
    void probeSaysWhichKernelsAndHowManyThreads() {
        ProbeResult probe = new LoopBackendProvider().probe();
        assertTrue(probe.available(), probe.reason());
        if (EXPECT_SCALAR) {
            assertEquals("scalar kernels, " + THREADS + ": jdk.incubator.vector not in this JVM; run with "
                    + "--add-modules jdk.incubator.vector", probe.reason());
        } else {
            assertTrue(probe.reason().matches("Vector API, \\d+-bit float lanes, \\d+x\\d+ tile, " + THREADS),
                    probe.reason());
        }
    }

    @Test
    void vectorPropertyFalseForcesTheScalarKernels() {
        System.setProperty("vecnn.loop.vector", "false");
        ProbeResult probe = new LoopBackendProvider().probe();
        assertEquals("scalar kernels, " + THREADS + ": vecnn.loop.vector=false", probe.reason());
        try (Backend backend = new LoopBackendProvider().create()) {
            assertTrue(((LoopBackend) backend).describe().startsWith("scalar kernels"));
        }
    }

    @Test
    void threadsPropertySetsTheSplit() {
        System.setProperty("vecnn.loop.threads", "3");
        assertTrue(new LoopBackendProvider().probe().reason().endsWith("3 threads")
                || new LoopBackendProvider().probe().reason().contains(", 3 threads:"),
                new LoopBackendProvider().probe().reason());
    }

    @Test
    void meaninglessPropertiesMakeTheBackendUnavailableWithAReason() {
        System.setProperty("vecnn.loop.vector", "maybe");
        ProbeResult probe = new LoopBackendProvider().probe();
        assertFalse(probe.available());
        assertTrue(probe.reason().startsWith("vecnn.loop.vector=maybe means nothing"), probe.reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new LoopBackendProvider().create());
        assertTrue(e.getMessage().contains("vecnn.loop.vector=maybe"), e.getMessage());

        System.clearProperty("vecnn.loop.vector");
        System.setProperty("vecnn.loop.threads", "0");
        probe = new LoopBackendProvider().probe();
        assertFalse(probe.available());
        assertTrue(probe.reason().startsWith("vecnn.loop.threads=0 is not a positive whole number"), probe.reason());
    }

    @Test
    void naiveProbeDescribesTheBaseline() {
        ProbeResult probe = new LoopNaiveBackendProvider().probe();
        assertTrue(probe.available());
        assertEquals("naive triple loops, 1 thread (the baseline)", probe.reason());
    }

    @Test
    void createdBackendsCarryTheProviderName() {
        try (Backend loop = new LoopBackendProvider().create();
                Backend naive = new LoopNaiveBackendProvider().create()) {
            assertEquals("loop", loop.name());
            assertEquals("loop-naive", naive.name());
            assertEquals(new LoopBackendProvider().probe().reason(), ((LoopBackend) loop).describe());
        }
    }
}
