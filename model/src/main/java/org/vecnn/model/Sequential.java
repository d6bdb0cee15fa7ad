package org.vecnn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Network;
import org.vecnn.Precision;

/**
 * A network architecture in the shape Keras users know: an input size, then dense layers of some units
 * and an activation. Immutable: each call returns a new builder.
 *
 * <pre>{@code
 * Sequential arch = Sequential.input(64).dense(32, Activation.RELU).dense(10, Activation.SOFTMAX);
 * Model model = arch.initialize(42);                         // host-side weights, seeded
 * try (Network net = model.build(backend, Precision.FLOAT32)) { ... }
 * }</pre>
 *
 * <p><b>Initialization</b>, by {@link #initialize(long)}: biases are zero; weights are drawn layer by layer,
 * W row-major, from one SplitMix64 stream seeded with the seed (the generator of
 * {@link java.util.SplittableRandom}, written out here so that its values can never change): u = (next64()
 * &gt;&gt;&gt; 11)&middot;2<sup>-53</sup> in [0, 1), w = limit&middot;(2u - 1), uniform in [-limit, limit), where
 * <ul>
 * <li>RELU and LEAKY_RELU (any slope): He uniform, limit = &radic;(6 / inputs);</li>
 * <li>SIGMOID, TANH, SOFTMAX, LOG_SOFTMAX, LINEAR: Glorot (Xavier) uniform, limit = &radic;(6 / (inputs +
 * units)).</li>
 * </ul>
 * The values are computed in double with correctly rounded operations only, so they are bitwise the same
 * on every JVM; a FLOAT32 network gets each value rounded to the nearest float, on every backend alike.
 */
public final class Sequential {
    private final int inputs;
    private final List<int[]> shapes;
    private final List<Activation> activations;

    private Sequential(int inputs, List<int[]> shapes, List<Activation> activations) {
        this.inputs = inputs;
        this.shapes = shapes;
        this.activations = activations;
    }

    /**
     * Starts an architecture.
     *
     * @param inputs the number of input features, &ge; 1
     * @return a builder with no layer yet
     * @throws IllegalArgumentException when inputs &lt; 1
     */
    public static Sequential input(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("sequential: inputs must be at least 1, got " + inputs);
        }
        return new Sequential(inputs, List.of(), List.of());
    }

    /**
     * Appends a dense layer.
     *
     * @param units the number of units, &ge; 1
     * @param activation g
     * @return a new builder with the layer appended
     * @throws IllegalArgumentException when units &lt; 1 or activation is null
     */
    public Sequential dense(int units, Activation activation) {
        if (units < 1) {
            throw new IllegalArgumentException("sequential: layer " + shapes.size() + " needs at least 1 unit, got "
                    + units);
        }
        if (activation == null) {
            throw new IllegalArgumentException("sequential: layer " + shapes.size() + " has no activation");
        }
        int in = shapes.isEmpty() ? inputs : shapes.get(shapes.size() - 1)[1];
        if ((long) in * units > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequential: layer " + shapes.size() + " " + in + "→" + units
                    + " has more weights than one matrix can hold");
        }
        List<int[]> s = new ArrayList<>(shapes);
        s.add(new int[] {in, units});
        List<Activation> a = new ArrayList<>(activations);
        a.add(activation);
        return new Sequential(inputs, Collections.unmodifiableList(s), Collections.unmodifiableList(a));
    }

    /**
     * Appends a dense layer, the activation given by name as in Keras ({@code "relu"}, {@code "softmax"}, ...).
     *
     * @param units the number of units, &ge; 1
     * @param activation a name accepted by {@link Activation#byName(String)}
     * @return a new builder with the layer appended
     * @throws IllegalArgumentException when units &lt; 1 or the name is unknown
     */
    public Sequential dense(int units, String activation) {
        return dense(units, Activation.byName(activation));
    }

    /** @return the number of input features */
    public int inputs() {
        return inputs;
    }

    /**
     * Draws initial weights as the class comment describes.
     *
     * @param seed the generator's seed; equal seeds give bitwise equal models
     * @return a model of precision FLOAT64 holding the drawn values
     * @throws IllegalStateException when no layer was added
     */
    public Model initialize(long seed) {
        if (shapes.isEmpty()) {
            throw new IllegalStateException("sequential: add at least one dense layer before initializing");
        }
        SplitMix64 random = new SplitMix64(seed);
        List<LayerWeights> layers = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            int in = shapes.get(i)[0];
            int units = shapes.get(i)[1];
            Activation g = activations.get(i);
            boolean he = g.kind() == Activation.Kind.RELU || g.kind() == Activation.Kind.LEAKY_RELU;
            double limit = he ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / ((double) in + units));
            double[] w = new double[in * units];
            for (int k = 0; k < w.length; k++) {
                w[k] = limit * (2.0 * random.nextUnit() - 1.0);
            }
            layers.add(new LayerWeights(in, units, g, w, new double[units]));
        }
        return Model.of(Precision.FLOAT64, layers);
    }

    /**
     * Initializes with a seed and builds on a backend: {@code initialize(seed).build(backend, precision)}.
     *
     * @param backend an open backend
     * @param precision the network's precision
     * @param seed the generator's seed
     * @return a new network, owned by the caller
     */
    public Network build(Backend backend, Precision precision, long seed) {
        Objects.requireNonNull(backend, "sequential.build: backend is null");
        return initialize(seed).build(backend, precision);
    }

    /** @return e.g. {@code Sequential[input 64, 64→32 relu, 32→10 softmax]} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Sequential[input ").append(inputs);
        for (int i = 0; i < shapes.size(); i++) {
            s.append(", ").append(shapes.get(i)[0]).append('→').append(shapes.get(i)[1]).append(' ')
                    .append(activations.get(i).label());
        }
        return s.append(']').toString();
    }

    /** Steele, Lea and Flood's SplitMix64, as in java.util.SplittableRandom(seed). */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = state += 0x9e3779b97f4a7c15L;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        double nextUnit() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }
    }
}
