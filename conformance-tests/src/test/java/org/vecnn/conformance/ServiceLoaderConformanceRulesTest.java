package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The driver's rules, run through the JUnit Platform Launcher over hand-made registries: unavailable
 * backends are skipped with their probe's reason unless required, filters apply, and an empty run fails.
 */
@Tag("slow")
class ServiceLoaderConformanceRulesTest {

    private static KitRun run(String registry, String... settings) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put(StubRegistryDriver.REGISTRY, registry);
        // configuration parameters win over the system properties this module's surefire run sets
        configuration.put(ServiceLoaderConformance.REQUIRE, "");
        configuration.put(ServiceLoaderConformance.BACKENDS, "");
        configuration.put(ServiceLoaderConformance.EXPECT + "loop", "");
        for (int i = 0; i < settings.length; i += 2) {
            configuration.put(settings[i], settings[i + 1]);
        }
        return KitRun.of(StubRegistryDriver.class, configuration);
    }

    private static List<String> named(List<String> names, String prefix) {
        return names.stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
    }

    @Test
    void runsEveryAvailableBackendAndSkipsTheUnavailableWithTheProbesReason() {
        // one run of the whole kit: it also shows that a probe reason other than the expected one fails
        KitRun run = run("heap:NONE,offline:unavailable", ServiceLoaderConformance.EXPECT + "heap", "scalar");
        String expectation = "heap › probe reason mentions 'scalar'";
        assertEquals(List.of(expectation), run.failed(), run.report());
        assertTrue(run.failure(expectation).contains("its probe says: heap arrays"), run.report());
        assertTrue(named(run.passed(), "heap › ").size() > 250, run.report());
        assertTrue(run.passed().contains("heap › matmul 17×33·33×65 FLOAT32"), run.report());
        String skip = "offline › unavailable here: " + FaultyBackendProvider.UNAVAILABLE_REASON;
        assertEquals(List.of(skip), run.aborted(), run.report());
        assertTrue(run.results.get(skip).getThrowable().orElseThrow().getMessage()
                .contains(FaultyBackendProvider.UNAVAILABLE_REASON), run.report());
    }

    @Test
    void failsARequiredBackendThatCannotRun() {
        KitRun run = run("offline:unavailable", ServiceLoaderConformance.REQUIRE, "offline");
        String name = "offline › unavailable here: " + FaultyBackendProvider.UNAVAILABLE_REASON;
        assertEquals(List.of(name), run.failed(), run.report());
        assertTrue(run.failure(name).contains("is required") && run.failure(name)
                .contains(FaultyBackendProvider.UNAVAILABLE_REASON), run.failure(name));
    }

    @Test
    void failsARequiredBackendThatIsAbsent() {
        KitRun run = run("offline:unavailable", ServiceLoaderConformance.REQUIRE, "cuda");
        assertEquals(List.of("cuda › is on the class path"), run.failed(), run.report());
        assertTrue(run.failure("cuda › is on the class path").contains("offline"), run.report());
        assertEquals(1, run.aborted().size(), run.report());
    }

    @Test
    void testsOnlyTheBackendsTheFilterNames() {
        KitRun run = run("offline:unavailable,other:unavailable,heap:unavailable", ServiceLoaderConformance.BACKENDS,
                "heap, other", ServiceLoaderConformance.REQUIRE, "offline");
        assertEquals(List.of(), run.failed(), run.report());
        assertEquals(2, run.aborted().size(), run.report());
        assertEquals(List.of(), named(run.aborted(), "offline"), run.report());
    }

    @Test
    void failsWhenNoBackendMatches() {
        KitRun filtered = run("offline:unavailable", ServiceLoaderConformance.BACKENDS, "cuda");
        assertEquals(List.of("no backend to test"), filtered.failed(), filtered.report());
        assertTrue(filtered.failure("no backend to test").contains("cuda"), filtered.report());
        KitRun empty = run("-");
        assertEquals(List.of("no backend to test"), empty.failed(), empty.report());
        assertTrue(empty.failure("no backend to test").contains("found: none"), empty.report());
    }

    @Test
    void failsABackendWithTwoProviders() {
        KitRun run = run("heap:NONE,heap:NONE");
        assertEquals(List.of("heap › has one provider"), run.failed(), run.report());
        assertTrue(run.failure("heap › has one provider").contains(FaultyBackendProvider.class.getName()),
                run.report());
    }
}
