package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Precision;
import org.vecnn.model.Model;

/**
 * {@code vecnn predict} on an {@code .onnx} model (the digits model exported by PyTorch,
 * examples/digits/export_onnx.py) and {@code vecnn convert} between {@code .npz} and {@code .onnx}.
 */
class OnnxCommandsTest {
    private static Path digits;

    @TempDir
    Path dir;

    @BeforeAll
    static void findDigits() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/digits/digits-mlp.onnx"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("examples/digits/digits-mlp.onnx not found above " + Path.of("").toAbsolutePath());
        }
        digits = p.resolve("examples/digits");
    }

    private static String file(String name) {
        return digits.resolve(name).toString();
    }

    @Test
    void predictOnThePytorchExportGivesWhatTheNpzGivesInFloat32() {
        // PyTorch holds the npz's float64 weights rounded to float32, as vecnn's FLOAT32 does: bitwise the same.
        Cli.Result onnx = Cli.run(Cli.loops(), "predict", "--model", file("digits-mlp.onnx"), "--input",
                file("digits-test-x.csv"), "--backend", "loop");
        Cli.Result npz = Cli.run(Cli.loops(), "predict", "--model", file("digits-mlp.npz"), "--input",
                file("digits-test-x.csv"), "--backend", "loop", "--precision", "float32");
        assertEquals(Main.OK, onnx.code(), onnx.err());
        assertEquals(Main.OK, npz.code(), npz.err());
        assertEquals(360, onnx.outLines().size());
        assertEquals(npz.out(), onnx.out());
    }

    @Test
    void predictArgmaxOnThePytorchExportGivesScikitLearnsAccuracy() throws IOException {
        Cli.Result r = Cli.run(Cli.loops(), "predict", "--model", file("digits-mlp.onnx"), "--input",
                file("digits-test-x.csv"), "--backend", "loop-naive", "--argmax");
        assertEquals(Main.OK, r.code(), r.err());
        List<String> y = Files.readAllLines(digits.resolve("digits-test-y.csv"));
        int correct = 0;
        for (int i = 0; i < y.size(); i++) {
            correct += r.outLines().get(i).equals(y.get(i)) ? 1 : 0;
        }
        assertEquals(348, correct, "scikit-learn's 348/360 (docs/models.md)");
    }

    @Test
    void convertNpzToOnnxAndBackKeepsTheModel() throws IOException {
        Path onnx = dir.resolve("digits.onnx");
        Path npz = dir.resolve("back.npz");
        Cli.Result there = Cli.run(Cli.loops(), "convert", file("digits-mlp.npz"), onnx.toString());
        assertEquals(Main.OK, there.code(), there.err());
        assertEquals(onnx + ": Model[64→32 relu, 32→10 softmax] FLOAT64", there.out().strip());
        Cli.Result back = Cli.run(Cli.loops(), "convert", onnx.toString(), npz.toString());
        assertEquals(Main.OK, back.code(), back.err());
        Model original = Model.load(digits.resolve("digits-mlp.npz"));
        assertEquals(original, Model.load(onnx));
        assertEquals(original, Model.load(npz));
    }

    /** vecnn-onnx's PyTorch fixture: 6 → 8 LeakyReLU(0.2) → 7 LeakyReLU() → 4 LogSoftmax(dim=1), opset 17. */
    private static Path leakyLogSoftmax() {
        Path fixture = digits.resolve("../../onnx/src/test/resources/org/vecnn/onnx/fixtures/"
                + "good-torch-leakyrelu-logsoftmax-opset17.onnx").normalize();
        assertTrue(Files.isRegularFile(fixture), fixture.toString());
        return fixture;
    }

    @Test
    void predictOnAPytorchLeakyReluLogSoftmaxExportGivesLogProbabilities() throws IOException {
        Path csv = dir.resolve("x.csv");
        double[][] x = {{0.5, -1, 2, 0.25, -0.75, 1.5}, {-2, 1, 0, -0.5, 3, -1}, {1, 1, 1, 1, 1, 1}};
        StringBuilder text = new StringBuilder();
        for (double[] row : x) {
            text.append(java.util.Arrays.stream(row).mapToObj(Double::toString)
                    .collect(java.util.stream.Collectors.joining(","))).append('\n');
        }
        Files.writeString(csv, text);
        Cli.Result r = Cli.run(Cli.loops(), "predict", "--model", leakyLogSoftmax().toString(), "--input",
                csv.toString(), "--backend", "loop", "--precision", "float64");
        assertEquals(Main.OK, r.code(), r.err());
        Model model = Model.load(leakyLogSoftmax());
        assertEquals("Model[6→8 leaky_relu(0.20000000298023224), 8→7 leaky_relu(0.009999999776482582), 7→4 "
                + "log_softmax] FLOAT32", model.toString());
        for (int i = 0; i < x.length; i++) {
            double[] want = forward(model, x[i]);
            String[] got = r.outLines().get(i).split(",");
            assertEquals(want.length, got.length, r.out());
            for (int j = 0; j < want.length; j++) {
                assertEquals(want[j], Double.parseDouble(got[j]), 1e-12, "row " + i + " column " + j);
            }
        }
    }

    /** The model in double, straight from its layers: the leaky ReLU and log-softmax formulas of the api. */
    private static double[] forward(Model model, double[] input) {
        double[] a = input;
        for (var layer : model.layers()) {
            double[] z = layer.bias().clone();
            for (int j = 0; j < layer.units(); j++) {
                for (int k = 0; k < layer.inputs(); k++) {
                    z[j] += a[k] * layer.weights()[k * layer.units() + j];
                }
            }
            if (layer.activation().isRowWise()) {
                double max = java.util.Arrays.stream(z).max().orElseThrow();
                double sum = java.util.Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
                a = java.util.Arrays.stream(z).map(v -> v - max - Math.log(sum)).toArray();
            } else {
                a = java.util.Arrays.stream(z).map(layer.activation()::apply).toArray();
            }
        }
        return a;
    }

    @Test
    void convertKeepsLeakyReluSlopesAndLogSoftmaxBothWays() throws IOException {
        Path npz = dir.resolve("leaky.npz");
        Path onnx = dir.resolve("leaky.onnx");
        Cli.Result there = Cli.run(Cli.loops(), "convert", leakyLogSoftmax().toString(), npz.toString());
        assertEquals(Main.OK, there.code(), there.err());
        Cli.Result back = Cli.run(Cli.loops(), "convert", npz.toString(), onnx.toString());
        assertEquals(Main.OK, back.code(), back.err());
        Model original = Model.load(leakyLogSoftmax());
        assertEquals(original, Model.load(npz));
        assertEquals(original, Model.load(onnx));
    }

    @Test
    void convertWithFloat32WritesFloatTensors() throws IOException {
        Path onnx = dir.resolve("digits32.onnx");
        Cli.Result r = Cli.run(Cli.loops(), "convert", file("digits-mlp.npz"), onnx.toString(), "--precision",
                "float32");
        assertEquals(Main.OK, r.code(), r.err());
        Model loaded = Model.load(onnx);
        assertEquals(Precision.FLOAT32, loaded.precision());
        assertEquals(Model.load(digits.resolve("digits-mlp.onnx")).layers(), loaded.layers());
    }

    @Test
    void convertOfAGraphVecnnCannotRunIsOneLineNamingTheNode() throws IOException {
        Path onnx = dir.resolve("conv.onnx");
        // A Conv node, as onnx.helper writes it: ir 8, opset 13, one node, no weights needed to fail.
        Files.write(onnx, convGraph());
        Path out = dir.resolve("out.npz");
        Cli.Result r = Cli.run(Cli.loops(), "convert", onnx.toString(), out.toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("vecnn convert: " + onnx + ": node 'conv' (Conv): op Conv is not "
                + "supported"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void convertOfAMissingFileIsOneLine() {
        Path missing = dir.resolve("missing.npz");
        Cli.Result r = Cli.run(Cli.loops(), "convert", missing.toString(), dir.resolve("out.onnx").toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals(List.of("vecnn convert: " + missing + ": no such file"), r.errLines());
    }

    @Test
    void convertNeedsTwoFiles() {
        Cli.Result r = Cli.run(Cli.loops(), "convert", file("digits-mlp.npz"));
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("OUT"), r.err());
    }

    /** ModelProto{ir_version 8, opset 13, graph{node Conv "conv" x→y, input x, output y}}, encoded by hand. */
    private static byte[] convGraph() {
        java.io.ByteArrayOutputStream graph = new java.io.ByteArrayOutputStream();
        byte[] node = concat(field(1, "x"), field(2, "y"), field(3, "conv"), field(4, "Conv"));
        write(graph, field(1, node));
        write(graph, field(11, valueInfo("x")));
        write(graph, field(12, valueInfo("y")));
        byte[] opset = new byte[] {0x10, 13}; // version = 13
        return concat(new byte[] {0x08, 8}, field(8, opset), field(7, graph.toByteArray()));
    }

    private static byte[] valueInfo(String name) {
        // type { tensor_type { elem_type FLOAT, shape { dim { dim_param "N" } dim { dim_value 3 } } } }
        byte[] shape = concat(field(1, field(2, "N")), field(1, new byte[] {0x08, 3}));
        byte[] tensor = concat(new byte[] {0x08, 1}, field(2, shape));
        return concat(field(1, name), field(2, field(1, tensor)));
    }

    private static byte[] field(int number, String text) {
        return field(number, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] field(int number, byte[] bytes) {
        if (bytes.length > 127) {
            throw new IllegalArgumentException("one-byte lengths only");
        }
        return concat(new byte[] {(byte) (number << 3 | 2), (byte) bytes.length}, bytes);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            write(out, p);
        }
        return out.toByteArray();
    }

    private static void write(java.io.ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }
}
