package org.vecnn.backend.loop;

import org.vecnn.Backend;
import org.vecnn.backend.loop.internal.LoopKernelFactory;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.conformance.BackendConformanceKit;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * The conformance kit on {@code loop} with its scalar kernels, the form a JVM without the Vector API gets
 * (or {@code -Dvecnn.loop.vector=false}), so that the fallback cannot rot while the build's JVM has SIMD.
 * At least two threads, so that large products are split even on a one-core machine.
 */
class LoopScalarConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new BackendProvider() {
            private LoopKernels kernels() {
                return LoopKernelFactory.blocked(false, Math.max(2, Runtime.getRuntime().availableProcessors()));
            }

            @Override
            public String name() {
                return "loop";
            }

            @Override
            public int priority() {
                return LoopBackendProvider.PRIORITY;
            }

            @Override
            public ProbeResult probe() {
                return ProbeResult.available(kernels().describe());
            }

            @Override
            public Backend create() {
                return new LoopBackend(name(), kernels());
            }
        };
    }
}
