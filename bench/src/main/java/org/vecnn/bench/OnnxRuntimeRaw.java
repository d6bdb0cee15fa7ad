package org.vecnn.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.model.LayerWeights;
import org.vecnn.model.Model;
import org.vecnn.spi.ProbeResult;

/**
 * ONNX Runtime's Java api on its CPU provider, the engine a Java user would pick for inference today: the
 * workload's layers are written as an {@code .onnx} file by vecnn-onnx ({@link Model#save}, Gemm and
 * activation nodes, the same weights as every other subject) and run by an {@code OrtSession} with as many
 * intra-op threads as vecnn's {@code loop} uses ({@code vecnn.loop.threads}, default the available processors),
 * sequential execution, all graph optimizations. Inputs and outputs are direct buffers created once, the output
 * pinned, so a call is {@code session.run} and nothing else.
 *
 * <p>GEMM has no ONNX form of its own here: it runs as one linear Gemm layer with a zero bias, whose bias
 * pass (n<sup>2</sup> additions beside 2n<sup>3</sup> operations) is the only difference.
 *
 * <p>ONNX Runtime is an optional dependency of the bench: without its jar this subject is unavailable and
 * says so; everything else runs.
 */
final class OnnxRuntimeRaw implements Subject {
    static final String NAME = "raw:onnxruntime";

    private volatile ProbeResult probe;

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

    /** @return the intra-op threads: vecnn's loop backend's thread count */
    static int threads() {
        return Math.max(1, Integer.getInteger("vecnn.loop.threads", Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @return whether ONNX Runtime's intra-op threads spin between calls (its default): false where the system
     *     property {@code vecnn.bench.ort.spinning} is {@code false}, so that its idle threads do not take the cores
     *     from the subject timed next in interleaved rounds
     */
    static boolean spinning() {
        return !"false".equalsIgnoreCase(System.getProperty("vecnn.bench.ort.spinning", "true"));
    }

    @Override
    public ProbeResult probe() {
        ProbeResult p = probe;
        if (p == null) {
            synchronized (this) {
                p = probe;
                if (p == null) {
                    try {
                        OrtEnvironment.getEnvironment();
                        p = ProbeResult.available("ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion()
                                + " CPU provider, " + threads() + " intra-op threads");
                    } catch (Throwable t) {
                        p = ProbeResult.failed("loading " + NAME, t, "add com.microsoft.onnxruntime:onnxruntime "
                                + "to the class path (an optional dependency of vecnn-bench; benchmarks.jar has it)");
                    }
                    probe = p;
                }
            }
        }
        return p;
    }

    /** The workload's layers as a model; GEMM as one linear layer of the right operand with a zero bias. */
    static Model model(Workload workload, WorkloadData data) {
        List<LayerWeights> layers = new ArrayList<>();
        if (workload.kind() == Workload.Kind.GEMM) {
            int n = workload.size();
            layers.add(new LayerWeights(n, n, Activation.LINEAR, data.right(), new double[n]));
        } else {
            for (int i = 0; i < workload.layers().size(); i++) {
                Workload.Layer l = workload.layers().get(i);
                layers.add(new LayerWeights(l.inputs(), l.units(), l.activation(), data.weights().get(i),
                        data.biases().get(i)));
            }
        }
        return Model.of(workload.precision(), layers);
    }

    @Override
    public Task prepare(Workload workload) {
        ProbeResult p = probe();
        if (!p.available()) {
            throw new IllegalStateException(NAME + " is unavailable: " + p.reason());
        }
        if (workload.kind() == Workload.Kind.TRAIN) {
            throw new UnsupportedOperationException(name() + " has no training step (" + workload.id() + ")");
        }
        WorkloadData data = WorkloadData.of(workload);
        Model model = model(workload, data);
        double[] input = workload.kind() == Workload.Kind.GEMM ? data.left() : data.input();
        try {
            Path file = Files.createTempFile("vecnn-bench-" + workload.id() + "-", ".onnx");
            try {
                model.save(file, workload.precision(), false);
                return OrtTask.open(file, workload.batch(), model.inputs(), model.outputs(), input,
                        workload.precision());
            } finally {
                Files.deleteIfExists(file); // the session holds the parsed model
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raw:onnxruntime: writing the model of " + workload.id(), e);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return NAME;
    }

    /**
     * One session, its input and its pinned output. Every reference to ONNX Runtime's classes is in here or in
     * a try block of {@link #probe()}, so that this subject links without them and says why it cannot run.
     */
    static final class OrtTask implements Task {
        private final OrtSession.SessionOptions options;
        private final OrtSession session;
        private final OnnxTensor in;
        private final OnnxTensor out;
        private final Map<String, OnnxTensor> inputs;
        private final Map<String, OnnxTensor> outputs;
        private final int length;
        private final Precision precision;

        /** A task on the model file; ONNX Runtime's failures become IllegalStateException. */
        static OrtTask open(Path file, int rows, int inputs, int units, double[] x, Precision precision) {
            try {
                return new OrtTask(file, rows, inputs, units, x, precision);
            } catch (OrtException e) {
                throw new IllegalStateException("raw:onnxruntime: opening " + file + ": " + e.getMessage(), e);
            }
        }

        private OrtTask(Path file, int rows, int inputs, int units, double[] x, Precision precision)
                throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            this.precision = precision;
            this.length = rows * units;
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            OrtSession s = null;
            OnnxTensor i = null;
            try {
                o.setIntraOpNumThreads(threads());
                o.setInterOpNumThreads(1);
                o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                if (!spinning()) {
                    o.addConfigEntry("session.intra_op.allow_spinning", "0");
                }
                s = env.createSession(file.toString(), o);
                i = tensor(env, x, new long[] {rows, inputs}, precision);
                this.out = tensor(env, null, new long[] {rows, units}, precision);
            } catch (OrtException | RuntimeException e) {
                if (i != null) {
                    i.close();
                }
                if (s != null) {
                    s.close();
                }
                o.close();
                throw e;
            }
            this.options = o;
            this.session = s;
            this.in = i;
            this.inputs = Map.of("input", in);
            this.outputs = Map.of("output", out);
        }

        private static OnnxTensor tensor(OrtEnvironment env, double[] values, long[] shape, Precision precision)
                throws OrtException {
            int n = (int) (shape[0] * shape[1]);
            ByteBuffer bytes = ByteBuffer.allocateDirect(n * (precision == Precision.FLOAT32 ? 4 : 8))
                    .order(ByteOrder.nativeOrder());
            if (precision == Precision.FLOAT32) {
                FloatBuffer f = bytes.asFloatBuffer();
                if (values != null) {
                    f.put(WorkloadData.toFloat(values)).rewind();
                }
                return OnnxTensor.createTensor(env, f, shape);
            }
            DoubleBuffer d = bytes.asDoubleBuffer();
            if (values != null) {
                d.put(values).rewind();
            }
            return OnnxTensor.createTensor(env, d, shape);
        }

        @Override
        public Object run() {
            try (OrtSession.Result r = session.run(inputs, outputs)) {
                return out;
            } catch (OrtException e) {
                throw new IllegalStateException("raw:onnxruntime: run failed: " + e.getMessage(), e);
            }
        }

        @Override
        public double[] result() {
            run();
            double[] values = new double[length];
            if (precision == Precision.FLOAT32) {
                FloatBuffer f = out.getFloatBuffer();
                for (int i = 0; i < length; i++) {
                    values[i] = f.get(i);
                }
            } else {
                DoubleBuffer d = out.getDoubleBuffer();
                for (int i = 0; i < length; i++) {
                    values[i] = d.get(i);
                }
            }
            return values;
        }

        @Override
        public void close() {
            out.close();
            in.close();
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("raw:onnxruntime: closing the session: " + e.getMessage(), e);
            } finally {
                options.close();
            }
        }
    }
}
