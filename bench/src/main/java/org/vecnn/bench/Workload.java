package org.vecnn.bench;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.vecnn.Activation;
import org.vecnn.Precision;

/**
 * One thing to measure: a kind of computation, its size and its precision, named by a short id such as
 * {@code gemm-1024-f32}, {@code seed-f64}, {@code dense-64-f32} or {@code network-256-f32}. The same ids are
 * used by the in-process harness, the JMH benchmarks ({@code -p cell=gemm-1024-f32@loop}) and the reports.
 *
 * @param kind what is computed
 * @param size n for {@link Kind#GEMM}, the batch for {@link Kind#DENSE} and {@link Kind#NETWORK}, 1 for
 *     {@link Kind#SEED}
 * @param precision the element type
 */
public record Workload(Kind kind, int size, Precision precision) {

    /** What a workload computes. */
    public enum Kind {
        /** Square matrix product C = A&middot;B, all n&times;n. */
        GEMM,
        /** The seed lecture's dense layer: X = [[200, 17]] (1&times;2), W 2&times;3, B 1&times;3, sigmoid. */
        SEED,
        /** A dense layer 784&rarr;256, sigmoid, for a batch of rows. */
        DENSE,
        /** A network 784&rarr;256&rarr;128&rarr;10 (relu, relu, softmax) for a batch of rows. */
        NETWORK,
        /**
         * One full training step of the {@link #NETWORK} network on a fixed batch: forward, categorical
         * cross-entropy on the softmax output with integer labels, backward, and an Adam update of every weight
         * and bias ({@link Workload#TRAINING}).
         */
        TRAIN;

        /** @return the lower-case name used in ids */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One dense layer of a layer workload.
     *
     * @param inputs rows of W
     * @param units columns of W
     * @param activation g
     */
    public record Layer(int inputs, int units, Activation activation) {
    }

    /**
     * The optimizer and loss of a {@link Kind#TRAIN} workload, passed as they are to every subject (the JVM's
     * trainer and {@code raw:torch}).
     *
     * @param loss the loss, {@code categorical_cross_entropy} (mean over the batch, from the logits)
     * @param optimizer the optimizer, {@code adam}
     * @param learningRate Adam's step size
     * @param beta1 the decay of the first-moment estimate
     * @param beta2 the decay of the second-moment estimate
     * @param epsilon the term added to the root of the second moment
     */
    public record Training(String loss, String optimizer, double learningRate, double beta1, double beta2,
            double epsilon) {
    }

    /** Adam with its usual defaults (step size 10<sup>-3</sup>), on categorical cross-entropy. */
    public static final Training TRAINING = new Training("categorical_cross_entropy", "adam", 1e-3, 0.9, 0.999,
            1e-8);

    private static final List<Layer> SEED_LAYERS = List.of(new Layer(2, 3, Activation.SIGMOID));
    private static final List<Layer> DENSE_LAYERS = List.of(new Layer(784, 256, Activation.SIGMOID));
    private static final List<Layer> NETWORK_LAYERS = List.of(
            new Layer(784, 256, Activation.RELU),
            new Layer(256, 128, Activation.RELU),
            new Layer(128, 10, Activation.SOFTMAX));

    /** Validates the components. */
    public Workload {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(precision, "precision");
        if (size < 1) {
            throw new IllegalArgumentException("workload: size must be at least 1, got " + size);
        }
        if (kind == Kind.SEED && size != 1) {
            throw new IllegalArgumentException("workload: the seed example has batch 1, got " + size);
        }
    }

    /**
     * @param n the order of the square matrices
     * @param precision the element type
     * @return the workload C = A&middot;B with A, B, C all n&times;n
     */
    public static Workload gemm(int n, Precision precision) {
        return new Workload(Kind.GEMM, n, precision);
    }

    /**
     * @param precision the element type
     * @return the seed lecture's 1&times;2 &rarr; 3 sigmoid layer
     */
    public static Workload seed(Precision precision) {
        return new Workload(Kind.SEED, 1, precision);
    }

    /**
     * @param batch rows of the input
     * @param precision the element type
     * @return the 784&rarr;256 sigmoid layer at that batch
     */
    public static Workload dense(int batch, Precision precision) {
        return new Workload(Kind.DENSE, batch, precision);
    }

    /**
     * @param batch rows of the input
     * @param precision the element type
     * @return the 784&rarr;256&rarr;128&rarr;10 network at that batch
     */
    public static Workload network(int batch, Precision precision) {
        return new Workload(Kind.NETWORK, batch, precision);
    }

    /**
     * @param batch rows of the fixed batch
     * @param precision the element type
     * @return one training step of the 784&rarr;256&rarr;128&rarr;10 network at that batch
     */
    public static Workload train(int batch, Precision precision) {
        return new Workload(Kind.TRAIN, batch, precision);
    }

    /**
     * Reads an id as written by {@link #id()}.
     *
     * @param id e.g. {@code gemm-512-f64}, {@code seed-f32}, {@code dense-1024-f32}, {@code network-256-f64},
     *     {@code train-128-f32}
     * @return the workload
     * @throws IllegalArgumentException when the id is malformed, naming the accepted forms
     */
    public static Workload parse(String id) {
        if (id == null) {
            throw new IllegalArgumentException("workload: id is null; " + FORMS);
        }
        String[] parts = id.trim().toLowerCase(Locale.ROOT).split("-");
        try {
            Precision precision = precisionOf(parts[parts.length - 1]);
            Kind kind = Kind.valueOf(parts[0].toUpperCase(Locale.ROOT));
            if (kind == Kind.SEED) {
                if (parts.length != 2) {
                    throw new IllegalArgumentException("seed takes no size");
                }
                return seed(precision);
            }
            if (parts.length != 3) {
                throw new IllegalArgumentException("expected kind-size-precision");
            }
            return new Workload(kind, Integer.parseInt(parts[1]), precision);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("workload: cannot read id '" + id + "' (" + e.getMessage() + "); "
                    + FORMS, e);
        }
    }

    private static final String FORMS = "expected gemm-<n>-<f32|f64>, seed-<f32|f64>, dense-<batch>-<f32|f64>, "
            + "network-<batch>-<f32|f64> or train-<batch>-<f32|f64>";

    private static Precision precisionOf(String s) {
        switch (s) {
            case "f32":
                return Precision.FLOAT32;
            case "f64":
                return Precision.FLOAT64;
            default:
                throw new IllegalArgumentException("unknown precision '" + s + "'");
        }
    }

    /** @return the short id, e.g. {@code gemm-1024-f32} or {@code seed-f64} */
    public String id() {
        String p = precision == Precision.FLOAT32 ? "f32" : "f64";
        return kind == Kind.SEED ? "seed-" + p : kind.label() + "-" + size + "-" + p;
    }

    /** @return a readable description, e.g. {@code dense 784→256 sigmoid, batch 64, FLOAT32} */
    public String description() {
        switch (kind) {
            case GEMM:
                return "GEMM " + size + "×" + size + "·" + size + "×" + size + " " + precision;
            case SEED:
                return "seed 1×2→3 sigmoid " + precision;
            case DENSE:
                return "dense 784→256 sigmoid, batch " + size + ", " + precision;
            case TRAIN:
                return "training step 784→256→128→10 (cross-entropy, Adam), batch " + size + ", " + precision;
            default:
                return "network 784→256→128→10, batch " + size + ", " + precision;
        }
    }

    /** @return the dense layers of a layer workload, in order; empty for GEMM */
    public List<Layer> layers() {
        switch (kind) {
            case SEED:
                return SEED_LAYERS;
            case DENSE:
                return DENSE_LAYERS;
            case NETWORK:
            case TRAIN:
                return NETWORK_LAYERS;
            default:
                return List.of();
        }
    }

    /** @return the rows of the input: the batch, n for GEMM */
    public int batch() {
        return size;
    }

    /**
     * The floating-point operations of the matrix products of one call, 2&middot;m&middot;k&middot;n each;
     * bias and activation are not counted, so GFLOPS of layers and of GEMM compare directly. A training step
     * counts the forward products, dW = A<sup>T</sup>&middot;dZ of every layer and dA = dZ&middot;W<sup>T</sup>
     * of every layer but the first (whose input needs no gradient).
     *
     * @return the operation count of one call
     */
    public double flops() {
        if (kind == Kind.GEMM) {
            return 2.0 * size * size * size;
        }
        double f = 0;
        for (Layer l : layers()) {
            f += 2.0 * size * l.inputs() * l.units();
        }
        if (kind == Kind.TRAIN) {
            Layer first = layers().get(0);
            return 3 * f - 2.0 * size * first.inputs() * first.units();
        }
        return f;
    }

    /** @return whether samples per second mean something here (layer workloads), not for GEMM */
    public boolean hasSamples() {
        return kind != Kind.GEMM;
    }

    @Override
    public String toString() {
        return id();
    }
}
