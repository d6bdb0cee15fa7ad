package org.vecnn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

/**
 * {@code raw:torch}: PyTorch on the CPU, the library a user would otherwise pick, on the bench's own workloads.
 * It runs in a Python process of its own ({@value #SCRIPT}, shipped in this jar). For each workload this class
 * writes the operands of {@link WorkloadData} as raw files in the workload's precision and sends the workload's
 * definition (id, kind, batch, precision, layers, the training settings, the thread count, the harness's plan)
 * as one JSON line; the script answers with one row in the format of {@code results.csv}, read back as a
 * {@link Result}. Nothing about a workload is defined on the Python side. PyTorch gets as many threads as
 * vecnn's {@code loop} ({@code vecnn.loop.threads}, default the available processors).
 *
 * <p>The interpreter is the first, in this order, in which PyTorch imports: {@code -Dvecnn.bench.python},
 * {@code $VECNN_PYTHON}, {@code python3} on the path, {@code /usr/bin/python3} (Debian's, where
 * {@code python3-torch} installs PyTorch, even when another {@code python3} comes first on the path). Without
 * one the subject is unavailable, with each candidate's reason and the install line ({@value #INSTALL}), and
 * everything else runs.
 */
final class TorchRaw implements OutOfProcessSubject {
    /** The subject's name. */
    static final String NAME = "raw:torch";
    /** The one-line install of PyTorch on Debian. */
    static final String INSTALL = "apt-get install python3-torch";
    /** The Python helper, a resource beside this class. */
    static final String SCRIPT = "torch_bench.py";

    private static final long PROBE_TIMEOUT_S = 120;
    private static final String END = "\u0000end of answers";

    private final List<String> interpreters;
    private final int threads;
    private final long answerTimeoutMs;
    private ProbeResult probe;
    private Path dir;
    private Path script;
    private String python;
    private Process process;
    private Writer requests;
    private BlockingQueue<String> answers;

    TorchRaw() {
        this(interpreters(System.getProperty("vecnn.bench.python"), System.getenv("VECNN_PYTHON")),
                OnnxRuntimeRaw.threads(), TimeUnit.MINUTES.toMillis(10));
    }

    /**
     * @param interpreters the Python interpreters to try, in order
     * @param threads PyTorch's intra-op threads
     * @param answerTimeoutMs how long one workload may take before the Python process is stopped
     */
    TorchRaw(List<String> interpreters, int threads, long answerTimeoutMs) {
        if (interpreters.isEmpty() || threads < 1 || answerTimeoutMs < 1) {
            throw new IllegalArgumentException("raw:torch: needs an interpreter, threads ≥ 1 and a timeout, got "
                    + interpreters + ", " + threads + ", " + answerTimeoutMs + " ms");
        }
        this.interpreters = List.copyOf(interpreters);
        this.threads = threads;
        this.answerTimeoutMs = answerTimeoutMs;
    }

    /**
     * @param property {@code vecnn.bench.python}, or null
     * @param environment {@code $VECNN_PYTHON}, or null
     * @return the interpreters to try: the one named, else {@code python3} and {@code /usr/bin/python3}
     */
    static List<String> interpreters(String property, String environment) {
        for (String named : new String[] {property, environment}) {
            if (named != null && !named.isBlank()) {
                return List.of(named.trim());
            }
        }
        return List.of("python3", "/usr/bin/python3");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isLibrary() {
        return true;
    }

    @Override
    public List<String> references() {
        return List.of();
    }

    @Override
    public synchronized ProbeResult probe() {
        if (probe == null) {
            try {
                probe = load();
            } catch (IOException | RuntimeException e) {
                probe = ProbeResult.failed("starting " + NAME, e, hint());
            }
        }
        return probe;
    }

    private static String hint() {
        return "install Debian's PyTorch (" + INSTALL + "), or name a python3 that has it with "
                + "-Dvecnn.bench.python=PATH or VECNN_PYTHON=PATH";
    }

    private ProbeResult load() throws IOException {
        dir = Files.createTempDirectory("vecnn-bench-torch");
        script = dir.resolve(SCRIPT);
        try (InputStream in = TorchRaw.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the bench jar");
            }
            Files.copy(in, script);
        }
        List<String> reasons = new ArrayList<>();
        for (String candidate : interpreters) {
            String answer = probeWith(candidate);
            if (answer.startsWith("ok ")) {
                python = candidate;
                return ProbeResult.available(answer.substring(3) + ", " + threads + " threads");
            }
            reasons.add(candidate + ": " + (answer.startsWith("unavailable ") ? answer.substring(12) : answer));
        }
        return ProbeResult.unavailable("no Python with PyTorch found (" + String.join("; ", reasons)
                + ")", hint());
    }

    /** @return the script's probe line ("ok ..." or "unavailable ..."), or why there is none */
    private String probeWith(String interpreter) {
        Path out = dir.resolve("probe.txt");
        Process p;
        try {
            p = new ProcessBuilder(interpreter, script.toString(), "--probe").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            return "cannot be run (" + e.getMessage() + ")";
        }
        try {
            if (!p.waitFor(PROBE_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer to --probe in " + PROBE_TIMEOUT_S + " s";
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (line.startsWith("ok ") || line.startsWith("unavailable ")) {
                    return line;
                }
            }
            return "exit " + p.exitValue() + " without a probe line: " + abbreviate(String.join(" ", lines));
        } catch (IOException e) {
            return "its answer cannot be read (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "interrupted";
        }
    }

    @Override
    public Task prepare(Workload workload) {
        throw new UnsupportedOperationException(NAME + " runs in a Python process and times its calls there: "
                + "measured by measure(workload, plan), not through a task of this JVM");
    }

    @Override
    public synchronized Result measure(Workload workload, Suite.Plan plan) {
        ProbeResult p = probe();
        if (!p.available()) {
            return failed(workload, "unavailable: " + p.explanation());
        }
        Path data = null;
        try {
            data = Files.createTempDirectory(dir, workload.id());
            String answer = ask(request(workload, plan, data));
            return parseRow(answer, workload);
        } catch (IOException e) {
            stop();
            return failed(workload, e.getMessage());
        } finally {
            deleteTree(data);
        }
    }

    /** The request line: the workload's definition, with its operands written as files into data. */
    String request(Workload workload, Suite.Plan plan, Path data) throws IOException {
        WorkloadData d = WorkloadData.of(workload);
        Precision precision = workload.precision();
        JsonLine j = new JsonLine();
        j.string("workload", workload.id()).string("kind", workload.kind().label()).number("size", workload.size())
                .string("precision", precision.name()).number("threads", threads);
        j.raw("plan", new JsonLine().number("warmup_ms", plan.warmupMs()).number("rounds", plan.rounds())
                .number("round_ms", plan.roundMs()).number("cell_budget_ms", plan.cellBudgetMs()).toString());
        JsonLine files = new JsonLine();
        if (workload.kind() == Workload.Kind.GEMM) {
            files.string("left", write(data.resolve("left.bin"), d.left(), precision));
            files.string("right", write(data.resolve("right.bin"), d.right(), precision));
        } else {
            List<String> layers = new ArrayList<>();
            List<String> weights = new ArrayList<>();
            List<String> biases = new ArrayList<>();
            for (int i = 0; i < workload.layers().size(); i++) {
                Workload.Layer l = workload.layers().get(i);
                layers.add("[" + l.inputs() + "," + l.units() + "," + JsonLine.quote(l.activation().label()) + "]");
                weights.add(JsonLine.quote(write(data.resolve("w" + i + ".bin"), d.weights().get(i), precision)));
                biases.add(JsonLine.quote(write(data.resolve("b" + i + ".bin"), d.biases().get(i), precision)));
            }
            j.raw("layers", "[" + String.join(",", layers) + "]");
            files.string("input", write(data.resolve("input.bin"), d.input(), precision));
            files.raw("weights", "[" + String.join(",", weights) + "]");
            files.raw("biases", "[" + String.join(",", biases) + "]");
            if (workload.kind() == Workload.Kind.TRAIN) {
                files.string("labels", writeLabels(data.resolve("labels.bin"), d.labels()));
                Workload.Training t = Workload.TRAINING;
                j.raw("train", new JsonLine().string("loss", t.loss()).string("optimizer", t.optimizer())
                        .number("lr", t.learningRate()).number("beta1", t.beta1()).number("beta2", t.beta2())
                        .number("eps", t.epsilon()).toString());
            }
        }
        j.raw("data", files.toString());
        return j.toString();
    }

    private static String write(Path file, double[] values, Precision precision) throws IOException {
        boolean f32 = precision == Precision.FLOAT32;
        ByteBuffer b = ByteBuffer.allocate(values.length * (f32 ? Float.BYTES : Double.BYTES))
                .order(ByteOrder.nativeOrder());
        for (double v : values) {
            if (f32) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        Files.write(file, b.array());
        return file.toString();
    }

    private static String writeLabels(Path file, int[] labels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(labels.length * Integer.BYTES).order(ByteOrder.nativeOrder());
        for (int label : labels) {
            b.putInt(label);
        }
        Files.write(file, b.array());
        return file.toString();
    }

    private String ask(String request) throws IOException {
        if (process == null || !process.isAlive()) {
            start();
        }
        try {
            requests.write(request);
            requests.write('\n');
            requests.flush();
        } catch (IOException e) {
            throw new IOException(SCRIPT + " does not take requests (" + e.getMessage() + ")" + stderrTail(), e);
        }
        String answer;
        try {
            answer = answers.poll(answerTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + SCRIPT, e);
        }
        if (answer == null) {
            throw new IOException(SCRIPT + " gave no answer in " + answerTimeoutMs / 1000.0 + " s; stopped");
        }
        if (END.equals(answer)) {
            throw new IOException(SCRIPT + " ended without an answer" + stderrTail());
        }
        return answer;
    }

    private void start() throws IOException {
        stop();
        ProcessBuilder b = new ProcessBuilder(python, script.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.txt").toFile()));
        b.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process p = b.start();
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        q.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was stopped: END tells the waiting side
            } finally {
                q.add(END);
            }
        }, NAME + " answers");
        reader.setDaemon(true);
        reader.start();
        process = p;
        answers = q;
        requests = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    }

    private String stderrTail() {
        try {
            Path f = dir.resolve("stderr.txt");
            if (!Files.exists(f)) {
                return "";
            }
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : "; its last error output: "
                    + abbreviate(String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
        } catch (IOException e) {
            return "";
        }
    }

    private void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        try {
            requests.close();
        } catch (IOException ignored) {
            // the process is stopped below either way
        }
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    @Override
    public synchronized void close() {
        stop();
        deleteTree(dir);
        dir = null;
        probe = null;
    }

    @Override
    public String toString() {
        return NAME;
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary file left behind must not fail the run
        }
    }

    private static Result failed(Workload workload, String note) {
        return new Result(workload, NAME, true, Result.Status.FAILED, note, null);
    }

    /**
     * Reads the script's answer for one workload: a row in the format of {@code results.csv}
     * ({@link ReportWriter#COLUMNS}) whose workload and subject must be the ones asked for. Only the measured
     * fields are read (times, rounds, calls per round, status, note); every derived figure is computed by the
     * report as for the other subjects.
     *
     * @param line the row
     * @param workload the workload asked for
     * @return the result: measured, or failed with the script's note, or failed because the row cannot be read
     */
    static Result parseRow(String line, Workload workload) {
        List<String> f;
        try {
            f = csvFields(line);
        } catch (IllegalArgumentException e) {
            return failed(workload, "unreadable answer of " + SCRIPT + " (" + e.getMessage() + "): " + abbreviate(line));
        }
        List<String> columns = ReportWriter.COLUMNS;
        if (f.size() != columns.size()) {
            return failed(workload, "unreadable answer of " + SCRIPT + " (" + f.size() + " fields, not the "
                    + columns.size() + " of results.csv): " + abbreviate(line));
        }
        String id = f.get(columns.indexOf("workload"));
        String subject = f.get(columns.indexOf("subject"));
        if (!id.equals(workload.id()) || !subject.equals(NAME)) {
            return failed(workload, SCRIPT + " answered for " + id + "@" + subject + " when asked for "
                    + workload.id() + "@" + NAME);
        }
        String status = f.get(columns.indexOf("status"));
        String note = f.get(columns.indexOf("note"));
        if (status.equals("failed")) {
            return failed(workload, "PyTorch failed: " + note);
        }
        if (!status.equals("ok")) {
            return failed(workload, "unreadable answer of " + SCRIPT + " (status '" + status + "'): "
                    + abbreviate(line));
        }
        try {
            Stats s = new Stats(number(f, "median_ns"), number(f, "min_ns"), number(f, "max_ns"), number(f, "q1_ns"),
                    number(f, "q3_ns"), Integer.parseInt(f.get(columns.indexOf("rounds"))),
                    Long.parseLong(f.get(columns.indexOf("calls_per_round"))));
            if (!(s.minNs() > 0 && s.minNs() <= s.medianNs() && s.medianNs() <= s.maxNs()) || s.rounds() < 1) {
                return failed(workload, "unreadable answer of " + SCRIPT + " (times not ordered min ≤ median ≤ max, "
                        + "all positive): " + abbreviate(line));
            }
            return new Result(workload, NAME, true, Result.Status.OK, note, s);
        } catch (NumberFormatException e) {
            return failed(workload, "unreadable answer of " + SCRIPT + " (" + e.getMessage() + "): "
                    + abbreviate(line));
        }
    }

    private static double number(List<String> fields, String column) {
        return Double.parseDouble(fields.get(ReportWriter.COLUMNS.indexOf(column)));
    }

    /**
     * Splits one CSV row as {@link ReportWriter#csv} writes it: fields separated by commas, a field with a comma
     * or quote quoted, quotes doubled inside.
     *
     * @param line the row, without its line end
     * @return the fields
     * @throws IllegalArgumentException when a quoted field is not closed
     */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "…";
    }

    /** One JSON object on one line, written field by field. */
    private static final class JsonLine {
        private final StringBuilder s = new StringBuilder("{");
        private final Set<String> keys = new LinkedHashSet<>();

        JsonLine string(String key, String value) {
            return raw(key, quote(value));
        }

        JsonLine number(String key, double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("raw:torch: " + key + " is " + value);
            }
            return raw(key, value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value) : Double.toString(value));
        }

        JsonLine raw(String key, String json) {
            if (!keys.add(key)) {
                throw new IllegalStateException("raw:torch: key " + key + " written twice");
            }
            s.append(keys.size() == 1 ? "" : ",").append(quote(key)).append(':').append(json);
            return this;
        }

        static String quote(String v) {
            StringBuilder q = new StringBuilder("\"");
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"' || c == '\\') {
                    q.append('\\').append(c);
                } else if (c < 0x20) {
                    q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    q.append(c);
                }
            }
            return q.append('"').toString();
        }

        @Override
        public String toString() {
            return s + "}";
        }
    }
}
