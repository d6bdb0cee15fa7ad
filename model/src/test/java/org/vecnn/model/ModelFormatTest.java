package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;

/** Model.load and Model.save choose the format by extension; without vecnn-onnx, .onnx says what to add. */
class ModelFormatTest {
    @TempDir
    Path dir;

    @Test
    void onnxWithoutVecnnOnnxSaysWhichJarToAdd() throws IOException {
        Path file = Files.write(dir.resolve("net.onnx"), new byte[] {8, 8});
        String expected = file + ": reading and writing ONNX needs vecnn-onnx (org.vecnn:vecnn-onnx) on the class "
                + "path; vecnn-model alone reads and writes .npz";
        assertEquals(expected, assertThrows(ModelFormatException.class, () -> Model.load(file)).getMessage());
        Model model = Sequential.input(2).dense(1, Activation.SIGMOID).initialize(1);
        Path out = dir.resolve("OUT.ONNX");
        assertEquals(out + ": reading and writing ONNX needs vecnn-onnx (org.vecnn:vecnn-onnx) on the class path; "
                + "vecnn-model alone reads and writes .npz",
                assertThrows(ModelFormatException.class, () -> model.save(out)).getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void otherExtensionsAreNpz() throws IOException {
        Model model = Sequential.input(2).dense(1, Activation.SIGMOID).initialize(1);
        for (String name : new String[] {"m.npz", "m.weights", "m"}) {
            Path file = dir.resolve(name);
            model.save(file);
            assertEquals(model, Model.load(file), name);
        }
    }
}
