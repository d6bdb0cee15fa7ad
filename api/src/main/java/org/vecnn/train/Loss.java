package org.vecnn.train;

import java.util.Locale;
import org.vecnn.Activation;

/**
 * A loss over a batch of m rows with n outputs: L = (1/m) &Sigma;<sub>i</sub> &#8467;<sub>i</sub>, the mean of
 * the per-row losses &#8467;<sub>i</sub> below. Z is the output layer's pre-activation (the logits), A = g(Z)
 * its output and Y the targets, all m&times;n.
 */
public enum Loss {
    /**
     * &#8467;<sub>i</sub> = (1/n) &Sigma;<sub>j</sub> (a<sub>ij</sub> - y<sub>ij</sub>)<sup>2</sup>, on any output
     * activation; dL/dA = 2(A - Y)/(m&middot;n), then through g's derivative.
     */
    MEAN_SQUARED_ERROR(),
    /**
     * Binary cross-entropy on a {@link Activation#SIGMOID} output, targets in [0, 1]: &#8467;<sub>i</sub> =
     * &Sigma;<sub>j</sub> -(y log a + (1 - y) log(1 - a)), computed from the logits as max(z, 0) - z&middot;y +
     * log(1 + e<sup>-|z|</sup>), finite for every finite z; dL/dZ = (A - Y)/m.
     */
    BINARY_CROSS_ENTROPY(Activation.SIGMOID),
    /**
     * Categorical cross-entropy on a {@link Activation#SOFTMAX} or {@link Activation#LOG_SOFTMAX} output, each
     * target row a probability distribution (one-hot for labels). On softmax: &#8467;<sub>i</sub> =
     * &Sigma;<sub>j</sub> y<sub>ij</sub> (lse(z<sub>i</sub>) - z<sub>ij</sub>), with lse(z) = max(z) + log
     * &Sigma;<sub>k</sub> e<sup>z<sub>k</sub> - max(z)</sup> computed from the logits, finite for every finite z;
     * dL/dZ = (A - Y)/m. On log-softmax it is the negative log-likelihood of the log-probabilities A:
     * &#8467;<sub>i</sub> = -&Sigma;<sub>j</sub> y<sub>ij</sub> a<sub>ij</sub>, finite wherever A is; dL/dZ =
     * (e<sup>A</sup> - Y)/m, the softmax one, since e<sup>A</sup> = softmax(Z).
     */
    CATEGORICAL_CROSS_ENTROPY(Activation.SOFTMAX, Activation.LOG_SOFTMAX);

    private final Activation[] outputs;

    Loss(Activation... outputs) {
        this.outputs = outputs;
    }

    /**
     * @return the output activation this loss is made for ({@code SIGMOID} for binary, {@code SOFTMAX} for
     *     categorical cross-entropy, which also {@link #accepts accepts} {@code LOG_SOFTMAX}), or null when any
     *     activation will do
     */
    public Activation requiredActivation() {
        return outputs.length == 0 ? null : outputs[0];
    }

    /**
     * @param g an output layer's activation
     * @return true when this loss can train an output layer with activation g: every g for mean squared error,
     *     SIGMOID for binary, SOFTMAX or LOG_SOFTMAX for categorical cross-entropy
     */
    public boolean accepts(Activation g) {
        if (outputs.length == 0) {
            return true;
        }
        for (Activation output : outputs) {
            if (output.equals(g)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the output activations this loss {@link #accepts}, for messages: {@code "sigmoid"},
     *     {@code "softmax or log_softmax"}, or {@code "any"}
     */
    public String outputNames() {
        if (outputs.length == 0) {
            return "any";
        }
        StringBuilder names = new StringBuilder(outputs[0].label());
        for (int i = 1; i < outputs.length; i++) {
            names.append(" or ").append(outputs[i].label());
        }
        return names.toString();
    }

    /**
     * @return true when the gradient w.r.t. the logits is (A - Y)/m (for log-softmax (e<sup>A</sup> - Y)/m), the
     *     activation's derivative fused in
     */
    public boolean isFused() {
        return outputs.length > 0;
    }

    /**
     * Finds a loss by name, ignoring case: the constant names, or {@code mse}, {@code bce}, {@code cce} (also
     * {@code binary_crossentropy}, {@code categorical_crossentropy}, {@code cross_entropy}, hyphens or
     * underscores alike).
     *
     * @param name a name such as {@code "cce"}
     * @return the loss
     * @throws IllegalArgumentException when the name is null or unknown, listing the accepted names
     */
    public static Loss byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (key) {
            case "mse":
            case "mean_squared_error":
                return MEAN_SQUARED_ERROR;
            case "bce":
            case "binary_cross_entropy":
            case "binary_crossentropy":
                return BINARY_CROSS_ENTROPY;
            case "cce":
            case "cross_entropy":
            case "categorical_cross_entropy":
            case "categorical_crossentropy":
                return CATEGORICAL_CROSS_ENTROPY;
            default:
                throw new IllegalArgumentException("loss: unknown name '" + name
                        + "'; expected one of mse, bce, cce (mean_squared_error, binary_cross_entropy, "
                        + "categorical_cross_entropy)");
        }
    }

    /** @return the short name used on the command line: {@code mse}, {@code bce} or {@code cce} */
    public String label() {
        switch (this) {
            case MEAN_SQUARED_ERROR:
                return "mse";
            case BINARY_CROSS_ENTROPY:
                return "bce";
            default:
                return "cce";
        }
    }
}
