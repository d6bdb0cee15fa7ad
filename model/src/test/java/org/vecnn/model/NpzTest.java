package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;
import org.vecnn.Precision;

class NpzTest {
    @TempDir
    Path dir;

    @Test
    void storedAndDeflatedArchivesRoundTrip() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("W0", NpyArray.ofFloat32(new float[] {1.5f, -2f, 3e-8f, 7f}, 2, 2));
        arrays.put("b0", NpyArray.ofFloat64(new double[] {0.1, Double.NaN}, 1, 2));
        arrays.put("activations", NpyArray.ofStrings("relu"));
        for (boolean compressed : new boolean[] {false, true}) {
            Path file = dir.resolve("a" + compressed + ".npz");
            Npz.write(file, arrays, compressed);
            assertEquals(arrays, Npz.read(file));
            assertEquals(List.copyOf(arrays.keySet()), List.copyOf(Npz.read(file).keySet()));
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry e = zip.getEntry("W0.npy");
                assertEquals(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED, e.getMethod());
            }
        }
    }

    @Test
    void equalArraysGiveEqualFiles() throws IOException {
        Map<String, NpyArray> arrays = Map.of("x", NpyArray.ofFloat64(new double[] {1, 2}, 2));
        Npz.write(dir.resolve("1.npz"), arrays, true);
        Npz.write(dir.resolve("2.npz"), arrays, true);
        assertArrayEquals(Files.readAllBytes(dir.resolve("1.npz")), Files.readAllBytes(dir.resolve("2.npz")));
    }

    @Test
    void readsModelsAsNumPyWritesThem() throws IOException {
        Model f4 = Model.load(Fixtures.path("model-f4-stored.npz"));
        assertEquals(Precision.FLOAT32, f4.precision());
        assertFixtureModel(f4, true, Activation.RELU, Activation.SOFTMAX);

        Model f8 = Model.load(Fixtures.path("model-f8-stored.npz"));
        assertEquals(Precision.FLOAT64, f8.precision());
        assertFixtureModel(f8, false, Activation.RELU, Activation.SOFTMAX);

        // savez_compressed (deflated), b as (1, units), W in Fortran order, layer 1 big-endian.
        Model variants = Model.load(Fixtures.path("model-f8-deflated-row-bias-fortran-be.npz"));
        assertEquals(f8, variants);

        Model synonyms = Model.load(Fixtures.path("model-f4-deflated-synonyms.npz"));
        assertFixtureModel(synonyms, true, Activation.LINEAR, Activation.SIGMOID);
    }

    @Test
    void aModelSavedAndLoadedAgainIsEqualInBothPrecisions() throws IOException {
        Model m = Sequential.input(5).dense(4, Activation.TANH).dense(3, Activation.SOFTMAX).initialize(11);
        Path f64 = dir.resolve("m64.npz");
        m.save(f64);
        assertEquals(m, Model.load(f64));

        Path f32 = dir.resolve("m32.npz");
        m.save(f32, Precision.FLOAT32, true);
        Model back = Model.load(f32);
        assertEquals(Precision.FLOAT32, back.precision());
        for (int i = 0; i < m.layers().size(); i++) {
            double[] expected = m.layers().get(i).weights();
            for (int k = 0; k < expected.length; k++) {
                expected[k] = (float) expected[k];
            }
            assertArrayEquals(expected, back.layers().get(i).weights());
            assertEquals(m.layers().get(i).activation(), back.layers().get(i).activation());
        }
    }

    @Test
    void leakyReluSlopesAndLogSoftmaxSurviveTheRoundTripByTheirLabels() throws IOException {
        Model m = Sequential.input(5).dense(4, Activation.leakyRelu(0.2)).dense(4, "leaky_relu")
                .dense(3, Activation.LOG_SOFTMAX).initialize(11);
        assertEquals("Model[5→4 leaky_relu(0.2), 4→4 leaky_relu, 4→3 log_softmax] FLOAT64", m.toString());
        Path f = dir.resolve("leaky.npz");
        m.save(f);
        Model back = Model.load(f);
        assertEquals(m, back);
        assertEquals(Activation.leakyRelu(0.2), back.layers().get(0).activation());
        assertEquals(0.2, back.layers().get(0).activation().alpha(), 0.0);
        assertEquals(Activation.LEAKY_RELU, back.layers().get(1).activation());
        assertEquals(Activation.LOG_SOFTMAX, back.layers().get(2).activation());
    }

    @Test
    void leakyReluLayersGetHeInitializationLikeRelu() {
        Model relu = Sequential.input(6).dense(3, Activation.RELU).initialize(4);
        Model leaky = Sequential.input(6).dense(3, Activation.leakyRelu(0.3)).initialize(4);
        Model tanh = Sequential.input(6).dense(3, Activation.TANH).initialize(4);
        assertArrayEquals(relu.layers().get(0).weights(), leaky.layers().get(0).weights());
        assertFalse(Arrays.equals(relu.layers().get(0).weights(), tanh.layers().get(0).weights()),
                "Glorot's limit differs from He's");
    }

    @Test
    void aFileThatIsNoZipIsNamedAsSuch() throws IOException {
        Path text = dir.resolve("model.npz");
        Files.writeString(text, "W0,b0\n");
        assertBad(text, null, text + ": not a .npz archive (a zip file); save the model with numpy.savez");

        Path empty = dir.resolve("empty.npz");
        Files.write(empty, new byte[0]);
        assertBad(empty, null, empty + ": not a .npz archive: the file is empty");

        assertBad(Fixtures.path("f8-le.npy"), null, "not a .npz archive but a single .npy array; save the model "
                + "with numpy.savez");
    }

    @Test
    void aTruncatedArchiveIsNamedAsSuch() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.path("model-f8-stored.npz"));
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        assertBad(cut, null, cut + ": truncated or corrupt zip file: it starts like a zip but does not end with a "
                + "zip's end-of-central-directory record (the file is cut short, or other bytes follow the archive)");
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        Path missing = dir.resolve("missing.npz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Model.load(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void unsupportedDtypesNameTheArray() {
        assertBad(Fixtures.path("bad-int32.npz"), "W1", "bad-int32.npz: array 'W1': unsupported dtype '<i4' (int32)");
        assertBad(Fixtures.path("bad-object.npz"), "activations", "bad-object.npz: array 'activations': "
                + "unsupported dtype '|O' (object: pickled Python objects, which vecnn does not unpickle)");
    }

    @Test
    void shapesThatDoNotChainNameTheArray() {
        assertBad(Fixtures.path("bad-chain.npz"), "W1", "bad-chain.npz: array 'W1': shape (5, 2) does not chain: "
                + "W0 gives 4 units, so W1 must have 4 rows");
        assertBad(Fixtures.path("bad-bias-shape.npz"), "b0", "bad-bias-shape.npz: array 'b0': shape (3,) does not "
                + "fit W0 (3, 4): it must be (4,) or (1, 4)");
    }

    @Test
    void missingArraysAreNamed() {
        assertBad(Fixtures.path("bad-missing-b1.npz"), "b1", "bad-missing-b1.npz: array 'b1': missing; the scheme "
                + "needs W0, b0, W1, b1, … for every layer that 'activations' lists; present: W0, b0, W1, activations");
        assertBad(Fixtures.path("bad-missing-activations.npz"), "activations", "bad-missing-activations.npz: "
                + "array 'activations': missing; save one name per layer, e.g. activations=np.array(['relu', "
                + "'softmax']); present: W0, b0, W1, b1");
    }

    @Test
    void activationsThatAreUnknownOrNotStringsOrTooFewAreNamed() {
        assertBad(Fixtures.path("bad-unknown-activation.npz"), "activations", "bad-unknown-activation.npz: array "
                + "'activations': entry 1 is 'gelu', an unknown activation; expected one of linear, sigmoid, relu, "
                + "leaky_relu, leaky_relu(alpha) with a finite slope, tanh, softmax, log_softmax (or identity, "
                + "logistic)");
        assertBad(Fixtures.path("bad-numeric-activations.npz"), "activations", "array 'activations': must be a "
                + "unicode string array (dtype <U…), found <f8");
        assertBad(Fixtures.path("bad-extra-layer.npz"), "W1", "bad-extra-layer.npz: array 'W1': present, but "
                + "'activations' lists 1 layer [relu]; give one activation per layer");
    }

    @Test
    void aCorruptMemberNamesTheArray() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("W0", NpyArray.ofFloat64(new double[64], 8, 8));
        Path file = dir.resolve("corrupt.npz");
        Npz.write(file, arrays, true);
        byte[] b = Files.readAllBytes(file);
        // Inside the deflated data of the only member, after its 30 + 6 byte local header.
        for (int i = 40; i < 48; i++) {
            b[i] ^= 0x5a;
        }
        Files.write(file, b);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertEquals("W0", e.array());
        assertTrue(e.getMessage().startsWith(file + ": array 'W0': "), e.getMessage());
    }

    @Test
    void aStoredMemberWithFlippedBitsFailsItsCrcCheckInsteadOfLoadingOtherWeights() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("W0", NpyArray.ofFloat64(new double[64], 8, 8));
        Path file = dir.resolve("flipped.npz");
        Npz.write(file, arrays, false); // stored, as numpy.savez writes
        byte[] b = Files.readAllBytes(file);
        // The last byte of the stored member's data: the sign byte of W0[7][7]. Still a valid .npy.
        int end = b.length;
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) { // central directory
                end = i;
                break;
            }
        }
        b[end - 1] ^= (byte) 0x80;
        Files.write(file, b);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertEquals("W0", e.array());
        assertTrue(e.getMessage().startsWith(file + ": array 'W0': zip member W0.npy fails its CRC-32 check"),
                e.getMessage());
    }

    private static void assertFixtureModel(Model m, boolean single, Activation g0, Activation g1) {
        assertEquals(2, m.layers().size());
        LayerWeights l0 = m.layers().get(0);
        LayerWeights l1 = m.layers().get(1);
        assertEquals(3, l0.inputs());
        assertEquals(4, l0.units());
        assertEquals(g0, l0.activation());
        assertEquals(g1, l1.activation());
        assertArrayEquals(single ? Fixtures.gridFloat(12) : Fixtures.grid(12), l0.weights());
        assertArrayEquals(new double[] {-0.25, 0, 0.25, 0.5}, l0.bias());
        // W1 is grid(4, 2) with its rows reversed.
        double[] g = single ? Fixtures.gridFloat(8) : Fixtures.grid(8);
        double[] reversed = {g[6], g[7], g[4], g[5], g[2], g[3], g[0], g[1]};
        assertArrayEquals(reversed, l1.weights());
        assertArrayEquals(new double[] {-0.25, 0}, l1.bias());
    }

    private static void assertBad(Path file, String array, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.load(file));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(array, e.array());
        assertEquals(file.toString(), e.file());
    }
}
