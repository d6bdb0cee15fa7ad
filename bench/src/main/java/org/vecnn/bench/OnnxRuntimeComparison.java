package org.vecnn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.model.LayerWeights;
import org.vecnn.model.Model;

/**
 * vecnn's CPU backends beside ONNX Runtime on one model file: for the dense (784&rarr;256 sigmoid) and network
 * (784&rarr;256&rarr;128&rarr;10) workloads at batch 1, 64, 256 and 1024, FLOAT32, the workload's weights are
 * saved once as {@code .onnx}; vecnn loads that file ({@link Model#load}) and runs its layers into preallocated
 * outputs, ONNX Runtime runs the same file ({@link OnnxRuntimeRaw}: CPU provider, intra-op threads = vecnn's).
 * Subjects' rounds are interleaved; each figure is the median of the rounds' per-call times. For the dense
 * layer it also times the parts as {@link DenseCostTiming} does: the product alone, with the bias, with the
 * activation (for ONNX Runtime: a Gemm with a zero bias, a Gemm, a Gemm and Sigmoid).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp "bench/target/vecnn-bench-*.jar:bench/target/lib/*" \
 *     org.vecnn.bench.OnnxRuntimeComparison [rounds] [backend ...]</pre>
 */
public final class OnnxRuntimeComparison {
    private static final int[] BATCHES = {1, 64, 256, 1024};

    private OnnxRuntimeComparison() {
    }

    /** A timed call. */
    private interface Call {
        void run() throws Exception;
    }

    /**
     * @param args the number of rounds (default 15), then backend names (default: loop, nd4j, ejml)
     * @throws Exception when a subject fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> backends = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("loop", "nd4j", "ejml");
        System.out.printf(Locale.ROOT, "# %s; %d cores; ONNX Runtime: %s; vecnn.loop.threads %d; FLOAT32; median "
                + "of %d rounds%n", Machine.cpuModel(), Runtime.getRuntime().availableProcessors(),
                new OnnxRuntimeRaw().probe().reason(), OnnxRuntimeRaw.threads(), rounds);
        System.out.println("| workload | batch | " + String.join(" | ", backends) + " | raw:onnxruntime | best CPU / ORT "
                + "samples/s | loop / ORT samples/s |");
        System.out.println("|---|---:|" + "---:|".repeat(backends.size() + 3));
        for (Workload.Kind kind : List.of(Workload.Kind.DENSE, Workload.Kind.NETWORK)) {
            for (int batch : BATCHES) {
                Workload w = new Workload(kind, batch, Precision.FLOAT32);
                double[] ms = compare(w, OnnxRuntimeRaw.model(w, WorkloadData.of(w)), backends, rounds);
                row(kind.label(), batch, backends, ms);
            }
        }
        System.out.println();
        System.out.println("Dense 784→256 sigmoid, parts (ms per call): product | + bias | + sigmoid");
        for (int batch : BATCHES) {
            Workload w = Workload.dense(batch, Precision.FLOAT32);
            Model full = OnnxRuntimeRaw.model(w, WorkloadData.of(w));
            LayerWeights l = full.layers().get(0);
            Model product = Model.of(Precision.FLOAT32, List.of(new LayerWeights(l.inputs(), l.units(),
                    Activation.LINEAR, l.weights(), new double[l.units()])));
            Model bias = Model.of(Precision.FLOAT32, List.of(new LayerWeights(l.inputs(), l.units(),
                    Activation.LINEAR, l.weights(), l.bias())));
            double[][] parts = {compare(w, product, backends, rounds), compare(w, bias, backends, rounds),
                compare(w, full, backends, rounds)};
            StringBuilder s = new StringBuilder("batch " + batch + ":");
            for (int i = 0; i <= backends.size(); i++) {
                String name = i < backends.size() ? backends.get(i) : "onnxruntime";
                s.append(String.format(Locale.ROOT, "  %s %s | %s | %s;", name, ms(parts[0][i]), ms(parts[1][i]),
                        ms(parts[2][i])));
            }
            System.out.println(s);
        }
    }

    private static String ms(double v) {
        return v < 0.1 ? String.format(Locale.ROOT, "%.1f µs", v * 1000) : String.format(Locale.ROOT, "%.3f ms", v);
    }

    private static void row(String kind, int batch, List<String> backends, double[] ms) {
        double ort = ms[backends.size()];
        double best = Double.POSITIVE_INFINITY;
        StringBuilder s = new StringBuilder("| " + kind + " | " + batch + " | ");
        for (int i = 0; i <= backends.size(); i++) {
            s.append(ms(ms[i])).append(" | ");
            if (i < backends.size()) {
                best = Math.min(best, ms[i]);
            }
        }
        int loop = backends.indexOf("loop");
        s.append(String.format(Locale.ROOT, "%.2f× | %s |", ort / best,
                loop < 0 ? "–" : String.format(Locale.ROOT, "%.2f×", ort / ms[loop])));
        System.out.println(s);
    }

    /** @return ms per call for each backend, then ONNX Runtime, on the model saved to one file */
    private static double[] compare(Workload w, Model model, List<String> backends, int rounds) throws Exception {
        WorkloadData data = WorkloadData.of(w);
        Path file = Files.createTempFile("vecnn-compare-", ".onnx");
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            model.save(file, Precision.FLOAT32, false);
            Model loaded = Model.load(file);
            List<Call> calls = new ArrayList<>();
            for (String name : backends) {
                Backend backend = Backends.get(name);
                owned.add(backend);
                calls.add(vecnn(backend, loaded, data.input(), w.batch(), owned));
            }
            OnnxRuntimeRaw.OrtTask ort = OnnxRuntimeRaw.OrtTask.open(file, w.batch(), loaded.inputs(),
                    loaded.outputs(), data.input(), Precision.FLOAT32);
            owned.add(ort);
            calls.add(ort::run);
            return time(calls, rounds, w.batch());
        } finally {
            for (int i = owned.size() - 1; i >= 0; i--) {
                try {
                    owned.get(i).close();
                } catch (Exception ignored) {
                    // closing one subject must not hide the others' figures
                }
            }
            Files.deleteIfExists(file);
        }
    }

    /** The model's layers on a backend, each forward into a preallocated output (what BackendSubject does). */
    private static Call vecnn(Backend backend, Model model, double[] input, int batch, List<AutoCloseable> owned) {
        List<DenseLayer> layers = new ArrayList<>();
        List<Matrix> outs = new ArrayList<>();
        for (LayerWeights l : model.layers()) {
            layers.add(backend.dense(backend.matrix(l.inputs(), l.units(), l.weights(), Precision.FLOAT32),
                    backend.matrix(1, l.units(), l.bias(), Precision.FLOAT32), l.activation()));
            outs.add(backend.zeros(batch, l.units(), Precision.FLOAT32));
            owned.add(layers.get(layers.size() - 1));
            owned.add(outs.get(outs.size() - 1));
        }
        Matrix x = backend.matrix(batch, model.inputs(), input, Precision.FLOAT32);
        owned.add(x);
        return () -> {
            Matrix in = x;
            for (int i = 0; i < layers.size(); i++) {
                layers.get(i).forward(in, outs.get(i));
                in = outs.get(i);
            }
            in.get(0, 0);
        };
    }

    /**
     * Warm-up until the compiler has settled, then rounds interleaved across subjects; calls per round sized to
     * about 20 ms.
     */
    private static double[] time(List<Call> calls, int rounds, int batch) throws Exception {
        int[] perRound = new int[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            perRound[i] = (int) Math.max(1, Math.min(100_000, 20e6 / warmUp(calls.get(i))));
        }
        double[][] ms = new double[calls.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < calls.size(); i++) {
                Call c = calls.get(i);
                long start = System.nanoTime();
                for (int k = 0; k < perRound[i]; k++) {
                    c.run();
                }
                ms[i][r] = (System.nanoTime() - start) / 1e6 / perRound[i];
            }
        }
        double[] median = new double[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            Arrays.sort(ms[i]);
            median[i] = ms[i][rounds / 2];
        }
        return median;
    }

    /**
     * Runs a call in blocks of about 200 ms until a block's time per call is within 5% of the block before (the
     * SIMD kernels of loop are compiled by C2 only after seconds of calls), for at least 1 s and at most 10 s.
     *
     * @return nanoseconds per call in the last block
     */
    private static double warmUp(Call c) throws Exception {
        long begin = System.nanoTime();
        double before = Double.POSITIVE_INFINITY;
        while (true) {
            long start = System.nanoTime();
            int n = 0;
            while (n < 20 || System.nanoTime() - start < 200_000_000L) {
                c.run();
                n++;
            }
            double each = (System.nanoTime() - start) / (double) n;
            long spent = System.nanoTime() - begin;
            if (spent > 10_000_000_000L || (spent > 1_000_000_000L && Math.abs(each - before) <= 0.05 * before)) {
                return each;
            }
            before = each;
        }
    }
}
