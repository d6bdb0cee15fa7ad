package org.vecnn.backend.ejml;

import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * Registers the {@code ejml} backend: EJML's dense row-major operations, pure Java, always available
 * where EJML's jars are on the class path.
 */
public final class EjmlBackendProvider implements BackendProvider {
    /** The backend's name: {@value}. */
    public static final String NAME = "ejml";

    /**
     * Below loop (200) and nd4j (300): EJML is dependable, not fast. Measured 2026-11-26 on the 2-core
     * AVX2 build machine (shared with other builds, indicative), FLOAT32 n×n product through this backend:
     * n=256 3.0 GFLOPS, n=1024 6.1 GFLOPS (concurrent variant); nd4j 24.0 and 26.8 GFLOPS on the same
     * machine. Commands in docs/ejml-backend.md.
     */
    public static final int PRIORITY = 100;

    private volatile ProbeResult probe;

    /** Does no work: EJML is touched only by {@link #probe()} and {@link #create()}. */
    public EjmlBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public ProbeResult probe() {
        ProbeResult result = probe;
        if (result == null) {
            result = EjmlBackend.probe();
            probe = result;
        }
        return result;
    }

    @Override
    public Backend create() {
        ProbeResult result = probe();
        if (!result.available()) {
            throw new BackendUnavailableException("backend 'ejml' cannot run here: " + result.explanation());
        }
        return new EjmlBackend();
    }
}
