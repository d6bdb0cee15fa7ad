package org.vecnn.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import jakarta.inject.Inject;
import java.util.Arrays;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.MatrixScope;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.guice.BackendLifecycle;
import org.vecnn.guice.NetworkFactory;
import org.vecnn.guice.VecnnModule;

/**
 * A minimal host application that embeds vecnn with Guice: it injects the backend chosen by the selection
 * rules (or the one named as the first argument), builds a network from the injected
 * {@link NetworkFactory}, classifies a batch inside a {@link MatrixScope} and closes everything at
 * shutdown through {@link BackendLifecycle}.
 *
 * <pre>
 * mvn -q -pl examples -am install -DskipTests
 * mvn -q -pl examples exec:exec -Dexample.backend=loop
 * </pre>
 */
public final class GuiceHostExample {
    /** The seed lecture's layer: W is 2&times;3, B is 1&times;3, sigmoid. */
    static final double[][] WEIGHTS = {{1, -3, 5}, {-2, 4, -6}};
    static final double[] BIAS = {-1, 1, 2};
    /** Two requests of two features each; the first row is the lecture's x = [200, 17]. */
    static final float[][] BATCH = {{200, 17}, {-3, 4}};

    private GuiceHostExample() {
    }

    /** The host's own bindings: its network, built once from the injected factory. */
    static final class ClassifierModule extends AbstractModule {
        @Provides
        @Singleton
        Network classifier(NetworkFactory factory) {
            return factory.network(2, Precision.FLOAT32).layer(WEIGHTS, BIAS, Activation.SIGMOID).build();
        }
    }

    /** A request handler: a batch in, a batch out; every matrix it creates is closed before it returns. */
    static final class Classifier {
        private final Backend backend;
        private final Network network;

        @Inject
        Classifier(Backend backend, Network network) {
            this.backend = backend;
            this.network = network;
        }

        float[][] classify(float[][] batch) {
            try (MatrixScope scope = MatrixScope.open()) {
                Matrix out = network.forward(backend.matrix(batch));
                float[] flat = out.toFloatArray();
                float[][] rows = new float[out.rows()][];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = Arrays.copyOfRange(flat, r * out.cols(), (r + 1) * out.cols());
                }
                return rows;
            }
        }
    }

    /**
     * What one run of the host produced.
     *
     * @param backend the name of the backend that computed it
     * @param network the network, described
     * @param output batch&times;3 activations
     */
    public record Result(String backend, String network, float[][] output) {
    }

    /**
     * Starts the host, classifies {@link #BATCH} and shuts down.
     *
     * @param backendName a backend name, or null for the selection rules
     * @return what was computed
     * @throws com.google.inject.CreationException when the backend is absent or cannot run here
     */
    public static Result run(String backendName) {
        Injector injector = Guice.createInjector(
                backendName == null ? new VecnnModule() : VecnnModule.named(backendName),
                new ClassifierModule());
        try (BackendLifecycle lifecycle = injector.getInstance(BackendLifecycle.class)) {
            Classifier classifier = injector.getInstance(Classifier.class);
            Network network = injector.getInstance(Network.class);
            return new Result(lifecycle.chosen().name(), network.toString(), classifier.classify(BATCH));
        }
    }

    /**
     * Runs the host and prints the backend and one line per input row.
     *
     * @param args an optional backend name, e.g. {@code loop}
     */
    public static void main(String[] args) {
        Result result = run(args.length > 0 ? args[0] : null);
        System.out.println(result.network());
        for (int r = 0; r < BATCH.length; r++) {
            System.out.println(Arrays.toString(BATCH[r]) + " -> " + Arrays.toString(result.output()[r]));
        }
    }
}
