package org.vecnn.backend.loop;

import org.vecnn.conformance.BackendConformanceKit;
import org.vecnn.spi.BackendProvider;

/** The conformance kit on {@code loop-naive}, the textbook loops. */
class LoopNaiveConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new LoopNaiveBackendProvider();
    }
}
