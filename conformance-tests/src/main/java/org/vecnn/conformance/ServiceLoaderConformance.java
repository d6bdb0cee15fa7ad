package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.vecnn.Backend;
import org.vecnn.BackendInfo;
import org.vecnn.BackendRegistry;
import org.vecnn.Backends;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * Runs the kit against every backend that {@link java.util.ServiceLoader} finds ({@link Backends#all()}),
 * each test named by its backend: {@code loop › matmul 17×33·33×65 FLOAT32}.
 *
 * <p>A backend on the class path that cannot run here is reported as skipped with its probe's reason,
 * never failed and never dropped. Settings, as system properties or JUnit configuration parameters:
 * <ul>
 *   <li>{@value #BACKENDS}{@code =a,b}: test only these backends;</li>
 *   <li>{@value #REQUIRE}{@code =a,b}: these must be present and available: their skip becomes a failure
 *       (for a GPU machine's run); a required backend that the filter leaves out is not tested;</li>
 *   <li>{@value #EXPECT}{@code <name>=text}: the backend's probe reason must contain the text, e.g.
 *       {@code vecnn.conformance.expect.loop=scalar}, so that a run meant for one form of a backend cannot
 *       silently test another.</li>
 * </ul>
 * Zero matching backends fail the run: an empty run never passes.
 *
 * <p>Without Maven, on any machine, with the backends' jars on the class path:
 * {@code java -jar junit-platform-console-standalone.jar execute --class-path ... --select-class
 * org.vecnn.conformance.ServiceLoaderConformance -Dvecnn.conformance.require=cuda}.
 */
@DisplayName("vecnn conformance")
public class ServiceLoaderConformance {
    /** Names the backends to test, comma-separated: {@value}. */
    public static final String BACKENDS = "vecnn.conformance.backends";
    /** Names the backends that must be present and available, comma-separated: {@value}. */
    public static final String REQUIRE = "vecnn.conformance.require";
    /** Prefix of a backend's expected probe reason: {@value}{@code <name>}. */
    public static final String EXPECT = "vecnn.conformance.expect.";

    private final List<ConformanceSuite> suites = new ArrayList<>();
    private Function<String, Optional<String>> settings = key -> Optional.ofNullable(System.getProperty(key));

    /** Reads the settings from JUnit's configuration parameters, which fall back to system properties. */
    @RegisterExtension
    final BeforeEachCallback configuration = context -> settings = context::getConfigurationParameter;

    /** For the console launcher and subclasses. */
    public ServiceLoaderConformance() {
    }

    /**
     * The registry whose backends are tested.
     *
     * @return {@link Backends#registry()}; subclasses may test another
     */
    protected BackendRegistry registry() {
        return Backends.registry();
    }

    @TestFactory
    @DisplayName("every backend found")
    List<DynamicNode> everyBackend() {
        BackendRegistry registry = registry();
        List<BackendInfo> found = registry.all();
        Set<String> wanted = names(BACKENDS);
        Set<String> required = names(REQUIRE);
        List<DynamicNode> nodes = new ArrayList<>();
        String present = found.isEmpty() ? "none"
                : found.stream().map(i -> i.name() + " (" + i.source() + ")").collect(Collectors.joining(", "));

        for (String problem : registry.problems()) {
            nodes.add(dynamicTest("a backend provider failed to load", () -> fail("a backend provider on the class "
                    + "path failed to load: " + problem)));
        }
        Map<String, List<BackendInfo>> byName = new LinkedHashMap<>();
        for (BackendInfo info : found) {
            if (wanted.isEmpty() || wanted.contains(info.name())) {
                byName.computeIfAbsent(info.name(), k -> new ArrayList<>()).add(info);
            }
        }
        if (byName.isEmpty()) {
            nodes.add(dynamicTest("no backend to test", () -> fail("no backend to test: "
                    + (wanted.isEmpty() ? "" : BACKENDS + "=" + String.join(",", wanted) + " matches none; ")
                    + "found: " + present + ". An empty run never passes: add a backend jar to the class path "
                    + "(e.g. org.vecnn:vecnn-backend-loop) or fix " + BACKENDS + ".")));
        }
        for (String name : required) {
            // the filter wins: a required backend that is filtered out is simply not tested
            if (!byName.containsKey(name) && (wanted.isEmpty() || wanted.contains(name))) {
                nodes.add(dynamicTest(name + " › is on the class path", () -> fail("backend '" + name
                        + "' is required (" + REQUIRE + ") but was not found; found: " + present)));
            }
        }
        for (Map.Entry<String, List<BackendInfo>> entry : byName.entrySet()) {
            nodes.add(backend(registry, entry.getKey(), entry.getValue(), required.contains(entry.getKey())));
        }
        return nodes;
    }

    private DynamicNode backend(BackendRegistry registry, String name, List<BackendInfo> infos, boolean required) {
        if (infos.size() > 1) {
            String sources = infos.stream().map(i -> i.providerClass() + " from " + i.source())
                    .collect(Collectors.joining(" and "));
            return dynamicTest(name + " › has one provider", () -> fail("backend '" + name + "' has "
                    + infos.size() + " providers: " + sources + ". Keep one of these jars on the class path."));
        }
        BackendInfo info = infos.get(0);
        ProbeResult probe = info.probe();
        String reason = probe.explanation();
        if (!probe.available()) {
            return dynamicTest(name + " › unavailable here: " + probe.reason(), () -> {
                if (required) {
                    fail("backend '" + name + "' is required (" + REQUIRE + ") but cannot run here: " + reason);
                }
                Assumptions.abort("backend '" + name + "' cannot run here: " + reason);
            });
        }
        ConformanceSuite suite = new ConformanceSuite(name, new Found(registry, info));
        suites.add(suite);
        List<DynamicNode> checks = new ArrayList<>();
        settings.apply(EXPECT + name).filter(s -> !s.isBlank()).ifPresent(expected -> checks.add(
                dynamicTest(name + " › probe reason mentions '" + expected + "'", () -> {
                    if (!probe.reason().contains(expected)) {
                        fail("backend '" + name + "': " + EXPECT + name + "=" + expected + " but its probe says: "
                                + probe.reason());
                    }
                })));
        checks.addAll(suite.all());
        return dynamicContainer(name + " (" + probe.reason() + ")", checks);
    }

    @AfterEach
    void closeBackends() {
        for (ConformanceSuite suite : suites) {
            suite.close();
        }
        suites.clear();
    }

    /** A test reported by its own name; see {@link ConformanceSuite#SOURCE}. */
    private static DynamicTest dynamicTest(String name, Executable body) {
        return DynamicTest.dynamicTest(name, ConformanceSuite.SOURCE, body);
    }

    private Set<String> names(String key) {
        return settings.apply(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new))).orElseGet(LinkedHashSet::new);
    }

    /** A backend as discovery found it; created by name through the registry, as users create it. */
    private static final class Found implements BackendProvider {
        private final BackendRegistry registry;
        private final BackendInfo info;

        Found(BackendRegistry registry, BackendInfo info) {
            this.registry = registry;
            this.info = info;
        }

        @Override
        public String name() {
            return info.name();
        }

        @Override
        public int priority() {
            return info.priority();
        }

        @Override
        public ProbeResult probe() {
            return info.probe();
        }

        @Override
        public Backend create() {
            return registry.get(info.name());
        }
    }
}
