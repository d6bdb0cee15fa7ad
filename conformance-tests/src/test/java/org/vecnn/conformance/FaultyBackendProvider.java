package org.vecnn.conformance;

import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/** Provides a {@link FaultyBackend}, or, with no fault given, a backend that is never available. */
final class FaultyBackendProvider implements BackendProvider {
    static final String UNAVAILABLE_REASON = "no device: simulated by the kit's own tests";

    private final String name;
    private final FaultyBackend.Fault fault;

    /**
     * @param name the backend's name
     * @param fault the fault to build in; null or {@link FaultyBackend.Fault#UNAVAILABLE} for a backend whose
     *     probe says it cannot run
     */
    FaultyBackendProvider(String name, FaultyBackend.Fault fault) {
        this.name = name;
        this.fault = fault == FaultyBackend.Fault.UNAVAILABLE ? null : fault;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public ProbeResult probe() {
        return fault == null ? ProbeResult.unavailable(UNAVAILABLE_REASON, "run it on a machine with the device")
                : ProbeResult.available("heap arrays, fault " + fault);
    }

    @Override
    public Backend create() {
        if (fault == null) {
            throw new BackendUnavailableException("backend '" + name + "' is unavailable: " + UNAVAILABLE_REASON);
        }
        return new FaultyBackend(name, fault);
    }
}
