package org.vecnn.backend.loop;

import org.vecnn.Backend;
import org.vecnn.backend.loop.internal.LoopKernelFactory;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * The {@code loop-naive} backend: the textbook loops of the seed lecture's left-hand code (per example, per
 * unit j: z = dot(W[:, j], a_in) + b[j]; a_out[j] = g(z)) and the column-walking triple loop for matmul,
 * on one thread. It is the baseline that shows what vectorisation buys; {@code Backends.best()} never
 * picks it while another backend is available.
 */
public final class LoopNaiveBackendProvider implements BackendProvider {
    /**
     * 0: the lowest priority, chosen only when nothing else is present.
     * Ranked by speed on the typical dense workload (784→256 sigmoid, batch 1024, FLOAT32): figures in
     * docs/benchmarks.md (`dense-1024-f32`), re-measured with {@code ./vecnn bench}.
     */
    public static final int PRIORITY = 0;

    /** Does no work. */
    public LoopNaiveBackendProvider() {
    }

    @Override
    public String name() {
        return "loop-naive";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public ProbeResult probe() {
        return ProbeResult.available(LoopKernelFactory.naive().describe());
    }

    @Override
    public Backend create() {
        return new LoopBackend(name(), LoopKernelFactory.naive());
    }
}
