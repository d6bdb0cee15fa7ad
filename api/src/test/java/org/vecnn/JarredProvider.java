package org.vecnn;

import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * A provider that BackendRegistryTest packs into jars of its own and discovers through a separate class loader
 * (ServiceLoader needs a public class with a public no-arg constructor). Never created.
 */
public class JarredProvider implements BackendProvider {
    /** Does nothing, as the SPI requires. */
    public JarredProvider() {
    }

    @Override
    public String name() {
        return "jarred";
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public ProbeResult probe() {
        return ProbeResult.available("packed by a test");
    }

    @Override
    public Backend create() {
        throw new UnsupportedOperationException("JarredProvider only takes part in discovery tests");
    }
}
