package org.vecnn.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import org.vecnn.train.Dataset;
import org.vecnn.train.EpochResult;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;
import org.vecnn.train.TrainingDivergedException;
import org.vecnn.train.TrainingHistory;
import org.vecnn.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vecnn train}: trains a dense network from scratch on rows from CSV or {@code .npy} and saves it as a
 * {@code .npz} model that {@code vecnn predict} runs. The work is done by the api's {@link Trainer}.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {
                "Trains a dense network from scratch and saves it as a .npz model for vecnn predict, e.g.",
                "  vecnn train --data x.csv --labels y.csv --layers 32:relu,10:softmax --epochs 50 --out m.npz",
                "The data is CSV (one row of numbers per line, no header) or a 2-D .npy; the network's input width "
                        + "is the data's. The labels hold one class index per line (0 to units-1 of the last "
                        + "layer), or one row of target values per line (as many as the last layer's units).",
                "On a terminal a progress bar shows the epoch, the loss, the accuracy, samples/s and the time "
                        + "left; otherwise one line per epoch goes to standard error (and to --log). A loss that "
                        + "turns NaN or infinite stops training; the weights of the start of that epoch are saved "
                        + "and the exit code is 1."})
final class TrainCommand implements Callable<Integer> {
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    @Spec
    CommandSpec spec;

    @ParentCommand
    VecnnCommand top;

    @Option(names = {"-d", "--data"}, required = true, paramLabel = "FILE",
            description = "The features: a .csv file (no header) or a 2-D .npy array, one row per example.")
    Path data;

    @Option(names = {"-l", "--labels"}, required = true, paramLabel = "FILE",
            description = "The labels: one class index per line, or one row of target values per line (.csv or "
                    + ".npy), as many lines as --data has rows.")
    Path labels;

    @Option(names = "--layers", required = true, paramLabel = "UNITS:ACTIVATION,...",
            description = "The layers, e.g. 32:relu,10:softmax or 64:leaky_relu(0.2),10:log_softmax; activations: "
                    + "linear, sigmoid, relu, leaky_relu (slope 0.01), leaky_relu(alpha) (alpha >= 0 for "
                    + "training), tanh, softmax, log_softmax.")
    String layers;

    @Option(names = "--loss", paramLabel = "cce|bce|mse",
            description = "The loss: cce (categorical cross-entropy, softmax or log_softmax output), bce (binary "
                    + "cross-entropy, sigmoid output) or mse; default: cce for softmax and log_softmax, bce for "
                    + "sigmoid, mse otherwise.")
    String loss;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "sgd, momentum, nesterov, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.001",
            description = "The learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", paramLabel = "MU",
            description = "The momentum of --optimizer momentum or nesterov (default: 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "W",
            description = "The decoupled weight decay of --optimizer adamw (default: 0.01).")
    Double weightDecay;

    @Option(names = "--l2", paramLabel = "LAMBDA", defaultValue = "0",
            description = "L2 regularization: lambda times each parameter is added to its gradient "
                    + "(default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
            description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Rows per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seeds the initial weights and the shuffling (default: ${DEFAULT-VALUE}); the same seed, "
                    + "backend and thread count give the same model.")
    long seed;

    @Option(names = "--validation", paramLabel = "FRACTION|FILE",
            description = "Rows to evaluate after each epoch: a fraction in (0, 1) of --data (its last rows, held "
                    + "out before shuffling), or a file of features with --validation-labels.")
    String validation;

    @Option(names = "--validation-labels", paramLabel = "FILE",
            description = "The labels of a --validation file.")
    Path validationLabels;

    @Option(names = "--early-stopping", paramLabel = "EPOCHS",
            description = "Stop when the validation loss has not fallen for this many epochs, and keep the weights "
                    + "of the best epoch; needs --validation.")
    Integer earlyStopping;

    @Option(names = {"-b", "--backend"}, paramLabel = "NAME",
            description = "The backend, e.g. loop; default: the default backend (vecnn.backend, VECNN_BACKEND, "
                    + "or the available one of highest priority).")
    String backend;

    @Option(names = {"-p", "--precision"}, paramLabel = "float32|float64", defaultValue = "float32",
            description = "The precision to train and save in (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
            description = "The model to write, a .npz file; written whole or not at all.")
    Path out;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Also write one line per epoch to this file (created or replaced).")
    Path log;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on standard error instead of one line per epoch; default: when "
                    + "standard error is a terminal.")
    Boolean progress;

    @Override
    public Integer call() throws IOException {
        List<LayersOption.Layer> stack = LayersOption.parse(spec.commandLine(), layers);
        Precision p = PrecisionOption.parse(spec.commandLine(), precision);
        for (int i = 0; i < stack.size(); i++) {
            Activation g = stack.get(i).activation();
            if (g.kind() == Activation.Kind.LEAKY_RELU && g.alpha() < 0) {
                throw new ParameterException(spec.commandLine(), "--layers: layer " + (i + 1) + " is " + g.label()
                        + ": training needs a leaky_relu slope >= 0 (the derivative is taken from the output)");
            }
        }
        Activation last = stack.get(stack.size() - 1).activation();
        Loss chosenLoss = chooseLoss(last);
        Optimizer chosenOptimizer = chooseOptimizer();
        checkCounts();
        if (Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is a folder; name a .npz file, e.g. "
                    + out.resolve("model.npz"));
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            throw new ParameterException(spec.commandLine(), "--out " + out + ": name a .npz file (vecnn convert "
                    + "turns it into .onnx)");
        }
        Double fraction = validationFraction();
        int outputs = stack.get(stack.size() - 1).units();
        boolean binary = chosenLoss == Loss.BINARY_CROSS_ENTROPY;
        try (OutputFile file = OutputFile.open(out)) {
            Dataset train = TrainingData.read(data, labels, 0, outputs, binary);
            Dataset held = null;
            if (validation != null && fraction == null) {
                held = TrainingData.read(Path.of(validation), validationLabels, train.features(), outputs, binary);
            }
            try (PrintWriter logFile = log == null ? null : new PrintWriter(new BufferedWriter(
                    Files.newBufferedWriter(log, StandardCharsets.UTF_8)));
                    Backend b = backend != null ? top.registry().get(backend) : top.registry().best()) {
                Progress bar = new Progress(spec.commandLine().getErr(), logFile, showProgress(), epochs,
                        batch);
                Trainer.Builder builder = Trainer.builder(b).precision(p).inputs(train.features()).loss(chosenLoss)
                        .optimizer(chosenOptimizer).batchSize(batch).epochs(epochs).seed(seed).listener(bar);
                for (LayersOption.Layer layer : stack) {
                    builder.layer(layer.units(), layer.activation());
                }
                if (fraction != null) {
                    builder.validationSplit(fraction);
                } else if (held != null) {
                    builder.validation(held);
                }
                if (earlyStopping != null) {
                    builder.earlyStopping(earlyStopping);
                }
                try (Trainer trainer = builder.build()) {
                    bar.start(b.name(), trainer.kernelsPath());
                    TrainingHistory history;
                    try {
                        history = trainer.fit(train);
                    } catch (TrainingDivergedException e) {
                        bar.finish();
                        Model model = save(trainer, p, file);
                        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
                        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + out + " holds the weights "
                                + "of the start of epoch " + e.epoch() + " (" + (e.epoch() - 1) + " epoch"
                                + (e.epoch() == 2 ? "" : "s") + " trained): " + model);
                        spec.commandLine().getErr().flush();
                        return Main.FAILED;
                    } finally {
                        bar.finish();
                    }
                    Model model = save(trainer, p, file);
                    PrintWriter stdout = spec.commandLine().getOut();
                    stdout.println(out + ": " + model + ", " + summary(history, b.name(), trainer.kernelsPath()));
                    stdout.flush();
                }
            }
        } catch (FileSystemException e) {
            throw describe(e);
        }
        return Main.OK;
    }

    private Loss chooseLoss(Activation last) {
        Loss chosen;
        if (loss == null) {
            chosen = Trainer.defaultLoss(last);
        } else {
            try {
                chosen = Loss.byName(loss);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--loss: " + e.getMessage());
            }
        }
        if (!chosen.accepts(last)) {
            throw new ParameterException(spec.commandLine(), "--loss " + chosen.label() + " needs a "
                    + chosen.outputNames() + " output layer, but --layers ends in " + last.label());
        }
        return chosen;
    }

    private Optimizer chooseOptimizer() {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new ParameterException(spec.commandLine(), "--lr must be a positive number, got " + learningRate);
        }
        String name = optimizer.trim().toLowerCase(Locale.ROOT);
        Optimizer o;
        try {
            o = Optimizer.byName(name, learningRate);
            if (momentum != null) {
                if (name.equals("momentum")) {
                    o = Optimizer.sgd(learningRate).withMomentum(momentum);
                } else if (name.equals("nesterov")) {
                    o = Optimizer.sgd(learningRate).withNesterov(momentum);
                } else {
                    throw new ParameterException(spec.commandLine(), "--momentum applies to --optimizer momentum "
                            + "or nesterov, not " + optimizer);
                }
            }
            if (weightDecay != null) {
                if (!name.equals("adamw")) {
                    throw new ParameterException(spec.commandLine(), "--weight-decay applies to --optimizer adamw, "
                            + "not " + optimizer + " (use --l2 for L2 regularization)");
                }
                o = Optimizer.adamW(learningRate, weightDecay);
            }
            return l2 != 0 ? o.withL2(l2) : o;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), "--optimizer " + optimizer + ": " + e.getMessage());
        }
    }

    private void checkCounts() {
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1, got " + epochs);
        }
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        if (earlyStopping != null && earlyStopping < 1) {
            throw new ParameterException(spec.commandLine(), "--early-stopping must be at least 1, got "
                    + earlyStopping);
        }
        if (earlyStopping != null && validation == null) {
            throw new ParameterException(spec.commandLine(), "--early-stopping needs --validation");
        }
        if (backend != null && backend.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--backend needs a backend name, e.g. --backend loop");
        }
    }

    /** @return the fraction of --validation, or null when it names a file (or is absent) */
    private Double validationFraction() {
        if (validation == null) {
            if (validationLabels != null) {
                throw new ParameterException(spec.commandLine(), "--validation-labels needs --validation FILE");
            }
            return null;
        }
        double f;
        try {
            f = Double.parseDouble(validation.trim());
        } catch (NumberFormatException e) {
            if (validationLabels == null) {
                throw new ParameterException(spec.commandLine(), "--validation " + validation + " is a file: give "
                        + "its labels with --validation-labels, or a fraction in (0, 1) such as 0.1");
            }
            return null;
        }
        if (!(f > 0 && f < 1)) {
            throw new ParameterException(spec.commandLine(), "--validation must be a fraction in (0, 1) or a file, "
                    + "got " + validation);
        }
        if (validationLabels != null) {
            throw new ParameterException(spec.commandLine(), "--validation-labels goes with --validation FILE, not a "
                    + "fraction");
        }
        return f;
    }

    /** Saves the trainer's current weights through the output file: whole or not at all. */
    private Model save(Trainer trainer, Precision p, OutputFile file) throws IOException {
        Model model;
        try (Network network = trainer.network()) {
            model = Model.of(network).withPrecision(p);
        }
        file.commit(target -> model.save(target, p, false));
        return model;
    }

    private static String summary(TrainingHistory history, String backendName, String kernels) {
        EpochResult r = history.last();
        StringBuilder s = new StringBuilder();
        s.append(history.epochs().size()).append(" epoch").append(history.epochs().size() == 1 ? "" : "s")
                .append(" on ").append(backendName).append(" (training kernels: ").append(kernels).append(')');
        if (r != null) {
            s.append(", last epoch: ").append(Progress.describe(r));
        }
        if (history.stop() == TrainingHistory.Stop.EARLY_STOPPED) {
            s.append("; stopped early, weights of epoch ").append(history.bestEpoch());
        }
        return s.toString();
    }

    private boolean showProgress() {
        if (progress != null) {
            return progress;
        }
        return PredictCommand.isTerminal(2);
    }

    private static IOException describe(FileSystemException e) {
        if (e.getReason() != null && !(e instanceof NoSuchFileException)) {
            return e;
        }
        String what = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName();
        return new IOException(e.getFile() + ": " + what, e);
    }

    /**
     * What the user sees while training: a bar redrawn at most ten times a second on a terminal, else one line
     * per epoch; the epoch lines also go to the log.
     */
    static final class Progress implements TrainingListener {
        private final PrintWriter err;
        private final PrintWriter log;
        private final boolean bar;
        private final int epochs;
        private final int batchRows;
        private long startNanos;
        private long lastDraw;
        private boolean drawn;
        private long batchesDone;
        private double runningLoss;
        private int runningBatches;
        private String lastAccuracy = "-";

        Progress(PrintWriter err, PrintWriter log, boolean bar, int epochs, int batchRows) {
            this.err = err;
            this.log = log;
            this.bar = bar;
            this.epochs = epochs;
            this.batchRows = batchRows;
        }

        void start(String backendName, String kernels) {
            startNanos = System.nanoTime();
            String line = "training on " + backendName + " (training kernels: " + kernels + ")";
            if (log != null) {
                log.println(line);
                log.flush();
            }
        }

        @Override
        public void onBatch(int epoch, int batch, int batches, double loss) {
            batchesDone++;
            if (batch == 1) {
                runningLoss = 0;
                runningBatches = 0;
            }
            runningLoss += loss;
            runningBatches++;
            if (!bar) {
                return;
            }
            long now = System.nanoTime();
            if (drawn && now - lastDraw < PROGRESS_INTERVAL_NANOS && batch < batches) {
                return;
            }
            lastDraw = now;
            drawn = true;
            double seconds = (now - startNanos) / 1e9;
            long total = (long) batches * epochs;
            double fraction = batch / (double) batches;
            int width = 20;
            int filled = (int) Math.round(fraction * width);
            double rate = seconds > 0 ? batchesDone * (double) batchRows / seconds : 0;
            double eta = batchesDone > 0 ? seconds * (total - batchesDone) / batchesDone : 0;
            // \033[K clears what a longer line drawn before left at the end.
            String line = String.format(Locale.ROOT, "\repoch %d/%d [%s%s] loss %.4f  accuracy %s  %.0f samples/s  "
                    + "ETA %s\033[K", epoch, epochs, "#".repeat(filled), ".".repeat(width - filled),
                    runningLoss / runningBatches, lastAccuracy, rate, clock(eta));
            err.print(line);
            err.flush();
        }

        @Override
        public void onEpoch(EpochResult result) {
            lastAccuracy = String.format(Locale.ROOT, "%.4f", result.accuracy());
            String line = String.format(Locale.ROOT, "epoch %d/%d: %s", result.epoch(), epochs, describe(result));
            if (bar) {
                // The bar's line becomes the epoch's line, so that the epochs stay on the screen.
                err.print("\r\033[K");
                drawn = false;
            }
            err.println(line);
            err.flush();
            if (log != null) {
                log.println(line);
                log.flush();
            }
        }

        void finish() {
            if (drawn) {
                err.println();
                err.flush();
                drawn = false;
            }
        }

        static String describe(EpochResult r) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "loss %.6f, accuracy %.4f", r.loss(),
                    r.accuracy()));
            if (r.hasValidation()) {
                s.append(String.format(Locale.ROOT, ", validation loss %.6f, validation accuracy %.4f",
                        r.validationLoss(), r.validationAccuracy()));
            }
            s.append(String.format(Locale.ROOT, ", %.0f samples/s, %.2f s", r.samplesPerSecond(),
                    r.time().toNanos() / 1e9));
            return s.toString();
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }
}
