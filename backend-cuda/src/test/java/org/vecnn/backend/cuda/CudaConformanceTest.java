package org.vecnn.backend.cuda;

import org.vecnn.conformance.BackendConformanceKit;
import org.vecnn.spi.BackendProvider;

/**
 * The conformance kit on {@code cuda}. Without a usable GPU every group is reported as skipped with the
 * probe's reason; on a GPU machine, {@code -Dvecnn.conformance.require=cuda} turns that skip into a failure.
 */
class CudaConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CudaBackendProvider();
    }
}
