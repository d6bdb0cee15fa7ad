package org.vecnn;

import java.util.Locale;
import org.vecnn.spi.DoubleActivations;

/**
 * The activation function g of a dense layer, applied to Z = A<sub>in</sub>&middot;W + B: a {@link Kind} and, for
 * {@link Kind#LEAKY_RELU}, its slope &alpha; on negative inputs. Instances are immutable values.
 *
 * <p>All but {@link #SOFTMAX} and {@link #LOG_SOFTMAX} act element by element; those two act on each row of a
 * matrix as a whole. Every function propagates NaN, and every one stays finite and exact in the limit for large
 * |z| (sigmoid(+&infin;) = 1, sigmoid(-&infin;) = 0, softmax and log-softmax of a row with entries of 1000 or
 * more).
 *
 * <p>The activations without a parameter are single instances, so {@code g == Activation.RELU} is a valid
 * test; a leaky ReLU is compared with {@link #equals} or through {@link #kind()}.
 */
public final class Activation {

    /** The function's family; backends dispatch on it. */
    public enum Kind {
        /** g(z) = z. */
        LINEAR,
        /** g(z) = 1 / (1 + e<sup>-z</sup>). */
        SIGMOID,
        /** g(z) = max(0, z). */
        RELU,
        /** g(z) = z &lt; 0 ? &alpha;z : z. */
        LEAKY_RELU,
        /** g(z) = tanh(z). */
        TANH,
        /** Row-wise g(z)<sub>j</sub> = e<sup>z<sub>j</sub></sup> / &Sigma;<sub>k</sub> e<sup>z<sub>k</sub></sup>. */
        SOFTMAX,
        /** Row-wise g(z)<sub>j</sub> = z<sub>j</sub> - log &Sigma;<sub>k</sub> e<sup>z<sub>k</sub></sup>. */
        LOG_SOFTMAX
    }

    /** The slope of {@link #LEAKY_RELU}, and of {@code leakyRelu} without one: PyTorch's and ONNX's default. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;

    /** g(z) = z. */
    public static final Activation LINEAR = new Activation(Kind.LINEAR, 0);
    /** g(z) = 1 / (1 + e<sup>-z</sup>), evaluated without overflow for every z. */
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0);
    /** g(z) = max(0, z): z &lt; 0 ? 0 : z, so NaN stays NaN and -0.0 stays -0.0. */
    public static final Activation RELU = new Activation(Kind.RELU, 0);
    /** g(z) = z &lt; 0 ? 0.01&middot;z : z, the leaky ReLU with {@link #DEFAULT_LEAKY_SLOPE}; see {@link #leakyRelu}. */
    public static final Activation LEAKY_RELU = new Activation(Kind.LEAKY_RELU, DEFAULT_LEAKY_SLOPE);
    /** g(z) = tanh(z). */
    public static final Activation TANH = new Activation(Kind.TANH, 0);
    /** Row-wise g(z)<sub>j</sub> = e<sup>z<sub>j</sub> - max(z)</sup> / &Sigma;<sub>k</sub> e<sup>z<sub>k</sub> - max(z)</sup>. */
    public static final Activation SOFTMAX = new Activation(Kind.SOFTMAX, 0);
    /**
     * Row-wise g(z)<sub>j</sub> = z<sub>j</sub> - max(z) - log &Sigma;<sub>k</sub> e<sup>z<sub>k</sub> - max(z)</sup>,
     * the logarithm of {@link #SOFTMAX} without its underflow: finite wherever z is, unless z<sub>j</sub> -
     * max(z) itself is beyond the element type's range (it then rounds to -&infin;).
     */
    public static final Activation LOG_SOFTMAX = new Activation(Kind.LOG_SOFTMAX, 0);

    private static final Activation[] VALUES = {LINEAR, SIGMOID, RELU, LEAKY_RELU, TANH, SOFTMAX, LOG_SOFTMAX};
    private static final String NAMES = "linear, sigmoid, relu, leaky_relu, leaky_relu(alpha), tanh, softmax, "
            + "log_softmax (or identity, logistic)";

    private final Kind kind;
    private final double alpha;

    private Activation(Kind kind, double alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    /**
     * The leaky ReLU with slope &alpha; on negative inputs: g(z) = z &lt; 0 ? &alpha;&middot;z : z, the product
     * rounded once to the element type. &alpha; = 0 gives -0.0 for negative z, where {@link #RELU} gives 0.
     *
     * @param alpha the slope, finite; negative slopes are valid for inference (training needs &alpha; &ge; 0,
     *     since it takes the derivative from the output)
     * @return the activation, equal to {@link #LEAKY_RELU} when alpha is {@link #DEFAULT_LEAKY_SLOPE}
     * @throws IllegalArgumentException when alpha is NaN or infinite
     */
    public static Activation leakyRelu(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("activation: leaky_relu slope must be finite, got " + alpha);
        }
        return Double.compare(alpha, DEFAULT_LEAKY_SLOPE) == 0 ? LEAKY_RELU : new Activation(Kind.LEAKY_RELU, alpha);
    }

    /**
     * One activation of each kind, in {@link Kind} order, the leaky ReLU with its default slope.
     *
     * @return a new array
     */
    public static Activation[] values() {
        return VALUES.clone();
    }

    /** @return the function's family */
    public Kind kind() {
        return kind;
    }

    /** @return the slope on negative inputs of a {@link Kind#LEAKY_RELU}; 0 for every other kind */
    public double alpha() {
        return alpha;
    }

    /** @return true when the function needs a whole row (SOFTMAX, LOG_SOFTMAX), false when it acts element by element */
    public boolean isRowWise() {
        return kind == Kind.SOFTMAX || kind == Kind.LOG_SOFTMAX;
    }

    /**
     * Evaluates an element-wise activation on one value, in double precision, with the formulas of
     * {@link DoubleActivations} that the Java backends use.
     *
     * @param z the pre-activation value
     * @return g(z)
     * @throws UnsupportedOperationException for SOFTMAX and LOG_SOFTMAX, which are defined on a row, not a value
     */
    public double apply(double z) {
        switch (kind) {
            case LINEAR:
                return z;
            case SIGMOID:
                return DoubleActivations.sigmoid(z);
            case RELU:
                return DoubleActivations.relu(z);
            case LEAKY_RELU:
                return DoubleActivations.leakyRelu(z, alpha);
            case TANH:
                return DoubleActivations.tanh(z);
            default:
                throw new UnsupportedOperationException(
                        label() + " is row-wise: apply it to a matrix, not to one value");
        }
    }

    /**
     * Finds an activation by its usual name, ignoring case and surrounding blanks: the {@link #label() labels}
     * ({@code "relu"}, {@code "leaky_relu"}, {@code "leaky_relu(0.2)"}, {@code "log_softmax"}), the synonyms
     * {@code identity} (LINEAR) and {@code logistic} (SIGMOID) of scikit-learn, and {@code leakyrelu} and
     * {@code logsoftmax} as ONNX spells them.
     *
     * @param name a name such as {@code "relu"}
     * @return the activation
     * @throws IllegalArgumentException when the name is unknown or its slope is not a finite number, listing the
     *     accepted names
     */
    public static Activation byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("activation: name is null; expected one of " + NAMES);
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        int open = n.indexOf('(');
        if (open > 0 && n.endsWith(")")) {
            String head = n.substring(0, open).trim();
            if (head.equals("leaky_relu") || head.equals("leakyrelu")) {
                String slope = n.substring(open + 1, n.length() - 1).trim();
                if (slope.startsWith("alpha=")) {
                    slope = slope.substring("alpha=".length()).trim();
                }
                try {
                    return leakyRelu(Double.parseDouble(slope));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("activation: '" + name + "' has no valid slope; expected "
                            + "leaky_relu(alpha) with a finite number, e.g. leaky_relu(0.2)");
                }
            }
        }
        switch (n) {
            case "linear":
            case "identity":
                return LINEAR;
            case "sigmoid":
            case "logistic":
                return SIGMOID;
            case "relu":
                return RELU;
            case "leaky_relu":
            case "leakyrelu":
                return LEAKY_RELU;
            case "tanh":
                return TANH;
            case "softmax":
                return SOFTMAX;
            case "log_softmax":
            case "logsoftmax":
                return LOG_SOFTMAX;
            default:
                throw new IllegalArgumentException("activation: unknown name '" + name + "'; expected one of "
                        + NAMES);
        }
    }

    /**
     * The name used in files and on the command line, which {@link #byName} reads back to an equal activation:
     * the lower-case kind, e.g. {@code "relu"}, and for a leaky ReLU of another than the default slope the slope
     * in parentheses, exactly as {@link Double#toString(double)} writes it, e.g. {@code "leaky_relu(0.2)"}.
     *
     * @return the label
     */
    public String label() {
        String base = kind.name().toLowerCase(Locale.ROOT);
        return kind == Kind.LEAKY_RELU && Double.compare(alpha, DEFAULT_LEAKY_SLOPE) != 0
                ? base + "(" + alpha + ")" : base;
    }

    /**
     * @return the kind's constant name, e.g. {@code "LEAKY_RELU"}, as the enum this class replaced gave it; the
     *     slope is in {@link #label()}
     */
    public String name() {
        return kind.name();
    }

    /**
     * @param o another object
     * @return true for an activation of the same kind and, for leaky ReLUs, the same slope (compared as
     *     {@link Double#compare} does)
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Activation && ((Activation) o).kind == kind
                && Double.compare(((Activation) o).alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(alpha);
    }

    /** @return the {@link #label()} in upper case, e.g. {@code "RELU"} or {@code "LEAKY_RELU(0.2)"} */
    @Override
    public String toString() {
        return label().toUpperCase(Locale.ROOT);
    }
}
