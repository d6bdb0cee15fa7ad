package org.vecnn.conformance.driver;

import org.junit.jupiter.api.Tag;
import org.vecnn.conformance.ServiceLoaderConformance;

/**
 * The kit over every backend on this module's test class path (all of vecnn's backend modules), found the
 * way users find them: through {@link java.util.ServiceLoader} and the registry. Each backend module also
 * runs the kit on itself; this run checks that discovery finds every backend and creates them by name.
 */
@Tag("slow")
class ServiceLoaderConformanceTest extends ServiceLoaderConformance {
}
