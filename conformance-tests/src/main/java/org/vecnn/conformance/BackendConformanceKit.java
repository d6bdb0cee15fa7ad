package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * The conformance kit: every check a vecnn backend must pass, in both precisions. Run it against your
 * backend by subclassing it in your own tests:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformanceKit {
 *     @Override
 *     protected BackendProvider provider() {
 *         return new MyBackendProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>The checks are grouped in nested classes (seed example, products, bias broadcast, activations, dense
 * forward, networks, special values, bad input, threads and repeatability, closing, data movement,
 * training, closing under load); each
 * test is named "{@code <backend> › <check> <precision>}", e.g. {@code loop › matmul 17×33·33×65 FLOAT32}.
 * Results are compared with a reference the kit computes itself, within the rounding-error bound of a
 * k-term dot product in the matrix's precision.
 *
 * <p><b>A backend that cannot run here.</b> When the provider's probe says the backend cannot run, each
 * group reports one skipped test, "{@code <backend> › <group> not tested: unavailable here: <probe reason>}",
 * whose skip
 * message is the probe's explanation: a run never passes silently with nothing tested. Where the backend
 * must run (a GPU machine, say), set {@value #REQUIRE}{@code =<name>} (comma-separated names, or
 * {@code *} for every backend) as a system property or JUnit configuration parameter, or override
 * {@link #required()}: the skip becomes a failure with the same reason.
 *
 * <p><b>Surefire.</b> The kit is JUnit 5 (Jupiter) and needs {@code maven-surefire-plugin} 2.22.0 or later
 * (3.x recommended; vecnn is built with 3.5.4). Older surefire versions, such as Maven 3.8's default
 * 2.12.4, do not see JUnit 5 tests at all: they report {@code Tests run: 0} and the build passes without
 * running a single check. Declare the plugin's version in your pom.
 *
 * <p>The checks share one backend instance per group, created through {@link BackendProvider#create()}
 * and closed after the group; checks about closing and about several instances create their own. Checks
 * that start threads wait for all of them before they report, failed or not.
 */
public abstract class BackendConformanceKit {
    /**
     * Names the backends that must be available, comma-separated, or {@code *} for all: {@value}. The same
     * setting as {@link ServiceLoaderConformance#REQUIRE}.
     */
    public static final String REQUIRE = ServiceLoaderConformance.REQUIRE;

    /** The unavailable backends already announced on standard error, once per JVM. */
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private ConformanceSuite suite;
    private BackendProvider provider;
    private ProbeResult unavailable;
    private Function<String, Optional<String>> settings = key -> Optional.ofNullable(System.getProperty(key));

    /** Reads the settings from JUnit's configuration parameters, which fall back to system properties. */
    @RegisterExtension
    final BeforeEachCallback configuration = context -> settings = context::getConfigurationParameter;

    /** For subclasses. */
    protected BackendConformanceKit() {
    }

    /**
     * The backend under test. Called once per group of checks; it may return a new provider each time.
     *
     * @return the provider of the backend under test
     */
    protected abstract BackendProvider provider();

    /**
     * Whether the backend must be available here: then a probe that says it cannot run fails every group
     * instead of skipping it.
     *
     * @return true when {@value #REQUIRE} names this backend (or is {@code *}); override to decide otherwise
     */
    protected boolean required() {
        String name = provider == null ? null : provider.name();
        return settings.apply(REQUIRE).map(v -> Arrays.stream(v.split(",")).map(String::trim)
                .anyMatch(n -> n.equals("*") || n.equals(name))).orElse(false);
    }

    @BeforeEach
    void createSuite() {
        provider = provider();
        if (provider == null) {
            fail("provider() returned null");
        }
        ProbeResult probe;
        try {
            probe = provider.probe();
        } catch (Throwable t) {
            throw new AssertionError("backend '" + provider.name() + "': probe() threw, but it must report "
                    + "failures as an unavailable ProbeResult: " + t, t);
        }
        if (probe == null) {
            fail("backend '" + provider.name() + "': probe() returned null");
        }
        if (probe.available()) {
            suite = new ConformanceSuite(provider.name(), provider);
        } else {
            unavailable = probe;
            if (ANNOUNCED.add(provider.name())) {
                // surefire's console counts skips without their reasons: say once why nothing was tested
                System.err.println("[vecnn conformance] backend '" + provider.name() + "' cannot run here, every "
                        + "check is skipped: " + probe.explanation() + " (" + REQUIRE + "=" + provider.name()
                        + " makes this a failure)");
            }
        }
    }

    @AfterEach
    void closeBackend() {
        if (suite != null) {
            suite.close();
        }
    }

    private List<DynamicNode> group(ConformanceSuite.Group group) {
        if (unavailable == null) {
            return suite.group(group);
        }
        String name = provider.name();
        String reason = unavailable.explanation();
        boolean required = required();
        return List.of(DynamicTest.dynamicTest(name + " › " + group.label + " not tested: unavailable here: "
                + unavailable.reason(),
                ConformanceSuite.SOURCE, () -> {
                    if (required) {
                        fail("backend '" + name + "' is required (" + REQUIRE + ") but cannot run here: " + reason);
                    }
                    Assumptions.abort("backend '" + name + "' cannot run here, " + group.label
                            + " not tested: " + reason);
                }));
    }

    @Nested
    @DisplayName("seed example")
    class SeedExample {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.SEED);
        }
    }

    @Nested
    @DisplayName("products")
    class Products {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.PRODUCTS);
        }
    }

    @Nested
    @DisplayName("bias broadcast")
    class BiasBroadcast {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.BIAS);
        }
    }

    @Nested
    @DisplayName("activations")
    class Activations {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.ACTIVATIONS);
        }
    }

    @Nested
    @DisplayName("dense forward")
    class DenseForward {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.DENSE);
        }
    }

    @Nested
    @DisplayName("networks")
    class Networks {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.NETWORKS);
        }
    }

    @Nested
    @DisplayName("special values")
    class SpecialValues {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.SPECIAL_VALUES);
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.BAD_INPUT);
        }
    }

    @Nested
    @DisplayName("threads and repeatability")
    class Threads {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.THREADS);
        }
    }

    @Nested
    @DisplayName("closing")
    class Closing {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.CLOSING);
        }
    }

    @Nested
    @DisplayName("data movement")
    class DataMovement {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.DATA);
        }
    }

    /**
     * Training: the backend's {@link org.vecnn.spi.TrainingKernels} operation by operation against the kit's
     * reference, gradients against central finite differences, optimizer steps with their states, a short run
     * that must end at the reference weights (through the trainer, and through the composed default kernels), and
     * bitwise repeatability. Each check names the kernels it tested, e.g. "{@code training (loop) ...}".
     */
    @Nested
    @DisplayName("training")
    class Training {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.TRAINING);
        }
    }

    /**
     * Closing under load: the backend, a layer, an input, an operand or the outputs closed while 8 threads
     * compute with them, each a few repetitions; every call must give the single-thread result bitwise or throw
     * {@link IllegalStateException}, and no thread may hang.
     */
    @Nested
    @DisplayName("closing under load")
    class Races {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.RACES);
        }
    }

    /**
     * The same as {@link Races}, with many repetitions of each check. Tagged {@code slow}.
     */
    @Nested
    @DisplayName("closing under load, many repetitions")
    @Tag("slow")
    class RacesRepeated {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.RACES_LONG);
        }
    }

    /**
     * The exhaustive sweeps: every activation over its whole range with each saturation and overflow threshold
     * &plusmn;16 ulps, dense forward at every batch size 1&hellip;1024 alone and from several threads, several
     * layers in use at once on small and large batches, the training's products with transposed operands on large
     * and thin shapes. Tagged {@code slow}: the build's fast set
     * ({@code -Pfast}) leaves them out, the full build runs them.
     */
    @Nested
    @DisplayName("sweeps")
    @Tag("slow")
    class Sweeps {
        @TestFactory
        List<DynamicNode> checks() {
            return group(ConformanceSuite.Group.SWEEPS);
        }
    }
}
