package org.vecnn;

import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/** A provider that breaks the SPI contract: its name() throws. Discovered from a jar by BackendRegistryTest. */
public class NamelessProvider implements BackendProvider {
    /** Does nothing, as the SPI requires. */
    public NamelessProvider() {
    }

    @Override
    public String name() {
        throw new IllegalStateException("no name configured");
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public ProbeResult probe() {
        return ProbeResult.available("never asked");
    }

    @Override
    public Backend create() {
        throw new UnsupportedOperationException("never created");
    }
}
