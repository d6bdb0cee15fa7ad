package org.vecnn.backend.loop;

import org.vecnn.conformance.BackendConformanceKit;
import org.vecnn.spi.BackendProvider;

/** The conformance kit on {@code loop} as users get it: SIMD kernels where the JVM has the Vector API. */
class LoopConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new LoopBackendProvider();
    }
}
