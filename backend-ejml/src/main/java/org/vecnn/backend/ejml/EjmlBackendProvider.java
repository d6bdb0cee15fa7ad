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
     * Measured on the typical dense workload (784→256 sigmoid, batch 1024, FLOAT32; {@code ./vecnn bench},
     * docs/benchmarks.md; 2-core Zen 1): nd4j 11.1 ms, loop 14.6 ms, ejml 78.2 ms, loop-naive 536 ms per batch;
     * cuda on an NVIDIA H200 25 µs (docs/benchmarks.md, GPU section). Re-measure with the same command.
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
