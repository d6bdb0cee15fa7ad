package org.vecnn.guice;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.ShapeMismatchException;

/**
 * Builds dense layers and networks on one backend from plain arrays or from shapes. {@link VecnnModule}
 * binds one for the injected {@link Backend}; for another backend, e.g. one from the backend map, use
 * {@code new NetworkFactory(backend)}.
 *
 * <pre>{@code
 * Network net = factory.network(2, Precision.FLOAT32)
 *         .layer(new double[][] {{1, -3, 5}, {-2, 4, -6}}, new double[] {-1, 1, 2}, Activation.SIGMOID)
 *         .layer(3, Activation.SOFTMAX, 42L)                  // 3→3, seeded Glorot-uniform weights
 *         .build();
 * }</pre>
 *
 * <p>Layers and networks belong to the caller, who closes them (closing the backend closes them too).
 */
public final class NetworkFactory {
    private final Backend backend;

    /**
     * @param backend the backend that will hold the weights and compute the layers
     * @throws IllegalArgumentException when backend is null
     */
    public NetworkFactory(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("NetworkFactory: backend is null");
        }
        this.backend = backend;
    }

    /** @return the backend this factory builds on */
    public Backend backend() {
        return backend;
    }

    /**
     * Creates a dense layer g(A<sub>in</sub>&middot;W + B).
     *
     * @param weights W as rows: inputs&times;units, {@code weights[i][j]} connecting input i to unit j
     * @param bias B, one value per unit
     * @param activation g
     * @param precision the precision of W and B
     * @return a new layer owning its weights
     * @throws ShapeMismatchException when bias.length differs from the units (W's row length)
     * @throws IllegalArgumentException when an argument is null, or W is empty or ragged
     * @throws IllegalStateException when the backend is closed
     */
    public DenseLayer dense(double[][] weights, double[] bias, Activation activation, Precision precision) {
        if (bias == null) {
            throw new IllegalArgumentException("dense: bias is null");
        }
        if (activation == null) {
            throw new IllegalArgumentException("dense: activation is null");
        }
        Matrix w = backend.matrix(weights, precision);
        if (bias.length != w.cols()) {
            w.close();
            throw new ShapeMismatchException("dense: W is " + w.rows() + "×" + w.cols() + ", bias has "
                    + bias.length + " values: it needs one per unit (" + w.cols() + ")");
        }
        Matrix b = null;
        try {
            b = backend.matrix(1, bias.length, bias, precision);
            return backend.dense(w, b, activation);
        } catch (RuntimeException | Error e) {
            w.close();
            if (b != null) {
                b.close();
            }
            throw e;
        }
    }

    /**
     * Starts a network of a given input width and precision; layers are created by {@link Builder#build()}.
     *
     * @param inputs the columns of every input batch, &ge; 1
     * @param precision the precision of every layer
     * @return a new builder
     * @throws IllegalArgumentException when inputs &lt; 1 or precision is null
     */
    public Builder network(int inputs, Precision precision) {
        if (inputs < 1) {
            throw new IllegalArgumentException("network: inputs is " + inputs + "; it must be at least 1");
        }
        if (precision == null) {
            throw new IllegalArgumentException("network: precision is null");
        }
        return new Builder(inputs, precision);
    }

    /**
     * Describes a network layer by layer; each layer's inputs are the previous layer's units. Nothing is
     * allocated until {@link #build()}, so an abandoned builder holds no memory. Not thread-safe.
     */
    public final class Builder {
        private final Precision precision;
        private final List<double[][]> weights = new ArrayList<>();
        private final List<double[]> biases = new ArrayList<>();
        private final List<Activation> activations = new ArrayList<>();
        private int width;

        private Builder(int inputs, Precision precision) {
            this.width = inputs;
            this.precision = precision;
        }

        /**
         * Adds a layer with given weights; the arrays are copied.
         *
         * @param w W as rows: width&times;units, width being the previous layer's units (or the inputs)
         * @param b B, one value per unit
         * @param activation g
         * @return this builder
         * @throws ShapeMismatchException when W has not one row per input of the layer
         * @throws IllegalArgumentException when an argument is null, W is empty or ragged
         */
        public Builder layer(double[][] w, double[] b, Activation activation) {
            int layer = activations.size();
            if (w == null || b == null || activation == null) {
                throw new IllegalArgumentException("network: layer " + layer + ": "
                        + (w == null ? "weights" : b == null ? "bias" : "activation") + " is null");
            }
            if (w.length != width) {
                throw new ShapeMismatchException("network: layer " + layer + " has W with " + w.length
                        + " rows, but its inputs are " + width + " wide (the "
                        + (layer == 0 ? "network's inputs" : "units of layer " + (layer - 1)) + ")");
            }
            double[][] copy = new double[w.length][];
            for (int r = 0; r < w.length; r++) {
                if (w[r] == null || w[r].length == 0 || w[r].length != w[0].length) {
                    throw new IllegalArgumentException("network: layer " + layer + ": row " + r + " of W is "
                            + (w[r] == null ? "null" : "of length " + w[r].length) + ", row 0 of length "
                            + (w[0] == null ? "null" : w[0].length));
                }
                copy[r] = w[r].clone();
            }
            weights.add(copy);
            biases.add(b.clone());
            activations.add(activation);
            width = copy[0].length;
            return this;
        }

        /**
         * Adds a layer of a given width with seeded Glorot-uniform weights, W<sub>ij</sub> drawn from
         * U(&minus;&radic;(6/(in+out)), &radic;(6/(in+out))), and a zero bias.
         *
         * @param units the layer's units, &ge; 1
         * @param activation g
         * @param seed the seed of the weights
         * @return this builder
         * @throws IllegalArgumentException when units &lt; 1 or activation is null
         */
        public Builder layer(int units, Activation activation, long seed) {
            if (units < 1) {
                throw new IllegalArgumentException("network: layer " + activations.size() + ": units is "
                        + units + "; it must be at least 1");
            }
            SplittableRandom random = new SplittableRandom(seed);
            double limit = Math.sqrt(6.0 / (width + units));
            double[][] w = new double[width][units];
            for (double[] row : w) {
                for (int j = 0; j < units; j++) {
                    row[j] = random.nextDouble(-limit, limit);
                }
            }
            return layer(w, new double[units], activation);
        }

        /**
         * Creates the layers on the factory's backend and stacks them.
         *
         * @return a new network owning its layers
         * @throws IllegalStateException when no layer was added or the backend is closed
         * @throws ShapeMismatchException when a bias has not one value per unit
         */
        public Network build() {
            if (activations.isEmpty()) {
                throw new IllegalStateException("network: add at least one layer before build()");
            }
            List<DenseLayer> layers = new ArrayList<>(activations.size());
            try {
                for (int i = 0; i < activations.size(); i++) {
                    layers.add(dense(weights.get(i), biases.get(i), activations.get(i), precision));
                }
                return Network.of(layers);
            } catch (RuntimeException | Error e) {
                layers.forEach(DenseLayer::close);
                throw e;
            }
        }
    }
}
