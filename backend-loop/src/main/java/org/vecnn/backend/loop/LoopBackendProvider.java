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
     * 200: below the native backends (nd4j 300, cuda 400), above ejml (100), where the SIMD kernels are narrower
     * than 512 bits or not available. Ranked by speed on the typical dense workload (784→256 sigmoid, batch
     * 1024, FLOAT32): figures in docs/benchmarks.md (`dense-1024-f32`), re-measured with {@code ./vecnn bench}.
     */
    public static final int PRIORITY = 200;

    /**
     * 350: above nd4j (300), below cuda (400), where the SIMD kernels run 512-bit vectors (AVX-512, and a JVM
     * that compiles them): there loop was measured faster than nd4j on every dense workload (docs/benchmarks.md,
     * "Which backend is best"). A rule by ISA, so the choice is the same on every run of one machine.
     */
    public static final int WIDE_SIMD_PRIORITY = 350;

    /** Does no work: kernels are chosen on {@link #probe()} and {@link #create()}. */
    public LoopBackendProvider() {
    }

    @Override
    public String name() {
        return "loop";
    }

    /**
     * @return {@value #WIDE_SIMD_PRIORITY} where the loop kernels run 512-bit SIMD lanes, else {@value #PRIORITY}
     */
    @Override
    public int priority() {
        return wide() ? WIDE_SIMD_PRIORITY : PRIORITY;
    }

    private static boolean wide() {
        try {
            return LoopKernelFactory.simdBits() >= 512;
        } catch (RuntimeException e) { // a property that means nothing: probe() reports it
            return false;
        }
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
