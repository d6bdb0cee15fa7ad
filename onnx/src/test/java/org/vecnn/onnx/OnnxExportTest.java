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
        for (Precision p : Precision.values()) {
            tests.add(DynamicTest.dynamicTest("every activation " + p, () -> roundTrip(every, p, "every")));
            tests.add(DynamicTest.dynamicTest("one linear layer " + p, () -> roundTrip(linear, p, "linear")));
        }
        return tests.stream();
    }

    private void roundTrip(Model model, Precision p, String name) throws Exception {
        Path exported = temp.resolve(name + "-" + p + ".onnx");
        model.save(exported, p, false);
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
