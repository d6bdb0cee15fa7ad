package org.vecnn.backend.nd4j;

import org.vecnn.conformance.BackendConformanceKit;
import org.vecnn.spi.BackendProvider;

/** The conformance kit on {@code nd4j}. */
class Nd4jConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new Nd4jBackendProvider();
    }
}
