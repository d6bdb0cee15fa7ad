package org.vecnn.model;

import java.util.Arrays;
import java.util.Objects;
import org.vecnn.Activation;

/**
 * The host-side description of one dense layer: its shape, activation, weights W (inputs&times;units,
 * row-major) and bias B (units), as doubles. Float32 values are held widened, which is exact.
 * Immutable: the constructor and accessors copy the arrays.
 */
public final class LayerWeights {
    private final int inputs;
    private final int units;
    private final Activation activation;
    private final double[] weights;
    private final double[] bias;

    /**
     * @param inputs the rows of W, &ge; 1
     * @param units the columns of W and the length of B, &ge; 1
     * @param activation g
     * @param weights W, row-major, inputs&middot;units elements; element (i, j) at i&middot;units + j
     * @param bias B, units elements
     * @throws IllegalArgumentException when a size is below 1 or an array's length does not match
     */
    public LayerWeights(int inputs, int units, Activation activation, double[] weights, double[] bias) {
        if (inputs < 1 || units < 1) {
            throw new IllegalArgumentException("layer: a dense layer is at least 1→1, got " + inputs + "→" + units);
        }
        Objects.requireNonNull(activation, "layer: activation is null");
        Objects.requireNonNull(weights, "layer: weights is null");
        Objects.requireNonNull(bias, "layer: bias is null");
        if ((long) inputs * units != weights.length) {
            throw new IllegalArgumentException("layer: W is " + inputs + "×" + units + " but has " + weights.length
                    + " elements");
        }
        if (bias.length != units) {
            throw new IllegalArgumentException("layer: B has " + bias.length + " elements but the layer has "
                    + units + " units");
        }
        this.inputs = inputs;
        this.units = units;
        this.activation = activation;
        this.weights = weights.clone();
        this.bias = bias.clone();
    }

    /** @return the number of inputs, the rows of W */
    public int inputs() {
        return inputs;
    }

    /** @return the number of units, the columns of W */
    public int units() {
        return units;
    }

    /** @return the activation g */
    public Activation activation() {
        return activation;
    }

    /** @return a copy of W, row-major inputs&times;units */
    public double[] weights() {
        return weights.clone();
    }

    /** @return a copy of B, units elements */
    public double[] bias() {
        return bias.clone();
    }

    double[] weightsNoCopy() {
        return weights;
    }

    double[] biasNoCopy() {
        return bias;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LayerWeights)) {
            return false;
        }
        LayerWeights l = (LayerWeights) o;
        return inputs == l.inputs && units == l.units && activation.equals(l.activation)
                && Arrays.equals(weights, l.weights) && Arrays.equals(bias, l.bias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputs, units, activation, Arrays.hashCode(weights), Arrays.hashCode(bias));
    }

    /** @return e.g. {@code 64→32 relu} */
    @Override
    public String toString() {
        return inputs + "→" + units + " " + activation.label();
    }
}
