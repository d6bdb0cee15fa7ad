package org.vecnn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.model.LayerWeights;
import org.vecnn.model.Model;
import org.vecnn.model.Sequential;
import org.vecnn.onnx.internal.proto.Onnx.ModelProto;
import org.vecnn.onnx.internal.proto.Onnx.TensorShapeProto;

/**
 * The export round trip: a model loaded from each fixture, or built in vecnn, saved as {@code .onnx} in
 * FLOAT32 and FLOAT64, runs on ONNX Runtime to vecnn's outputs within the error bound, and reads back as the
 * same model.
 */
class OnnxExportTest {
    private static final int ROWS = 5;

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyFixtureRoundTripsThroughOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Fixtures.named("good-")) {
            for (Precision p : Precision.values()) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + " " + p, () -> roundTrip(Model.load(file), p,
                        file.getFileName().toString())));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> modelsBuiltInVecnnRoundTrip() {
        List<DynamicTest> tests = new ArrayList<>();
        Model every = Sequential.input(9).dense(7, Activation.RELU).dense(6, Activation.TANH)
                .dense(5, Activation.SIGMOID).dense(4, Activation.LINEAR).dense(3, Activation.SOFTMAX).initialize(13);
        Model linear = Sequential.input(3).dense(2, Activation.LINEAR).initialize(7);
        // Slopes that are floats (0.25, -0.5) and that are not (0.2, the default 0.01); log-softmax hidden and last.
        Model leaky = Sequential.input(8).dense(7, Activation.leakyRelu(0.2)).dense(6, Activation.LEAKY_RELU)
                .dense(5, Activation.LOG_SOFTMAX).dense(4, Activation.leakyRelu(0.25))
                .dense(4, Activation.leakyRelu(-0.5)).dense(3, Activation.LOG_SOFTMAX).initialize(17);
        for (Precision p : Precision.values()) {
            tests.add(DynamicTest.dynamicTest("every activation " + p, () -> roundTrip(every, p, "every")));
            tests.add(DynamicTest.dynamicTest("leaky relu and log-softmax " + p, () -> roundTrip(leaky, p, "leaky")));
            tests.add(DynamicTest.dynamicTest("one linear layer " + p, () -> roundTrip(linear, p, "linear")));
        }
        return tests.stream();
    }

    private void roundTrip(Model original, Precision p, String name) throws Exception {
        Path exported = temp.resolve(name + "-" + p + ".onnx");
        original.save(exported, p, false);
        // ONNX's LeakyRelu alpha is a float attribute: the file holds each slope rounded to float, and ONNX
        // Runtime runs that model (the same one for slopes that are floats, as every slope read from ONNX is).
        Model model = withFloatSlopes(original);
        double[] x = Fixtures.batch(ROWS, model.inputs(), name.hashCode());
        OnnxRuntimeReference.Outputs ort = OnnxRuntimeReference.run(exported, x, ROWS);
        assertEquals(p, ort.precision, "exported tensors' type");
        double[] got = OnnxFixturesTest.run(model, "loop", p, x);
        OnnxFixturesTest.assertWithin(name + " exported in " + p, model, x, got, p, ort);

        Model back = Model.load(exported);
        assertEquals(p, back.precision());
        assertEquals(model.layers().size(), back.layers().size());
        for (int i = 0; i < back.layers().size(); i++) {
            LayerWeights a = model.layers().get(i);
            LayerWeights b = back.layers().get(i);
            assertEquals(a.toString(), b.toString());
            assertArrayEquals(rounded(a.weights(), p), b.weights(), name + " layer " + i + " W");
            assertArrayEquals(rounded(a.bias(), p), b.bias(), name + " layer " + i + " b");
        }
    }

    private static Model withFloatSlopes(Model model) {
        List<LayerWeights> layers = new ArrayList<>();
        for (LayerWeights l : model.layers()) {
            Activation g = l.activation();
            Activation written = g.kind() == Activation.Kind.LEAKY_RELU ? Activation.leakyRelu((float) g.alpha()) : g;
            layers.add(new LayerWeights(l.inputs(), l.units(), written, l.weights(), l.bias()));
        }
        return Model.of(model.precision(), layers);
    }

    @Test
    void leakyReluIsWrittenWithItsSlopeAndLogSoftmaxAlongTheLastAxis() throws IOException {
        Path file = temp.resolve("leaky.onnx");
        Model model = Sequential.input(4).dense(3, Activation.leakyRelu(0.25)).dense(3, Activation.LEAKY_RELU)
                .dense(2, Activation.LOG_SOFTMAX).initialize(5);
        model.save(file, Precision.FLOAT32, false);
        ModelProto proto = OnnxReader.parse(file);
        assertEquals(13, proto.getOpsetImport(0).getVersion());
        List<String> ops = new ArrayList<>();
        proto.getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
        assertEquals(List.of("Gemm", "LeakyRelu", "Gemm", "LeakyRelu", "Gemm", "LogSoftmax"), ops);
        assertEquals("alpha", proto.getGraph().getNode(1).getAttribute(0).getName());
        assertEquals(0.25f, proto.getGraph().getNode(1).getAttribute(0).getF());
        assertEquals(0.01f, proto.getGraph().getNode(3).getAttribute(0).getF());
        assertEquals("axis", proto.getGraph().getNode(5).getAttribute(0).getName());
        assertEquals(-1, proto.getGraph().getNode(5).getAttribute(0).getI());
        Model back = Model.load(file);
        assertEquals(Activation.leakyRelu(0.25), back.layers().get(0).activation());
        assertEquals(Activation.leakyRelu(0.01f), back.layers().get(1).activation());
        assertEquals(Activation.LOG_SOFTMAX, back.layers().get(2).activation());
        // ONNX Runtime runs a DOUBLE LeakyRelu only from opset 16 on (LeakyRelu-16's function body)
        Path wide = temp.resolve("leaky64.onnx");
        model.save(wide, Precision.FLOAT64, false);
        assertEquals(16, OnnxReader.parse(wide).getOpsetImport(0).getVersion());
        // a slope no float32 attribute holds is refused, and nothing is written
        Path huge = temp.resolve("huge.onnx");
        Model steep = Sequential.input(2).dense(2, Activation.leakyRelu(1e300)).initialize(5);
        var e = assertThrows(IllegalArgumentException.class, () -> steep.save(huge, Precision.FLOAT64, false));
        assertTrue(e.getMessage().contains("layer 0 (2→2 leaky_relu(1.0E300)): the slope 1.0E300 is beyond float32"),
                e.getMessage());
        assertFalse(Files.exists(huge));
    }

    private static double[] rounded(double[] values, Precision p) {
        double[] r = values.clone();
        if (p == Precision.FLOAT32) {
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) r[i];
            }
        }
        return r;
    }

    @Test
    void exportHasASymbolicBatchAndOpset13() throws IOException {
        Path file = temp.resolve("m.onnx");
        Sequential.input(4).dense(3, Activation.SOFTMAX).initialize(1).save(file);
        ModelProto proto = OnnxReader.parse(file);
        assertEquals(8, proto.getIrVersion());
        assertEquals(13, proto.getOpsetImport(0).getVersion());
        for (TensorShapeProto shape : List.of(proto.getGraph().getInput(0).getType().getTensorType().getShape(),
                proto.getGraph().getOutput(0).getType().getTensorType().getShape())) {
            assertEquals("batch", shape.getDim(0).getDimParam());
            assertTrue(shape.getDim(1).hasDimValue());
        }
        assertEquals(List.of("Gemm", "Softmax"), List.of(proto.getGraph().getNode(0).getOpType(),
                proto.getGraph().getNode(1).getOpType()));
    }

    @Test
    void saveReplacesTheFileWhole() throws IOException {
        Path file = temp.resolve("m.onnx");
        Files.writeString(file, "old contents");
        Model model = Sequential.input(2).dense(2, Activation.RELU).initialize(3);
        model.save(file);
        assertEquals(model, Model.load(file).withPrecision(model.precision()));
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void npzWithAnOnnxNameIsRefusedClearly() throws IOException {
        Path npz = temp.resolve("m.npz");
        Sequential.input(2).dense(2, Activation.RELU).initialize(3).save(npz);
        Path renamed = Files.copy(npz, temp.resolve("renamed.onnx"));
        var e = assertThrows(OnnxFormatException.class, () -> Model.load(renamed));
        assertTrue(e.getMessage().contains("is a zip archive (a .npz?), not an ONNX model"), e.getMessage());
        Path empty = Files.createFile(temp.resolve("empty.onnx"));
        e = assertThrows(OnnxFormatException.class, () -> Model.load(empty));
        assertTrue(e.getMessage().endsWith("the file is empty; not an ONNX model"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("nothing.onnx")));
    }
}
