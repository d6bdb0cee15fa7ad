package org.vecnn.backend.nd4j;

import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * Registers the {@code nd4j} backend. Its probe loads ND4J's native library once per JVM and never lets a
 * failure escape: a machine where nd4j-native cannot load reports why, and selection moves on.
 */
public final class Nd4jBackendProvider implements BackendProvider {
    /** The backend's name: {@value}. */
    public static final String NAME = "nd4j";

    /**
     * Highest of the CPU backends: its products run on OpenBLAS.
     * Ranked by speed on the typical dense workload (784→256 sigmoid, batch 1024, FLOAT32): figures in
     * docs/benchmarks.md (`dense-1024-f32`), re-measured with {@code ./vecnn bench}.
     */
    public static final int PRIORITY = 300;

    /** Does no work: ND4J is loaded only by {@link #probe()} and {@link #create()}. */
    public Nd4jBackendProvider() {
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
        return Nd4jRuntime.probe();
    }

    @Override
    public Backend create() {
        ProbeResult result = probe();
        if (!result.available()) {
            throw new BackendUnavailableException("backend 'nd4j' cannot run here: " + result.explanation());
        }
        return new Nd4jBackend();
    }
}
