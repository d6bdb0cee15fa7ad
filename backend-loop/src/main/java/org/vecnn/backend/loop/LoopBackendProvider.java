package org.vecnn.backend.loop;

import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.backend.loop.internal.LoopKernelFactory;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * The {@code loop} backend: Z = A&middot;W + B as one blocked, multi-threaded matrix product in plain Java,
 * with Vector API SIMD micro-kernels when the JVM has {@code jdk.incubator.vector} (run with
 * {@code --add-modules jdk.incubator.vector}) and scalar kernels otherwise. System properties:
 * {@code vecnn.loop.vector=false} forces the scalar kernels; {@code vecnn.loop.threads=N} sets how many
 * threads a large product is split across (default: the available processors). Always available.
 */
public final class LoopBackendProvider implements BackendProvider {
    /**
     * 200: below the native backends (nd4j 300, cuda 400), above ejml (100).
     * Ranked by speed on the typical dense workload (784→256 sigmoid, batch 1024, FLOAT32): figures in
     * docs/benchmarks.md (`dense-1024-f32`), re-measured with {@code ./vecnn bench}.
     */
    public static final int PRIORITY = 200;

    /** Does no work: kernels are chosen on {@link #probe()} and {@link #create()}. */
    public LoopBackendProvider() {
    }

    @Override
    public String name() {
        return "loop";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public ProbeResult probe() {
        try {
            return ProbeResult.available(LoopKernelFactory.configured().describe());
        } catch (IllegalArgumentException e) {
            return ProbeResult.unavailable(e.getMessage(), "fix or remove the system property");
        } catch (Throwable t) {
            return ProbeResult.failed("choosing the loop kernels", t,
                    "run with -Dvecnn.loop.vector=false to use the scalar kernels");
        }
    }

    @Override
    public Backend create() {
        LoopKernels kernels;
        try {
            kernels = LoopKernelFactory.configured();
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException("loop: " + e.getMessage(), e);
        }
        return new LoopBackend(name(), kernels);
    }
}
