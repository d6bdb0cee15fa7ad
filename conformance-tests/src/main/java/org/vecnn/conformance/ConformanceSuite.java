package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.vecnn.Backend;
import org.vecnn.MatrixScope;
import org.vecnn.Precision;
import org.vecnn.spi.BackendProvider;

/**
 * Every check of the kit for one backend, as dynamic tests named "{@code <backend> › <check>}". Checks
 * share one backend instance, created on first use and closed by {@link #close()}; checks about closing
 * and about several instances create their own.
 */
final class ConformanceSuite implements AutoCloseable {
    static final List<Precision> PRECISIONS = List.of(Precision.FLOAT32, Precision.FLOAT64);

    /** The groups of checks, in the order they run. */
    enum Group {
        SEED("seed example", NumericChecks::seed),
        PRODUCTS("products", NumericChecks::products),
        BIAS("bias broadcast", NumericChecks::bias),
        ACTIVATIONS("activations", NumericChecks::activations),
        DENSE("dense forward", NumericChecks::dense),
        NETWORKS("networks", NumericChecks::networks),
        SPECIAL_VALUES("special values", SpecialValueChecks::all),
        BAD_INPUT("bad input", BadInputChecks::all),
        THREADS("threads and repeatability", LifecycleChecks::threads),
        CLOSING("closing", LifecycleChecks::closing),
        DATA("data movement", LifecycleChecks::data),
        TRAINING("training", TrainingChecks::all),
        RACES("closing under load", s -> RaceChecks.races(s, RaceChecks.SHORT)),
        SWEEPS("sweeps", s -> both(both(both(SweepChecks.activations(s), SweepChecks.dense(s)),
                SweepChecks.threads(s)), TrainingChecks.sweeps(s))),
        RACES_LONG("closing under load, many repetitions", s -> RaceChecks.races(s, RaceChecks.LONG));

        final String label;
        private final Function<ConformanceSuite, List<DynamicNode>> checks;

        private static List<DynamicNode> both(List<DynamicNode> first, List<DynamicNode> second) {
            List<DynamicNode> all = new ArrayList<>(first);
            all.addAll(second);
            return all;
        }

        Group(String label, Function<ConformanceSuite, List<DynamicNode>> checks) {
            this.label = label;
            this.checks = checks;
        }
    }

    /**
     * Where every check comes from: the kit. Not the method that built the dynamic tests, so that
     * surefire reports each check by its own name ("loop › matmul 17×33·33×65 FLOAT32") rather than by
     * the chain of its containers' names.
     */
    static final URI SOURCE = URI.create("classpath:/org/vecnn/conformance/BackendConformanceKit.class");

    private final String label;
    private final BackendProvider provider;
    private Backend shared;

    ConformanceSuite(String label, BackendProvider provider) {
        this.label = label;
        this.provider = provider;
    }

    /** @return the backend's name, as the tests are prefixed */
    String label() {
        return label;
    }

    /** @return the instance most checks share; created on first use */
    synchronized Backend shared() {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    /** @return a new instance the caller must close */
    Backend create() {
        Backend backend = provider.create();
        if (backend == null) {
            fail(label + ": the provider's create() returned null");
        }
        return backend;
    }

    List<DynamicNode> group(Group group) {
        return group.checks.apply(this);
    }

    /** @return one container per group */
    List<DynamicNode> all() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Group g : Group.values()) {
            nodes.add(DynamicContainer.dynamicContainer(g.label, group(g)));
        }
        return nodes;
    }

    /**
     * A check named "{@code <backend> › <name>}". Matrices the body leaves open are closed by a
     * {@link MatrixScope} around it.
     */
    DynamicTest test(String name, Executable body) {
        return DynamicTest.dynamicTest(label + " › " + name, SOURCE, () -> {
            MatrixScope scope = MatrixScope.open();
            try {
                body.execute();
            } finally {
                scope.close();
            }
        });
    }

    /** A check for each precision, named "{@code <backend> › <name> <precision>}". */
    List<DynamicNode> forEachPrecision(String name, PrecisionCheck body) {
        List<DynamicNode> tests = new ArrayList<>();
        for (Precision p : PRECISIONS) {
            String what = name + " " + p;
            tests.add(test(what, () -> body.run(what, p)));
        }
        return tests;
    }

    @Override
    public synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** A check run once per precision. */
    @FunctionalInterface
    interface PrecisionCheck {
        /**
         * @param what the check's name with its precision, for messages
         * @param p the precision
         */
        void run(String what, Precision p) throws Throwable;
    }
}
