package org.vecnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An ordered stack of dense layers on one backend and precision: A<sub>out</sub> = layer<sub>n</sub>(&hellip;
 * layer<sub>1</sub>(A<sub>in</sub>)). Shapes are checked when the network is built, so a built network
 * accepts every batch&times;inputs() matrix.
 *
 * <p>The network owns its layers: closing it closes them. {@link #forward(Matrix)} is safe from several
 * threads at once; intermediate results are closed as soon as the next layer has consumed them. Closing the
 * network while other threads call {@code forward} is safe: each call either returns its correct result or
 * throws {@link IllegalStateException} (a layer it had not reached yet was closed), never a wrong number
 * (see {@link Backend}).
 */
public final class Network implements AutoCloseable {
    private final List<DenseLayer> layers;

    private Network(List<DenseLayer> layers) {
        this.layers = layers;
    }

    /**
     * Builds a network from layers, in order.
     *
     * @param layers at least one layer, all on one backend instance and of one precision, where each
     *     layer's units() equals the next one's inputs()
     * @return the network, owning the layers
     * @throws ShapeMismatchException when layer i's units differ from layer i+1's inputs; the message
     *     names {@code network} and both layers as inputs&rarr;units, e.g. {@code 2→3} and {@code 4→1}
     * @throws IllegalArgumentException when layers is null, there is no layer, a layer is null, or layers
     *     differ in backend or precision
     */
    public static Network of(DenseLayer... layers) {
        if (layers == null) {
            throw new IllegalArgumentException("network: layers is null");
        }
        // Arrays.asList, not List.of: List.of throws NullPointerException on a null layer, before the check below.
        return of(Arrays.asList(layers));
    }

    /**
     * Builds a network from a list of layers, in order; see {@link #of(DenseLayer...)}.
     *
     * @param layers the layers
     * @return the network, owning the layers
     */
    public static Network of(List<? extends DenseLayer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("network: needs at least one layer");
        }
        List<DenseLayer> copy = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer layer = layers.get(i);
            if (layer == null) {
                throw new IllegalArgumentException("network: layer " + i + " is null");
            }
            if (i > 0) {
                DenseLayer previous = copy.get(i - 1);
                if (layer.backend() != previous.backend()) {
                    throw new IllegalArgumentException("network: layer " + (i - 1) + " is on backend '"
                            + previous.backend().name() + "' but layer " + i + " is on backend '"
                            + layer.backend().name() + "'; build every layer on one backend instance");
                }
                if (layer.precision() != previous.precision()) {
                    throw new IllegalArgumentException("network: layer " + (i - 1) + " is "
                            + previous.precision() + " but layer " + i + " is " + layer.precision()
                            + "; build every layer in one precision");
                }
                if (previous.units() != layer.inputs()) {
                    throw new ShapeMismatchException("network: layer " + (i - 1) + " is "
                            + previous.inputs() + "→" + previous.units() + ", layer " + i + " is "
                            + layer.inputs() + "→" + layer.units() + ": layer " + (i - 1) + ".units ("
                            + previous.units() + ") must equal layer " + i + ".inputs (" + layer.inputs()
                            + ")");
                }
            }
            copy.add(layer);
        }
        return new Network(Collections.unmodifiableList(copy));
    }

    /** @return the layers, in order, as an unmodifiable list */
    public List<DenseLayer> layers() {
        return layers;
    }

    /** @return the number of inputs of the first layer */
    public int inputs() {
        return layers.get(0).inputs();
    }

    /** @return the number of units of the last layer */
    public int outputs() {
        return layers.get(layers.size() - 1).units();
    }

    /** @return the backend of every layer */
    public Backend backend() {
        return layers.get(0).backend();
    }

    /** @return the precision of every layer */
    public Precision precision() {
        return layers.get(0).precision();
    }

    /**
     * Runs a batch through every layer.
     *
     * @param input batch&times;inputs(), on this network's backend and precision
     * @return a new batch&times;outputs() matrix; the input is left open and unchanged
     * @throws ShapeMismatchException when input.cols() &ne; inputs()
     * @throws IllegalArgumentException when input is null, on another backend or of another precision
     * @throws IllegalStateException when the network or the input is closed
     */
    public Matrix forward(Matrix input) {
        Matrix current = layers.get(0).forward(input);
        for (int i = 1; i < layers.size(); i++) {
            try (Matrix previous = current) {
                current = layers.get(i).forward(previous);
            }
        }
        return current;
    }

    /**
     * Closes every layer, and so their weights; calls in flight complete or throw
     * {@link IllegalStateException}. Idempotent; never throws.
     */
    @Override
    public void close() {
        for (DenseLayer layer : layers) {
            layer.close();
        }
    }

    /** @return e.g. {@code Network[784→256 relu, 256→10 softmax] on loop FLOAT32} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Network[");
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer l = layers.get(i);
            s.append(i == 0 ? "" : ", ").append(l.inputs()).append('→').append(l.units()).append(' ')
                    .append(l.activation().label());
        }
        return s.append("] on ").append(backend().name()).append(' ').append(precision()).toString();
    }
}
