package org.vecnn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import org.vecnn.model.ModelFormatException;

/**
 * Every good fixture loads through {@link Model#load(Path)} and runs on every backend found, in FLOAT32 and
 * FLOAT64, within the error bound ({@link ErrorBound}) of ONNX Runtime's outputs for the same file and batch;
 * every bad fixture fails with its own message.
 */
class OnnxFixturesTest {
    private static final int ROWS = 7;

    @Test
    void thereAreFixturesAndBackends() {
        assertTrue(Fixtures.named("good-").size() >= 15, "good fixtures: " + Fixtures.named("good-"));
        assertTrue(Fixtures.named("bad-").size() >= 15, "bad fixtures: " + Fixtures.named("bad-"));
        List<String> backends = Fixtures.backends();
        assertTrue(backends.containsAll(List.of("loop", "loop-naive", "ejml")), "backends found: " + backends);
    }

    @TestFactory
    Stream<DynamicTest> everyGoodFixtureMatchesOnnxRuntimeOnEveryBackend() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Fixtures.named("good-")) {
            for (String backend : Fixtures.backends()) {
                for (Precision p : Precision.values()) {
                    tests.add(DynamicTest.dynamicTest(file.getFileName() + " on " + backend + " " + p,
                            () -> matchesOnnxRuntime(file, backend, p)));
                }
            }
        }
        return tests.stream();
    }

    static void matchesOnnxRuntime(Path file, String backendName, Precision p) throws Exception {
        Model model = Model.load(file);
        double[] x = Fixtures.batch(ROWS, model.inputs(), file.getFileName().toString().hashCode());
        OnnxRuntimeReference.Outputs ort = OnnxRuntimeReference.run(file, x, ROWS);
        assertEquals(model.outputs(), ort.cols, file + ": outputs");
        double[] got = run(model, backendName, p, x);
        assertWithin(file + " on " + backendName + " " + p, model, x, got, p, ort);
    }

    static double[] run(Model model, String backendName, Precision p, double[] x) {
        try (Backend backend = Backends.get(backendName);
             Network net = model.build(backend, p);
             Matrix in = backend.matrix(x.length / model.inputs(), model.inputs(), x, p);
             Matrix out = net.forward(in)) {
            return out.toDoubleArray();
        }
    }

    /** |vecnn − ONNX Runtime| ≤ bound(vecnn's precision) + bound(ONNX Runtime's precision), element by element. */
    static void assertWithin(String what, Model model, double[] x, double[] got, Precision p,
            OnnxRuntimeReference.Outputs ort) {
        int rows = x.length / model.inputs();
        ErrorBound mine = ErrorBound.of(model, x, rows, p);
        ErrorBound theirs = ErrorBound.of(model, x, rows, ort.precision);
        assertEquals(ort.values.length, got.length, what + ": output count");
        for (int i = 0; i < got.length; i++) {
            double allowed = mine.bound[i] + theirs.bound[i];
            double diff = Math.abs(got[i] - ort.values[i]);
            assertFalse(Double.isNaN(got[i]), what + ": NaN at " + i);
            if (!(diff <= allowed)) {
                fail(String.format(Locale.ROOT, "%s: output (%d, %d) is %s, ONNX Runtime gives %s, off by %.3g; "
                        + "the bound is %.3g", what, i / ort.cols, i % ort.cols, got[i], ort.values[i], diff, allowed));
            }
        }
    }

    @Test
    void precisionFollowsTheFile() throws Exception {
        assertEquals(Precision.FLOAT32, Model.load(Fixtures.file("good-torch-relu-softmax-opset13.onnx")).precision());
        assertEquals(Precision.FLOAT64, Model.load(Fixtures.file("good-torch-double-opset14.onnx")).precision());
        assertEquals(Precision.FLOAT64, Model.load(Fixtures.file("good-double-data-matmul-add-opset13.onnx"))
                .precision());
    }

    @Test
    void pytorchMlpLoadsAsItsLayers() throws Exception {
        Model model = Model.load(Fixtures.file("good-torch-relu-softmax-opset13.onnx"));
        assertEquals("Model[6→8 relu, 8→4 softmax] FLOAT32", model.toString());
        Model bn = Model.load(Fixtures.file("good-torch-flatten-batchnorm-dropout-opset15.onnx"));
        assertEquals("Model[6→8 relu, 8→5 softmax] FLOAT32", bn.toString());
    }

    @Test
    void leakyReluKeepsTheFileSlopeExactlyAndLogSoftmaxEveryRowAxis() throws Exception {
        // PyTorch writes LeakyReLU(0.2) and LeakyReLU()'s 0.01 as float attributes: the slopes are those floats.
        for (String opset : List.of("9", "17")) {
            Model torch = Model.load(Fixtures.file("good-torch-leakyrelu-logsoftmax-opset" + opset + ".onnx"));
            assertEquals(List.of(Activation.leakyRelu(0.2f), Activation.leakyRelu(0.01f), Activation.LOG_SOFTMAX),
                    activations(torch), opset);
        }
        assertEquals(List.of(Activation.leakyRelu(0.1f), Activation.LINEAR),
                activations(Model.load(Fixtures.file("good-torch-leakyrelu-opset13.onnx"))));
        // no alpha attribute: ONNX's default 0.01, a float like every attribute
        assertEquals(List.of(Activation.leakyRelu(0.01f), Activation.leakyRelu(0.3f)),
                activations(Model.load(Fixtures.file("good-leakyrelu-alpha-opset9.onnx"))));
        assertEquals(List.of(Activation.leakyRelu(-0.25), Activation.leakyRelu(2.5)),
                activations(Model.load(Fixtures.file("good-double-leakyrelu-alpha-opset16.onnx"))));
        // alpha=0 is a leaky ReLU of slope 0, as in the file (its -0.0 for z < 0 is ONNX Runtime's too)
        assertEquals(List.of(Activation.leakyRelu(0), Activation.SIGMOID),
                activations(Model.load(Fixtures.file("good-torch-leakyrelu0-opset17.onnx"))));
        for (String opset : List.of("11", "13")) {
            assertEquals(List.of(Activation.LOG_SOFTMAX, Activation.LOG_SOFTMAX),
                    activations(Model.load(Fixtures.file("good-logsoftmax-axes-opset" + opset + ".onnx"))), opset);
        }
        assertEquals(List.of(Activation.LOG_SOFTMAX),
                activations(Model.load(Fixtures.file("good-torch-logsoftmax-opset13.onnx"))));
    }

    private static List<Activation> activations(Model model) {
        List<Activation> list = new ArrayList<>();
        model.layers().forEach(l -> list.add(l.activation()));
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "bad-torch-conv.onnx; node '/0/Conv' (Conv): op Conv is not supported; vecnn reads a chain of Gemm",
        "bad-logsoftmax-axis0-opset13.onnx; node 'log_softmax' (LogSoftmax): axis=0 on [batch, units] normalizes "
                + "across the batch; vecnn's log_softmax normalizes each row (axis 1 or -1)",
        "bad-logsoftmax-axis0-opset11.onnx; node 'log_softmax' (LogSoftmax): axis=0 on [batch, units] normalizes "
                + "the whole batch as one row; vecnn's log_softmax normalizes each row (axis 1 or -1)",
        "bad-logsoftmax-axis2-opset13.onnx; node 'log_softmax' (LogSoftmax): axis=2 on [batch, units] normalizes "
                + "an axis the tensor does not have",
        "bad-shared-weights.onnx; initializer 'W' is read by nodes 'first' (MatMul) and 'second' (MatMul): weights"
                + " shared between two nodes",
        "bad-branch.onnx; tensor 'x' is read by 'left' (Gemm) and 'right' (Gemm): the graph branches",
        "bad-gemm-transa.onnx; node 'gemm' (Gemm): transA=1 transposes the batch",
        "bad-softmax-axis0.onnx; node 'softmax' (Softmax): axis=0 on [batch, units] normalizes across the batch",
        "bad-unknown-attribute.onnx; node 'relu' (Relu): attribute 'slope' is not implemented",
        "bad-opset8.onnx; opset 8 is outside the opsets vecnn reads, 9 to 23",
        "bad-huge-dims.onnx; initializer 'W': dims [1048576, 1048576] declare more than 2147483639 elements",
        "bad-huge-raw-data.onnx; initializer 'W': raw_data holds 8 bytes, but dims [30000, 30000] of FLOAT need "
                + "3600000000",
        "bad-external-missing.onnx; initializer 'W': external data file 'no-such-file.bin' not found next to the "
                + "model",
        "bad-external-escape.onnx; external data location '../../../../../../etc/passwd' leaves the model's folder",
        "bad-truncated.onnx; not a valid ONNX model, or truncated or corrupt: While parsing a protocol message, the "
                + "input ended unexpectedly in the middle of a field.",
        "bad-garbage.onnx; not a valid ONNX model, or truncated or corrupt",
        "bad-huge-length.onnx; not a valid ONNX model, or truncated or corrupt: a field declares more bytes than the "
                + "file holds",
    })
    void badFixtureGetsItsMessage(String name, String message) {
        Path file = Fixtures.file(name);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.load(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void everyBadFixtureIsCheckedAbove() {
        assertEquals(17, Fixtures.named("bad-").size(), "bad fixtures: " + Fixtures.named("bad-"));
    }
}
