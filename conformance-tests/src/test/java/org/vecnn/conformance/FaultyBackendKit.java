package org.vecnn.conformance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vecnn.spi.BackendProvider;

/**
 * The kit over a {@link FaultyBackend}, as a backend author would subclass it. {@link BackendConformanceKitTest}
 * runs it through the JUnit Platform Launcher with the fault as configuration parameter {@value #FAULT};
 * without it (e.g. when an IDE runs every class) it skips.
 */
class FaultyBackendKit extends BackendConformanceKit {
    static final String FAULT = "vecnn.conformance.test.fault";
    static final String NAME = "faulty";

    private FaultyBackend.Fault fault;

    @RegisterExtension
    final BeforeEachCallback readFault = context -> fault = context.getConfigurationParameter(FAULT)
            .map(FaultyBackend.Fault::valueOf).orElse(null);

    @Override
    protected BackendProvider provider() {
        Assumptions.assumeTrue(fault != null, "run only by BackendConformanceKitTest, which sets " + FAULT);
        return new FaultyBackendProvider(NAME, fault);
    }
}
