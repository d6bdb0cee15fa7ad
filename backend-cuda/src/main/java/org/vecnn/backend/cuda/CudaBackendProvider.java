package org.vecnn.backend.cuda;

import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * Registers the {@code cuda} backend. Construction does nothing; {@link #probe()} loads JCuda and checks the
 * driver (12.0 or newer) and GPU (compute capability 7.5 or newer) once per JVM.
 */
public final class CudaBackendProvider implements BackendProvider {
    static final String NAME = "cuda";

    /**
     * Above every CPU backend (nd4j 300, loop 200, ejml 100). Not yet measured: no GPU was available while
     * this backend was written; {@code backend-cuda/gpu-check.sh} measures it (docs/cuda-backend.md). The
     * issue's acceptance target is a dense forward of batch 4096, 4096→4096 at least 20× faster than the best
     * CPU backend on the project's 2-core CPU machines.
     */
    static final int PRIORITY = 400;

    /** Creates the provider; no work happens until {@link #probe()} or {@link #create()}. */
    public CudaBackendProvider() {
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
        return CudaProbe.probe();
    }

    @Override
    public Backend create() {
        ProbeResult probe = probe();
        if (!probe.available()) {
            throw new BackendUnavailableException("backend 'cuda' cannot run here: " + probe.explanation());
        }
        try {
            return new CudaBackend(CudaContext.open(CudaSettings.fromSystemProperties()));
        } catch (CudaUnavailableException e) {
            throw new BackendUnavailableException("backend 'cuda' cannot run here: " + e.reason() + ". "
                    + e.hint(), e);
        } catch (LinkageError e) {
            throw new BackendUnavailableException("backend 'cuda' cannot run here: "
                    + CudaProbe.driverLoadFailure(e), e);
        }
    }
}
