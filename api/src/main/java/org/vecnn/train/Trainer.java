package org.vecnn.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.spi.TrainingKernels;

/**
 * Trains a stack of dense layers on one backend by mini-batch gradient descent. Built with
 * {@link #builder(Backend)}:
 * <pre>{@code
 * try (Trainer trainer = Trainer.builder(backend)
 *         .layer(32, Activation.RELU).layer(10, Activation.SOFTMAX)
 *         .loss(Loss.CATEGORICAL_CROSS_ENTROPY).optimizer(Optimizer.adam(1e-3))
 *         .batchSize(32).epochs(20).seed(42).validationSplit(0.1).earlyStopping(3)
 *         .build()) {
 *     TrainingHistory history = trainer.fit(Dataset.ofLabels(features, labels));
 *     try (Network network = trainer.network()) { ... }
 * }
 * }</pre>
 *
 * <p><b>Where things live.</b> The weights, their gradients and the optimizer's states are matrices on the
 * backend, created once; a step uploads the batch and reads back two scalars (the loss and the count of rows
 * right). The work runs through the backend's {@link TrainingKernels} ({@link #kernelsPath()} says which).
 * The trainer owns those matrices: {@link #close()} frees them. {@link #network()} returns a copy as an
 * ordinary {@link Network}.
 *
 * <p><b>A step</b> on a batch X, Y of m rows: the forward pass through every layer, the loss L and
 * dZ = dL/dZ of the output layer ({@link TrainingKernels#loss}), then for each layer from the last: dW =
 * A<sub>in</sub><sup>T</sup>&middot;dZ, dB = column sums of dZ, dA<sub>in</sub> = dZ&middot;W<sup>T</sup> and the previous
 * layer's dZ through its activation; then every parameter is updated by the optimizer with the epoch's
 * learning rate.
 *
 * <p><b>Determinism.</b> Initial weights (for layers given by {@link Builder#layer}) are drawn from the seed:
 * biases 0, W row-major from a SplitMix64 stream seeded with the seed, u = (next &gt;&gt;&gt; 11)&middot;2<sup>-53</sup>,
 * w = limit&middot;(2u - 1) with limit = &radic;(6/inputs) for RELU and LEAKY_RELU (He) and
 * &radic;(6/(inputs + units)) otherwise (Glorot), the values of {@code Sequential.initialize(seed)} in the model module. Each epoch shuffles the rows
 * with Fisher-Yates from a second SplitMix64 stream seeded with the bitwise complement of the seed. The same
 * seed, data, backend, precision and thread count give bitwise the same weights.
 *
 * <p><b>Failures.</b> Data that does not fit the network (feature count, labels, targets) is refused before
 * any step with an {@link IllegalArgumentException} naming the row. A batch whose loss is NaN or infinite
 * stops training with a {@link TrainingDivergedException} naming the epoch and batch; the trainer then holds
 * the weights of the start of that epoch.
 *
 * <p>A trainer is used by one thread at a time.
 */
public final class Trainer implements AutoCloseable {
    private final Backend backend;
    private final Precision precision;
    private final TrainingKernels kernels;
    private final List<int[]> shapes = new ArrayList<>();
    private final List<Activation> activations;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final Dataset validation;
    private final double validationSplit;
    private final int patience;
    private final List<TrainingListener> listeners;

    private Matrix[] weights;
    private Matrix[] biases;
    private Matrix[] weightGrads;
    private Matrix[] biasGrads;
    private Matrix[][] weightStates;
    private Matrix[][] biasStates;
    private final Map<Integer, Pass> passes = new HashMap<>();
    private long steps;
    private long shuffleState;
    private boolean closed;

    private Trainer(Builder b) {
        this.backend = b.backend;
        this.precision = b.start != null ? b.start.precision() : b.precision;
        this.kernels = TrainingKernels.of(b.backend);
        this.activations = new ArrayList<>();
        if (b.start != null) {
            for (DenseLayer layer : b.start.layers()) {
                shapes.add(new int[] {layer.inputs(), layer.units()});
                activations.add(layer.activation());
            }
        } else {
            for (int i = 0; i < b.units.size(); i++) {
                shapes.add(new int[] {0, b.units.get(i)});
                activations.add(b.activations.get(i));
            }
        }
        Activation last = activations.get(activations.size() - 1);
        this.loss = b.loss != null ? b.loss : defaultLoss(last);
        if (!loss.accepts(last)) {
            throw new IllegalArgumentException("trainer: the loss " + loss.label() + " needs a "
                    + loss.outputNames() + " output layer, but the last layer is " + last.label());
        }
        for (int l = 0; l < activations.size(); l++) {
            Activation g = activations.get(l);
            if (g.kind() == Activation.Kind.LEAKY_RELU && g.alpha() < 0) {
                throw new IllegalArgumentException("trainer: layer " + l + " is " + g.label() + ", a leaky ReLU "
                        + "with negative slope " + g.alpha() + "; training takes its derivative from the output, "
                        + "which needs a slope >= 0");
            }
        }
        if (b.patience > 0 && b.validation == null && b.validationSplit == 0) {
            throw new IllegalArgumentException("trainer: earlyStopping needs a validation set or split");
        }
        this.optimizer = b.optimizer;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.validation = b.validation;
        this.validationSplit = b.validationSplit;
        this.patience = b.patience;
        this.listeners = List.copyOf(b.listeners);
        this.shuffleState = ~b.seed;
        if (b.start != null) {
            initializeFrom(b.start);
        } else if (b.inputs > 0) {
            initialize(b.inputs);
        }
    }

    /**
     * The loss a trainer uses when none is given.
     *
     * @param output the output layer's activation
     * @return categorical cross-entropy for a SOFTMAX or LOG_SOFTMAX output, binary cross-entropy for SIGMOID,
     *     mean squared error otherwise
     * @throws IllegalArgumentException when output is null
     */
    public static Loss defaultLoss(Activation output) {
        if (output == null) {
            throw new IllegalArgumentException("trainer: output activation is null");
        }
        switch (output.kind()) {
            case SOFTMAX:
            case LOG_SOFTMAX:
                return Loss.CATEGORICAL_CROSS_ENTROPY;
            case SIGMOID:
                return Loss.BINARY_CROSS_ENTROPY;
            default:
                return Loss.MEAN_SQUARED_ERROR;
        }
    }

    /**
     * Starts a builder.
     *
     * @param backend the open backend that holds the parameters and runs every step
     * @return a builder: FLOAT32, Adam(0.001), batch 32, 10 epochs, seed 0, no validation
     * @throws IllegalArgumentException when backend is null
     * @throws IllegalStateException when backend is closed
     */
    public static Builder builder(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("trainer: backend is null");
        }
        if (backend.isClosed()) {
            throw new IllegalStateException("trainer: backend '" + backend.name() + "' is closed");
        }
        return new Builder(backend);
    }

    /** Collects a trainer's settings; {@link #build()} checks them together. */
    public static final class Builder {
        private final Backend backend;
        private Precision precision = Precision.FLOAT32;
        private final List<Integer> units = new ArrayList<>();
        private final List<Activation> activations = new ArrayList<>();
        private Network start;
        private int inputs;
        private Loss loss;
        private Optimizer optimizer = Optimizer.adam(1e-3);
        private int batchSize = 32;
        private int epochs = 10;
        private long seed;
        private Dataset validation;
        private double validationSplit;
        private int patience;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(Backend backend) {
            this.backend = backend;
        }

        /**
         * @param value the precision of the parameters and of every step (default FLOAT32); ignored when
         *     starting from a network, whose precision is used
         * @return this builder
         * @throws IllegalArgumentException when value is null
         */
        public Builder precision(Precision value) {
            if (value == null) {
                throw new IllegalArgumentException("trainer: precision is null");
            }
            this.precision = value;
            return this;
        }

        /**
         * Appends a dense layer, initialized from the seed (see {@link Trainer}).
         *
         * @param units the number of units, &ge; 1
         * @param activation g
         * @return this builder
         * @throws IllegalArgumentException when units &lt; 1 or activation is null
         * @throws IllegalStateException when the trainer starts from a network
         */
        public Builder layer(int units, Activation activation) {
            if (start != null) {
                throw new IllegalStateException("trainer: layers come from the start network; do not add more");
            }
            if (units < 1) {
                throw new IllegalArgumentException("trainer: layer " + this.units.size()
                        + " needs at least 1 unit, got " + units);
            }
            if (activation == null) {
                throw new IllegalArgumentException("trainer: layer " + this.units.size() + " has no activation");
            }
            this.units.add(units);
            this.activations.add(activation);
            return this;
        }

        /**
         * @param count the number of input features, &ge; 1; by default the first {@link Trainer#fit} takes
         *     it from its data
         * @return this builder
         * @throws IllegalArgumentException when count &lt; 1
         */
        public Builder inputs(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("trainer: inputs must be at least 1, got " + count);
            }
            this.inputs = count;
            return this;
        }

        /**
         * Starts from a network's layers and weights, which are copied (the network stays the caller's, open
         * and unchanged); its precision becomes the trainer's.
         *
         * @param network an open network, on any backend
         * @return this builder
         * @throws IllegalArgumentException when network is null
         * @throws IllegalStateException when layers were added already
         */
        public Builder startFrom(Network network) {
            if (network == null) {
                throw new IllegalArgumentException("trainer: start network is null");
            }
            if (!units.isEmpty()) {
                throw new IllegalStateException("trainer: layers were added; start from a network or add layers,"
                        + " not both");
            }
            this.start = network;
            return this;
        }

        /**
         * @param value the loss (default: {@link Trainer#defaultLoss}, categorical cross-entropy for a softmax or
         *     log-softmax output, binary cross-entropy for a sigmoid one, else mean squared error)
         * @return this builder
         * @throws IllegalArgumentException when value is null
         */
        public Builder loss(Loss value) {
            if (value == null) {
                throw new IllegalArgumentException("trainer: loss is null");
            }
            this.loss = value;
            return this;
        }

        /**
         * @param value the optimizer (default Adam with rate 0.001)
         * @return this builder
         * @throws IllegalArgumentException when value is null
         */
        public Builder optimizer(Optimizer value) {
            if (value == null) {
                throw new IllegalArgumentException("trainer: optimizer is null");
            }
            this.optimizer = value;
            return this;
        }

        /**
         * @param rows the rows per batch, &ge; 1 (default 32); an epoch's last batch may be smaller
         * @return this builder
         * @throws IllegalArgumentException when rows &lt; 1
         */
        public Builder batchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("trainer: batchSize must be at least 1, got " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        /**
         * @param count the epochs one {@link Trainer#fit} runs, &ge; 1 (default 10)
         * @return this builder
         * @throws IllegalArgumentException when count &lt; 1
         */
        public Builder epochs(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("trainer: epochs must be at least 1, got " + count);
            }
            this.epochs = count;
            return this;
        }

        /**
         * @param value the seed of the initial weights and of the shuffling (default 0)
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @param data rows to evaluate after each epoch (reported, and watched by early stopping)
         * @return this builder
         * @throws IllegalArgumentException when data is null
         * @throws IllegalStateException when a validation split was set
         */
        public Builder validation(Dataset data) {
            if (data == null) {
                throw new IllegalArgumentException("trainer: validation data is null");
            }
            if (validationSplit != 0) {
                throw new IllegalStateException("trainer: a validation split is set; give a split or a set");
            }
            this.validation = data;
            return this;
        }

        /**
         * @param fraction the fraction in (0, 1) of the training rows held out for validation: the last
         *     &lceil;fraction&middot;m&rceil; rows, before any shuffling (as Keras does)
         * @return this builder
         * @throws IllegalArgumentException when fraction is outside (0, 1)
         * @throws IllegalStateException when a validation set was given
         */
        public Builder validationSplit(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("trainer: validationSplit must be in (0, 1), got " + fraction);
            }
            if (validation != null) {
                throw new IllegalStateException("trainer: a validation set is given; give a split or a set");
            }
            this.validationSplit = fraction;
            return this;
        }

        /**
         * Stops when the validation loss has not fallen for {@code epochs} epochs in a row, and then, as at
         * every end of fit, leaves the trainer holding the weights of the epoch with the lowest validation loss.
         *
         * @param epochs the patience, &ge; 1
         * @return this builder
         * @throws IllegalArgumentException when epochs &lt; 1
         */
        public Builder earlyStopping(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("trainer: earlyStopping patience must be at least 1, got "
                        + epochs);
            }
            this.patience = epochs;
            return this;
        }

        /**
         * @param listener sees every epoch (and batch), in the order listeners were added
         * @return this builder
         * @throws IllegalArgumentException when listener is null
         */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("trainer: listener is null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * @return the trainer, holding its parameters on the backend (created now when the inputs are known,
         *     else at the first fit)
         * @throws IllegalStateException when there is no layer, or the backend or the start network is closed
         * @throws IllegalArgumentException when the loss needs another output activation, a layer is a leaky
         *     ReLU with a negative slope (its derivative is taken from the output, which needs &alpha; &ge; 0), or
         *     early stopping has no validation
         */
        public Trainer build() {
            if (start == null && units.isEmpty()) {
                throw new IllegalStateException("trainer: add at least one layer, or start from a network");
            }
            if (backend.isClosed()) {
                throw new IllegalStateException("trainer: backend '" + backend.name() + "' is closed");
            }
            return new Trainer(this);
        }
    }

    /** @return the backend that holds the parameters */
    public Backend backend() {
        return backend;
    }

    /** @return the precision of the parameters and every step */
    public Precision precision() {
        return precision;
    }

    /** @return the loss */
    public Loss loss() {
        return loss;
    }

    /** @return the optimizer */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return which training kernels run: {@link TrainingKernels#path()} of the backend's kernels */
    public String kernelsPath() {
        return kernels.path();
    }

    /** @return the number of optimizer steps taken so far */
    public long steps() {
        return steps;
    }

    /**
     * Trains for the configured epochs, continuing from the current weights and optimizer states.
     *
     * @param data the training rows; with a validation split, its last rows are held out
     * @return what each epoch gave and why training stopped
     * @throws IllegalArgumentException when data is null, its feature count differs from the first layer's
     *     inputs, or its labels or targets do not fit the output layer (naming the row)
     * @throws TrainingDivergedException when a batch's loss is NaN or infinite
     * @throws IllegalStateException when the trainer or its backend is closed
     */
    public TrainingHistory fit(Dataset data) {
        ensureOpen("fit");
        if (data == null) {
            throw new IllegalArgumentException("fit: data is null");
        }
        Dataset train = data;
        Dataset held = validation;
        if (validationSplit > 0) {
            int heldRows = (int) Math.ceil(validationSplit * data.rows());
            if (heldRows >= data.rows()) {
                throw new IllegalArgumentException("fit: a validation split of " + validationSplit + " leaves no "
                        + "training row of the " + data.rows());
            }
            train = data.slice(0, data.rows() - heldRows);
            held = data.slice(data.rows() - heldRows, data.rows());
        }
        prepare("fit", train);
        if (held != null) {
            prepare("fit (validation)", held);
        }
        Matrix[] good = snapshotBuffers();
        Matrix[] best = patience > 0 ? snapshotBuffers() : null;
        try {
            int[] order = new int[train.rows()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            int batches = (train.rows() + batchSize - 1) / batchSize;
            List<EpochResult> results = new ArrayList<>();
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            int waited = 0;
            TrainingHistory.Stop stop = TrainingHistory.Stop.COMPLETED;
            for (int e = 0; e < epochs; e++) {
                copyParameters(good, true);
                shuffle(order);
                double rate = optimizer.learningRate(e);
                long t0 = System.nanoTime();
                double lossSum = 0;
                long right = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int to = Math.min(train.rows(), from + batchSize);
                    double[] result = step(train, order, from, to, rate);
                    if (!Double.isFinite(result[0])) {
                        copyParameters(good, false);
                        throw new TrainingDivergedException("fit: the loss is " + result[0] + " at epoch " + (e + 1)
                                + ", batch " + (b + 1) + " of " + batches + " (rows " + from + ".." + (to - 1)
                                + " of the shuffled order); training stopped and the weights are those of the "
                                + "start of epoch " + (e + 1) + "; lower the learning rate or scale the data",
                                e + 1, b + 1, result[0], new TrainingHistory(results, stop, e));
                    }
                    lossSum += result[0] * (to - from);
                    right += (long) result[1];
                    for (TrainingListener l : listeners) {
                        l.onBatch(e + 1, b + 1, batches, result[0]);
                    }
                }
                long nanos = System.nanoTime() - t0;
                Evaluation v = held == null ? null : evaluateChecked(held);
                EpochResult r = new EpochResult(e + 1, lossSum / train.rows(), right / (double) train.rows(),
                        v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy(), rate,
                        train.rows(), java.time.Duration.ofNanos(nanos));
                results.add(r);
                for (TrainingListener l : listeners) {
                    l.onEpoch(r);
                }
                if (best != null) {
                    if (v.loss() < bestLoss) {
                        bestLoss = v.loss();
                        bestEpoch = e + 1;
                        waited = 0;
                        copyParameters(best, true);
                    } else if (++waited >= patience) {
                        stop = TrainingHistory.Stop.EARLY_STOPPED;
                        break;
                    }
                }
            }
            if (best != null && bestEpoch > 0) {
                copyParameters(best, false);
            } else {
                bestEpoch = results.size();
            }
            return new TrainingHistory(results, stop, bestEpoch);
        } finally {
            closeAll(good);
            closeAll(best);
        }
    }

    /**
     * Computes the loss and accuracy of the current weights on a dataset, in batches of the batch size,
     * without changing anything.
     *
     * @param data the rows
     * @return the mean loss and the accuracy over the rows
     * @throws IllegalArgumentException when data is null or does not fit the network (naming the row)
     * @throws IllegalStateException when the trainer is closed, or has no weights yet (no inputs given, no fit)
     */
    public Evaluation evaluate(Dataset data) {
        ensureOpen("evaluate");
        if (data == null) {
            throw new IllegalArgumentException("evaluate: data is null");
        }
        if (weights == null) {
            throw new IllegalStateException("evaluate: the trainer has no weights yet; fit first or give inputs");
        }
        prepare("evaluate", data);
        return evaluateChecked(data);
    }

    /**
     * Copies the current weights into a new network on the trainer's backend, owned by the caller.
     *
     * @return the network, of {@link DenseLayer}s with the trained weights and the layers' activations
     * @throws IllegalStateException when the trainer is closed or has no weights yet
     */
    public Network network() {
        ensureOpen("network");
        if (weights == null) {
            throw new IllegalStateException("network: the trainer has no weights yet; fit first or give inputs");
        }
        List<DenseLayer> layers = new ArrayList<>();
        try {
            for (int l = 0; l < weights.length; l++) {
                Matrix w = backend.copyOf(weights[l]);
                Matrix b;
                try {
                    b = backend.copyOf(biases[l]);
                } catch (RuntimeException e) {
                    w.close();
                    throw e;
                }
                layers.add(backend.dense(w, b, activations.get(l)));
            }
            return Network.of(layers);
        } catch (RuntimeException e) {
            for (DenseLayer layer : layers) {
                layer.close();
            }
            throw e;
        }
    }

    /** Frees every matrix the trainer holds. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pass p : passes.values()) {
            p.close();
        }
        passes.clear();
        closeAll(weights);
        closeAll(biases);
        closeAll(weightGrads);
        closeAll(biasGrads);
        if (weightStates != null) {
            for (int l = 0; l < weightStates.length; l++) {
                closeAll(weightStates[l]);
                closeAll(biasStates[l]);
            }
        }
    }

    /** @return e.g. {@code Trainer[64→32 relu, 32→10 softmax, cce, adam(...), loop FLOAT32 (kernels: loop)]} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Trainer[");
        for (int l = 0; l < shapes.size(); l++) {
            s.append(l == 0 ? "" : ", ").append(shapes.get(l)[0] == 0 ? "?" : shapes.get(l)[0]).append('→')
                    .append(shapes.get(l)[1]).append(' ').append(activations.get(l).label());
        }
        return s.append(", ").append(loss.label()).append(", ").append(optimizer).append(", ").append(backend.name())
                .append(' ').append(precision).append(" (kernels: ").append(kernels.path()).append(")]").toString();
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + ": the trainer is closed");
        }
        if (backend.isClosed()) {
            throw new IllegalStateException(operation + ": backend '" + backend.name() + "' is closed");
        }
    }

    private void prepare(String operation, Dataset data) {
        if (weights == null) {
            initialize(data.features());
        }
        int inputs = shapes.get(0)[0];
        if (data.features() != inputs) {
            throw new IllegalArgumentException(operation + ": every row has " + data.features()
                    + " features but the first layer takes " + inputs + " inputs (row 0 is the first that differs)");
        }
        data.checkTargets(operation, shapes.get(shapes.size() - 1)[1], loss);
    }

    private void initialize(int inputs) {
        SplitMix64 random = new SplitMix64(seed);
        int n = shapes.size();
        double[][] w = new double[n][];
        double[][] b = new double[n][];
        int in = inputs;
        for (int l = 0; l < n; l++) {
            int units = shapes.get(l)[1];
            shapes.get(l)[0] = in;
            Activation.Kind kind = activations.get(l).kind();
            double limit = kind == Activation.Kind.RELU || kind == Activation.Kind.LEAKY_RELU ? Math.sqrt(6.0 / in)
                    : Math.sqrt(6.0 / ((double) in + units));
            w[l] = new double[in * units];
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = limit * (2.0 * random.nextUnit() - 1.0);
            }
            b[l] = new double[units];
            in = units;
        }
        allocate(w, b);
    }

    private void initializeFrom(Network network) {
        int n = shapes.size();
        double[][] w = new double[n][];
        double[][] b = new double[n][];
        for (int l = 0; l < n; l++) {
            w[l] = network.layers().get(l).weights().toDoubleArray();
            b[l] = network.layers().get(l).bias().toDoubleArray();
        }
        allocate(w, b);
    }

    private void allocate(double[][] w, double[][] b) {
        int n = shapes.size();
        int states = optimizer.stateCount();
        weights = new Matrix[n];
        biases = new Matrix[n];
        weightGrads = new Matrix[n];
        biasGrads = new Matrix[n];
        weightStates = new Matrix[n][states];
        biasStates = new Matrix[n][states];
        try {
            for (int l = 0; l < n; l++) {
                int in = shapes.get(l)[0];
                int units = shapes.get(l)[1];
                weights[l] = backend.matrix(in, units, w[l], precision);
                biases[l] = backend.matrix(1, units, b[l], precision);
                weightGrads[l] = backend.zeros(in, units, precision);
                biasGrads[l] = backend.zeros(1, units, precision);
                for (int s = 0; s < states; s++) {
                    weightStates[l][s] = backend.zeros(in, units, precision);
                    biasStates[l][s] = backend.zeros(1, units, precision);
                }
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    // One step on rows order[from..to): returns {loss, rows right}; updates only when the loss is finite.
    private double[] step(Dataset data, int[] order, int from, int to, double rate) {
        int m = to - from;
        Pass pass = pass(m);
        int last = weights.length - 1;
        int units = shapes.get(last)[1];
        data.gatherFeatures(order, from, to, pass.x);
        data.gatherTargets(order, from, to, units, pass.y);
        try (Matrix x = backend.matrix(m, data.features(), pass.x, precision);
                Matrix y = backend.matrix(m, units, pass.y, precision)) {
            forward(x, pass);
            double value = kernels.loss(loss, activations.get(last), pass.logits, pass.outputs[last], y,
                    pass.grads[last]);
            if (!Double.isFinite(value)) {
                return new double[] {value, 0};
            }
            long right = kernels.countCorrect(pass.outputs[last], y);
            for (int l = last; l >= 0; l--) {
                Matrix in = l == 0 ? x : pass.outputs[l - 1];
                kernels.multiply(in, true, pass.grads[l], false, weightGrads[l]);
                kernels.columnSums(pass.grads[l], biasGrads[l]);
                if (l > 0) {
                    kernels.multiply(pass.grads[l], false, weights[l], true, pass.grads[l - 1]);
                    kernels.activationBackward(activations.get(l - 1), pass.outputs[l - 1], pass.grads[l - 1],
                            pass.grads[l - 1]);
                }
            }
            steps++;
            for (int l = 0; l <= last; l++) {
                kernels.update(optimizer, steps, rate, weights[l], weightGrads[l], weightStates[l]);
                kernels.update(optimizer, steps, rate, biases[l], biasGrads[l], biasStates[l]);
            }
            return new double[] {value, right};
        }
    }

    private void forward(Matrix x, Pass pass) {
        int last = weights.length - 1;
        Matrix in = x;
        for (int l = 0; l <= last; l++) {
            kernels.denseForward(in, weights[l], biases[l], activations.get(l), l == last ? pass.logits : null,
                    pass.outputs[l]);
            in = pass.outputs[l];
        }
    }

    private Evaluation evaluateChecked(Dataset data) {
        int[] order = new int[data.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int last = weights.length - 1;
        int units = shapes.get(last)[1];
        double lossSum = 0;
        long right = 0;
        for (int from = 0; from < data.rows(); from += batchSize) {
            int to = Math.min(data.rows(), from + batchSize);
            int m = to - from;
            Pass pass = pass(m);
            data.gatherFeatures(order, from, to, pass.x);
            data.gatherTargets(order, from, to, units, pass.y);
            try (Matrix x = backend.matrix(m, data.features(), pass.x, precision);
                    Matrix y = backend.matrix(m, units, pass.y, precision)) {
                forward(x, pass);
                lossSum += kernels.loss(loss, activations.get(last), pass.logits, pass.outputs[last], y, null) * m;
                right += kernels.countCorrect(pass.outputs[last], y);
            }
        }
        return new Evaluation(lossSum / data.rows(), right / (double) data.rows(), data.rows());
    }

    private Pass pass(int rows) {
        Pass p = passes.get(rows);
        if (p == null) {
            p = new Pass(rows);
            passes.put(rows, p);
        }
        return p;
    }

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            shuffleState += 0x9e3779b97f4a7c15L;
            long z = shuffleState;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
            int j = (int) ((z >>> 1) % (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private Matrix[] snapshotBuffers() {
        int n = weights.length;
        Matrix[] copy = new Matrix[2 * n];
        try {
            for (int l = 0; l < n; l++) {
                copy[2 * l] = backend.zeros(weights[l].rows(), weights[l].cols(), precision);
                copy[2 * l + 1] = backend.zeros(1, biases[l].cols(), precision);
            }
        } catch (RuntimeException | Error e) {
            closeAll(copy);
            throw e;
        }
        return copy;
    }

    private void copyParameters(Matrix[] snapshot, boolean save) {
        for (int l = 0; l < weights.length; l++) {
            if (save) {
                kernels.copy(weights[l], snapshot[2 * l]);
                kernels.copy(biases[l], snapshot[2 * l + 1]);
            } else {
                kernels.copy(snapshot[2 * l], weights[l]);
                kernels.copy(snapshot[2 * l + 1], biases[l]);
            }
        }
    }

    private static void closeAll(Matrix[] matrices) {
        if (matrices == null) {
            return;
        }
        for (Matrix m : matrices) {
            if (m != null) {
                m.close();
            }
        }
    }

    // The per-batch-size buffers: each layer's output, the output layer's logits, each layer's dZ, and the
    // host arrays the batch is gathered into.
    private final class Pass implements AutoCloseable {
        final Matrix[] outputs;
        final Matrix[] grads;
        final Matrix logits;
        final double[] x;
        final double[] y;

        Pass(int rows) {
            int n = shapes.size();
            outputs = new Matrix[n];
            grads = new Matrix[n];
            Matrix z = null;
            try {
                for (int l = 0; l < n; l++) {
                    outputs[l] = backend.zeros(rows, shapes.get(l)[1], precision);
                    grads[l] = backend.zeros(rows, shapes.get(l)[1], precision);
                }
                z = backend.zeros(rows, shapes.get(n - 1)[1], precision);
            } catch (RuntimeException | Error e) {
                closeAll(outputs);
                closeAll(grads);
                throw e;
            }
            logits = z;
            x = new double[rows * shapes.get(0)[0]];
            y = new double[rows * shapes.get(n - 1)[1]];
        }

        @Override
        public void close() {
            closeAll(outputs);
            closeAll(grads);
            logits.close();
        }
    }

    // Sequential's generator in the model module, written out so that its values never change.
    private static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        double nextUnit() {
            long z = state += 0x9e3779b97f4a7c15L;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return ((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53;
        }
    }
}
