package org.vecnn.conformance;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vecnn.BackendRegistry;
import org.vecnn.spi.BackendProvider;

/**
 * The driver over a registry described by configuration parameter {@value #REGISTRY}: comma-separated
 * {@code name:FAULT} (a {@link FaultyBackend}) or {@code name:unavailable}; {@code -} for none. Run only by
 * {@link ServiceLoaderConformanceRulesTest}; without the parameter it skips.
 */
class StubRegistryDriver extends ServiceLoaderConformance {
    static final String REGISTRY = "vecnn.conformance.test.registry";

    private String description;

    @RegisterExtension
    final BeforeEachCallback readRegistry = context -> description = context.getConfigurationParameter(REGISTRY)
            .orElse(null);

    @Override
    protected BackendRegistry registry() {
        Assumptions.assumeTrue(description != null, "run only by ServiceLoaderConformanceRulesTest");
        List<BackendProvider> providers = new ArrayList<>();
        for (String entry : description.equals("-") ? new String[0] : description.split(",")) {
            String[] parts = entry.split(":");
            providers.add(new FaultyBackendProvider(parts[0],
                    parts[1].equals("unavailable") ? null : FaultyBackend.Fault.valueOf(parts[1])));
        }
        return BackendRegistry.of(providers.toArray(new BackendProvider[0]));
    }
}
