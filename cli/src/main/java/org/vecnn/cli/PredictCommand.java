package org.vecnn.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vecnn.Backend;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.model.InputFormatException;
import org.vecnn.model.Model;
import org.vecnn.model.PredictionWriter;
import org.vecnn.model.Predictor;
import org.vecnn.model.RowSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vecnn predict}: runs a model saved as {@code .npz} over rows from CSV or {@code .npy}, batch by batch,
 * and writes its predictions as CSV. The work is done by vecnn-model ({@link Model}, {@link Predictor}).
 */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a model over input rows and writes one line of predictions per row, as CSV: the outputs "
                        + "(e.g. probabilities), each with the shortest digits that read back to the same "
                        + "float or double, or with --argmax the class label.",
                "The model is a NumPy .npz of arrays W0, b0, W1, b1, ... (W shaped (inputs, units)) and "
                        + "activations (linear, sigmoid, relu, leaky_relu, leaky_relu(alpha), tanh, softmax, "
                        + "log_softmax), e.g. np.savez('m.npz', W0=W0, b0=b0, W1=W1, b1=b1, "
                        + "activations=np.array(['relu', 'softmax'])), or an .onnx file of a dense network "
                        + "(e.g. PyTorch's torch.onnx.export of an nn.Sequential MLP; see docs/models.md).",
                "The input is CSV (one row of numbers per line, no header; - for standard input) or a 2-D .npy; "
                        + "large inputs are streamed in batches."})
final class PredictCommand implements Callable<Integer> {
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    @Spec
    CommandSpec spec;

    @ParentCommand
    VecnnCommand top;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "The model, a .npz or .onnx file.")
    Path model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "The rows: a .csv file (- for standard input) or a 2-D .npy array.")
    Path input;

    @Option(names = {"-b", "--backend"}, paramLabel = "NAME",
            description = "The backend, e.g. loop; default: the default backend (vecnn.backend, VECNN_BACKEND, "
                    + "or the available one of highest priority).")
    String backend;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1024",
            description = "Rows per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--argmax", description = "Write the class label of each row (the index of the largest "
            + "output; for a single output, 1 when it is at least 0.5) instead of the outputs.")
    boolean argmax;

    @Option(names = {"-p", "--precision"}, paramLabel = "float32|float64",
            description = "The precision to compute in; default: the model file's (float64 arrays give float64).")
    String precision;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where the predictions go; default: standard output. A regular file (or a symbolic link "
                    + "to one) is written whole or not at all; a FIFO or device is written through; a folder is "
                    + "refused before any work.")
    Path output;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on standard error; default: when standard error is a terminal "
                    + "and the predictions do not go to it.")
    Boolean progress;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        if (backend != null && backend.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--backend needs a backend name, e.g. --backend loop");
        }
        Precision chosen = precision == null ? null : PrecisionOption.parse(spec.commandLine(), precision);
        // The output is checked, and its file opened, before any work: a folder or an unwritable place fails now.
        try (OutputFile file = output == null ? null : OutputFile.open(output)) {
            Model m = Model.load(model);
            try {
                Predictor.checkBatch(batch, m.inputs());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--batch " + batch + ": " + e.getMessage());
            }
            Precision p = chosen != null ? chosen : m.precision();
            try (Backend b = backend != null ? top.registry().get(backend) : top.registry().best();
                    Network network = m.build(b, p);
                    RowSource rows = RowSource.open(input, network.inputs(), p)) {
                Writer out = file != null ? file.writer()
                        : new CheckedWriter(spec.commandLine().getOut(), "standard output");
                long predicted = predict(network, rows, out);
                if (predicted == 0) {
                    throw new InputFormatException(rows.name() + ": no rows to predict: the input is empty (or "
                            + "holds only blank lines or a byte-order mark)", 0);
                }
                if (file != null) {
                    file.commit();
                }
            }
        } catch (FileSystemException e) {
            throw describe(e);
        }
        return Main.OK;
    }

    private long predict(Network network, RowSource rows, Writer out) throws IOException {
        Writer buffered = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        Bar bar = showProgress() ? new Bar(spec.commandLine().getErr()) : null;
        try {
            return Predictor.predict(network, rows, batch, new PredictionWriter(buffered, argmax), bar);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
    }


    private boolean showProgress() {
        if (progress != null) {
            return progress;
        }
        return isTerminal(2) && (output != null || !isTerminal(1));
    }

    // Java 17 cannot ask isatty(2); on Linux the descriptor's link names the terminal device.
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fd == 2 && System.console() != null;
        }
    }

    private static IOException describe(FileSystemException e) {
        if (e.getReason() != null) {
            return e;
        }
        String what = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
        return new IOException(e.getFile() + ": " + what, e);
    }

    /** A one-line progress bar, redrawn at most ten times a second. */
    private static final class Bar implements Predictor.Progress {
        private final PrintWriter err;
        private long last;
        private boolean drawn;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void update(long rows, double fraction) {
            long now = System.nanoTime();
            if (drawn && now - last < PROGRESS_INTERVAL_NANOS && fraction < 1.0) {
                return;
            }
            last = now;
            drawn = true;
            StringBuilder line = new StringBuilder("\r");
            if (Double.isNaN(fraction)) {
                line.append(rows).append(" rows");
            } else {
                int width = 30;
                int filled = (int) Math.round(fraction * width);
                line.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ")
                        .append(String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100))).append("  ")
                        .append(rows).append(" rows");
            }
            err.print(line);
            err.flush();
        }

        void finish() {
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }
}
