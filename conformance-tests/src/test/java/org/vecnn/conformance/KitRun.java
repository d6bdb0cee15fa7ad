package org.vecnn.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** One run of a test class through the JUnit Platform Launcher: what passed, failed and was skipped. */
final class KitRun implements TestExecutionListener {
    /** Every test (not container) by display name, with its result. */
    final Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    /** Skipped tests and containers by display name, with the reason. */
    final Map<String, String> skipped = new LinkedHashMap<>();

    private KitRun() {
    }

    static KitRun of(Class<?> testClass, Map<String, String> configuration) {
        return of(testClass, configuration, new Class<?>[0]);
    }

    /**
     * @param groups nested classes of the kit to run (e.g. {@code BackendConformanceKit.Threads.class}), or
     *     none for all of them
     */
    static KitRun of(Class<?> testClass, Map<String, String> configuration, Class<?>... groups) {
        KitRun run = new KitRun();
        Launcher launcher = LauncherFactory.create();
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Class<?> group : groups) {
            selectors.add(selectNestedClass(List.of(testClass), group));
        }
        if (selectors.isEmpty()) {
            selectors.add(selectClass(testClass));
        }
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameters(configuration).build(), run);
        return run;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest() || result.getStatus() == TestExecutionResult.Status.FAILED) {
            results.put(id.getDisplayName(), result);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        skipped.put(id.getDisplayName(), reason);
    }

    List<String> with(TestExecutionResult.Status status) {
        return results.entrySet().stream().filter(e -> e.getValue().getStatus() == status).map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    List<String> failed() {
        return with(TestExecutionResult.Status.FAILED);
    }

    List<String> passed() {
        return with(TestExecutionResult.Status.SUCCESSFUL);
    }

    List<String> aborted() {
        return with(TestExecutionResult.Status.ABORTED);
    }

    /** @return the failure's message, or null when the test did not fail */
    String failure(String name) {
        TestExecutionResult r = results.get(name);
        return r == null ? null : r.getThrowable().map(Throwable::getMessage).orElse(null);
    }

    /** @return every failure, one line each, for assertion messages */
    String report() {
        List<String> lines = new ArrayList<>();
        results.forEach((name, r) -> r.getThrowable().ifPresent(t -> lines.add(name + ": " + t)));
        skipped.forEach((name, reason) -> lines.add(name + " skipped: " + reason));
        return lines.isEmpty() ? "(no failure)" : String.join("\n", lines);
    }
}
