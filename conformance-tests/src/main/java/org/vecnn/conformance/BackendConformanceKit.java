package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestFactory;
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
 * forward, networks, special values, bad input, threads and repeatability, closing, data movement); each
 * test is named "{@code <backend> › <check> <precision>}", e.g. {@code loop › matmul 17×33·33×65 FLOAT32}.
 * Results are compared with a reference the kit computes itself, within the rounding-error bound of a
 * k-term dot product in the matrix's precision. When the provider's probe says the backend cannot run
 * here, every group is skipped with the probe's reason.
 *
 * <p>The checks share one backend instance per group, created through {@link BackendProvider#create()}
 * and closed after the group; checks about closing and about several instances create their own.
 */
public abstract class BackendConformanceKit {
    private ConformanceSuite suite;

    /** For subclasses. */
    protected BackendConformanceKit() {
    }

    /**
     * The backend under test. Called once per group of checks; it may return a new provider each time.
     *
     * @return the provider of the backend under test
     */
    protected abstract BackendProvider provider();

    @BeforeEach
    void createSuite() {
        BackendProvider provider = provider();
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
        Assumptions.assumeTrue(probe != null && probe.available(), () -> "backend '" + provider.name()
                + "' cannot run here: " + (probe == null ? "probe() returned null"
                        : probe.explanation()));
        suite = new ConformanceSuite(provider.name(), provider);
    }

    @AfterEach
    void closeBackend() {
        if (suite != null) {
            suite.close();
        }
    }

    private List<DynamicNode> group(ConformanceSuite.Group group) {
        return suite.group(group);
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
}
