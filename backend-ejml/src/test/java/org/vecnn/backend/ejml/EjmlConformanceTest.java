package org.vecnn.backend.ejml;

import org.vecnn.conformance.BackendConformanceKit;
import org.vecnn.spi.BackendProvider;

/** The conformance kit on {@code ejml}. */
class EjmlConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new EjmlBackendProvider();
    }
}
