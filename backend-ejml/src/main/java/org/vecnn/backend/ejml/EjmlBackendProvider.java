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
     * Below loop (200) and nd4j (300): EJML is dependable, not fast.
     * Ranked by speed on the typical dense workload (784→256 sigmoid, batch 1024, FLOAT32): figures in
     * docs/benchmarks.md (`dense-1024-f32`), re-measured with {@code ./vecnn bench}.
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
