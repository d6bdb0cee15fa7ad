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
     * Highest of the CPU backends: its products run on OpenBLAS. Measured 2026-11-26 on the 2-core AVX2
     * build machine (shared with other builds, load 2-3, indicative), FLOAT32 n×n product through the
     * backend: n=256 40.8 GFLOPS, n=1024 62.4 GFLOPS (raw Nd4j.gemm into a preallocated result: 21.8 and
     * 61.1); ejml on the same machine 3.0 and 6.1. Commands in docs/nd4j-backend.md.
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
