package org.vecnn.backend.cuda;

import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * Registers the {@code cuda} backend. Construction does nothing; {@link #probe()} loads JCuda and checks the
 * driver (12.0 or newer) and GPU (compute capability 7.5 or newer) once per JVM, by opening the GPU as a backend
 * would; the first {@link #create()} takes over that opened GPU instead of opening it again.
 */
public final class CudaBackendProvider implements BackendProvider {
    static final String NAME = "cuda";

    /** Above every CPU backend (nd4j 300, loop 200, ejml 100): faster on every workload of docs/benchmarks.md. */
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
            return new CudaBackend(CudaProbe.open(CudaSettings.fromSystemProperties()));
        } catch (CudaUnavailableException e) {
            throw new BackendUnavailableException("backend 'cuda' cannot run here: " + e.reason() + ". "
                    + e.hint(), e);
        } catch (LinkageError e) {
            throw new BackendUnavailableException("backend 'cuda' cannot run here: "
                    + CudaProbe.driverLoadFailure(e), e);
        }
    }
}
