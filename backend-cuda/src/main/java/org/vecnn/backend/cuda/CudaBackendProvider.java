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
     * Above every CPU backend (nd4j 300, loop 200, ejml 100).
     * Measured on the typical dense workload (784→256 sigmoid, batch 1024, FLOAT32; {@code ./vecnn bench},
     * docs/benchmarks.md; 2-core Zen 1): nd4j 11.1 ms, loop 14.6 ms, ejml 78.2 ms, loop-naive 536 ms per batch;
     * cuda on an NVIDIA H200 25 µs (docs/benchmarks.md, GPU section). Re-measure with the same command.
     * Dense 4096→4096 at batch 4096: 3.39 ms on the H200, 573× nd4j's 1.94 s.
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
