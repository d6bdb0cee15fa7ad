package org.vecnn;

import org.vecnn.spi.DoubleActivations;

/**
 * The activation function g of a dense layer, applied to Z = A<sub>in</sub>&middot;W + B.
 *
 * <p>All but {@link #SOFTMAX} act element by element; SOFTMAX acts on each row of a matrix as a whole.
 * Every function propagates NaN, and every one stays finite and exact in the limit for large |z|
 * (sigmoid(+&infin;) = 1, sigmoid(-&infin;) = 0, softmax of a row with entries of 1000 or more).
 */
public enum Activation {
    /** g(z) = z. */
    LINEAR,
    /** g(z) = 1 / (1 + e<sup>-z</sup>), evaluated without overflow for every z. */
    SIGMOID,
    /** g(z) = max(0, z): z &lt; 0 ? 0 : z, so NaN stays NaN and -0.0 stays -0.0. */
    RELU,
    /** g(z) = tanh(z). */
    TANH,
    /** Row-wise g(z)<sub>j</sub> = e<sup>z<sub>j</sub> - max(z)</sup> / &Sigma;<sub>k</sub> e<sup>z<sub>k</sub> - max(z)</sup>. */
    SOFTMAX;

    /** @return true when the function needs a whole row (SOFTMAX), false when it acts element by element */
    public boolean isRowWise() {
        return this == SOFTMAX;
    }

    /**
     * Evaluates an element-wise activation on one value, in double precision, with the formulas of
     * {@link DoubleActivations} that the Java backends use.
     *
     * @param z the pre-activation value
     * @return g(z)
     * @throws UnsupportedOperationException for {@link #SOFTMAX}, which is defined on a row, not a value
     */
    public double apply(double z) {
        switch (this) {
            case LINEAR:
                return z;
            case SIGMOID:
                return DoubleActivations.sigmoid(z);
            case RELU:
                return DoubleActivations.relu(z);
            case TANH:
                return DoubleActivations.tanh(z);
            default:
                throw new UnsupportedOperationException(
                        "SOFTMAX is row-wise: apply it to a matrix, not to one value");
        }
    }

    /**
     * Finds an activation by its usual name, ignoring case: the constant names, and scikit-learn's
     * synonyms {@code identity} (LINEAR) and {@code logistic} (SIGMOID).
     *
     * @param name a name such as {@code "relu"}
     * @return the activation
     * @throws IllegalArgumentException when the name is unknown, listing the accepted names
     */
    public static Activation byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("activation: name is null; expected one of "
                    + "linear, sigmoid, relu, tanh, softmax (or identity, logistic)");
        }
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "linear":
            case "identity":
                return LINEAR;
            case "sigmoid":
            case "logistic":
                return SIGMOID;
            case "relu":
                return RELU;
            case "tanh":
                return TANH;
            case "softmax":
                return SOFTMAX;
            default:
                throw new IllegalArgumentException("activation: unknown name '" + name
                        + "'; expected one of linear, sigmoid, relu, tanh, softmax (or identity, logistic)");
        }
    }

    /** @return the lower-case name used in files and on the command line, e.g. {@code "relu"} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
