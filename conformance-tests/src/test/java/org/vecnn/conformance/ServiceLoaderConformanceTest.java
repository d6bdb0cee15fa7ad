package org.vecnn.conformance;

import org.junit.jupiter.api.Tag;

/**
 * The kit over every backend on this module's test class path (all of vecnn's backend modules), as
 * surefire finds it. The pom runs it twice: once with the Vector API, once for loop's scalar form.
 */
@Tag("slow")
class ServiceLoaderConformanceTest extends ServiceLoaderConformance {
}
