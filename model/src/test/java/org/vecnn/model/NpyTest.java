package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Precision;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void float32AndFloat64RoundTripBitwiseInEveryShape() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{}, {1}, {5}, {3, 4}, {2, 3, 4}, {0}, {4, 0}};
        for (int[] shape : shapes) {
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            double[] d = new double[n];
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = Double.longBitsToDouble(random.nextLong());
                f[i] = Float.intBitsToFloat(random.nextInt());
            }
            NpyArray a64 = NpyArray.ofFloat64(d, shape);
            NpyArray a32 = NpyArray.ofFloat32(f, shape);
            assertEquals(a64, roundTrip(a64), Arrays.toString(shape));
            assertEquals(a32, roundTrip(a32), Arrays.toString(shape));
            assertEquals(Precision.FLOAT32, roundTrip(a32).precision());
            float[] back = new float[n];
            double[] wide = roundTrip(a32).toDoubleArray();
            for (int i = 0; i < n; i++) {
                back[i] = (float) wide[i];
            }
            assertArrayEquals(f, back);
        }
    }

    @Test
    void unicodeStringsRoundTripIncludingCharactersOutsideTheBasicPlane() throws IOException {
        NpyArray a = NpyArray.ofStrings("relu", "", "ünicöde", "\uD83D\uDE00 smile");
        NpyArray back = roundTrip(a);
        assertArrayEquals(a.strings(), back.strings());
        assertEquals("<U7", back.descr());
    }

    @Test
    void writtenFilesAreByteForByteWhatNumPyWrites() throws IOException {
        assertArrayEquals(Files.readAllBytes(Fixtures.path("f8-le.npy")),
                bytes(NpyArray.ofFloat64(Fixtures.grid(6), 2, 3)));
        assertArrayEquals(Files.readAllBytes(Fixtures.path("f4-le.npy")),
                bytes(NpyArray.of(Precision.FLOAT32, Fixtures.grid(6), 2, 3)));
        assertArrayEquals(Files.readAllBytes(Fixtures.path("strings.npy")),
                bytes(NpyArray.ofStrings("relu", "softmax", "ünicöde", "\uD83D\uDE00")));
    }

    @Test
    void headersArePaddedSoThatDataStartsAtAMultipleOf64() throws IOException {
        byte[] b = bytes(NpyArray.ofFloat64(new double[7], 7));
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64);
        assertEquals('\n', b[10 + headerLength - 1]);
        assertEquals(10 + headerLength + 7 * 8, b.length);
    }

    @Test
    void readsEveryByteOrderAndFormatVersionNumPyWrites() throws IOException {
        double[] single = Fixtures.gridFloat(6);
        double[] dbl = Fixtures.grid(6);
        assertValues("f4-le.npy", "<f4", new int[] {2, 3}, single);
        assertValues("f4-be.npy", ">f4", new int[] {2, 3}, single);
        assertValues("f8-le.npy", "<f8", new int[] {2, 3}, dbl);
        assertValues("f8-be.npy", ">f8", new int[] {2, 3}, dbl);
        assertValues("f8-v2.npy", "<f8", new int[] {2, 3}, dbl);
        assertValues("f8-v3.npy", "<f8", new int[] {2, 3}, dbl);
        assertValues("f8-scalar.npy", "<f8", new int[] {}, new double[] {-0.7});
        assertEquals(Precision.FLOAT32, Npy.read(Fixtures.path("f4-be.npy")).precision());
        assertEquals(Precision.FLOAT64, Npy.read(Fixtures.path("f8-be.npy")).precision());
    }

    @Test
    void fortranOrderArraysAreReturnedInCOrder() throws IOException {
        assertValues("f8-fortran.npy", "<f8", new int[] {3, 4}, Fixtures.grid(12));
        assertValues("f4-be-fortran-3d.npy", ">f4", new int[] {2, 3, 4}, Fixtures.gridFloat(24));
    }

    @Test
    void readsLittleAndBigEndianUnicodeStrings() throws IOException {
        assertArrayEquals(new String[] {"relu", "softmax", "ünicöde", "\uD83D\uDE00"},
                Npy.read(Fixtures.path("strings.npy")).strings());
        NpyArray be = Npy.read(Fixtures.path("strings-be.npy"));
        assertEquals(">U6", be.descr());
        assertArrayEquals(new String[] {"tanh", "linear"}, be.strings());
    }

    @Test
    void unsupportedDtypesAreRefusedByName() {
        assertMessage("i4.npy", "i4.npy: unsupported dtype '<i4' (int32); vecnn reads float32 ('<f4', '>f4'), "
                + "float64 ('<f8', '>f8') and unicode strings ('<U…')");
        assertMessage("object.npy", "unsupported dtype '|O' (object: pickled Python objects, which vecnn does "
                + "not unpickle)");
        assertMessage("bool.npy", "unsupported dtype '|b1' (bool)");
    }

    @Test
    void aFileWithoutTheMagicStringIsNotAnArray() throws IOException {
        Path file = dir.resolve("text.npy");
        Files.writeString(file, "W0,b0\n1,2\n");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(file));
        assertEquals(file + ": not a .npy array: it does not start with the magic string \\x93NUMPY", e.getMessage());
        assertEquals(file.toString(), e.file());
        assertNull(e.array());
    }

    @Test
    void truncatedFilesNameWhatIsMissing() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.path("f8-le.npy"));
        assertTruncated(Arrays.copyOf(whole, whole.length - 1),
                "truncated: the header announces shape (2, 3) of <f8, 48 bytes of data, but only 47 follow");
        assertTruncated(Arrays.copyOf(whole, 40), "truncated: the header announces 118 bytes but only 30 follow");
        assertTruncated(Arrays.copyOf(whole, 9), "truncated: the file ends inside the header length");
        assertTruncated(Arrays.copyOf(whole, 4), "truncated: the file ends inside the .npy preamble");
        assertTruncated(new byte[0], "empty: a .npy array starts with the magic string \\x93NUMPY");
    }

    @Test
    void bytesAfterTheDataAreAnError() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.path("f8-le.npy"));
        assertTruncated(Arrays.copyOf(whole, whole.length + 3),
                "3 unexpected bytes after the 48 bytes of data that shape (2, 3) of <f8 needs");
    }

    @Test
    void unknownFormatVersionsAreRefused() {
        byte[] b = withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }");
        b[6] = 4;
        assertTruncated(b, "unsupported .npy format version 4.0; this reader knows 1.0, 2.0 and 3.0");
    }

    @Test
    void headersAreParsedStrictly() {
        assertHeader("{'descr': '<f8', 'fortran_order': False, }", "malformed header: key 'shape' is missing");
        assertHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': True, }",
                "malformed header: unexpected key 'extra'; a .npy header has exactly 'descr', 'fortran_order' "
                        + "and 'shape'");
        assertHeader("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                "key 'descr' appears twice");
        assertHeader("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }",
                "expected a string, True, False or a tuple at offset 34, found '0'");
        assertHeader("{'descr': '<f8', 'fortran_order': 'no', 'shape': (1,), }",
                "malformed header: 'fortran_order' must be True or False, found the string 'no'");
        assertHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1), }",
                "(1) is not a tuple; a 1-tuple is written (1,)");
        assertHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
                "expected a non-negative integer at offset 51, found '-'");
        assertHeader("{'descr': True, 'fortran_order': False, 'shape': (1,), }",
                "malformed header: 'descr' must be a string, found True");
        assertHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                "unsupported dtype: a structured array (descr is a list of fields)");
        assertHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } x",
                "unexpected text after the dict at offset 58");
        byte[] noNewline = withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }");
        noNewline[noNewline.length - 9] = ' ';
        assertTruncated(noNewline, "malformed header: it must end with a newline");
    }

    @Test
    void headersWithDoubleQuotesAndNoTrailingCommaAreValidPythonAndAccepted() throws IOException {
        byte[] b = withHeader("{\"descr\": \"<f8\", \"shape\": (1,), \"fortran_order\": False}");
        NpyArray a = Npy.read(new ByteArrayInputStream(b), "x.npy", null, true);
        assertArrayEquals(new double[] {0.0}, a.toDoubleArray());
    }

    @Test
    void invalidCodePointsInStringsAreAnError() {
        byte[] b = withHeader("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }");
        ByteBuffer.wrap(b, b.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xD800);
        byte[] oneString = Arrays.copyOf(b, b.length - 4);
        assertTruncated(oneString, "string 0 holds an invalid code point 0xd800");
    }

    @Test
    void numbersAndStringsAreKeptApart() {
        NpyArray s = NpyArray.ofStrings("a");
        NpyArray n = NpyArray.ofFloat64(new double[] {1}, 1);
        assertFalse(s.isNumeric());
        assertTrue(n.isNumeric());
        assertThrows(IllegalStateException.class, s::toDoubleArray);
        assertThrows(IllegalStateException.class, n::strings);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofFloat64(new double[5], 2, 3));
        assertEquals("npy: shape (2, 3) holds 6 elements but the data has 5", e.getMessage());
    }

    // A header and the bytes of one float64 (or 8 bytes of strings), as a format 1.0 file.
    private static byte[] withHeader(String dict) {
        String text = dict + " ".repeat(Math.max(0, 117 - dict.length())) + "\n";
        byte[] header = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        return b.array();
    }

    private static void assertHeader(String dict, String expected) {
        assertTruncated(withHeader(dict), expected);
    }

    private static void assertTruncated(byte[] bytes, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(bytes), "x.npy", "W0", true));
        assertTrue(e.getMessage().startsWith("x.npy: array 'W0': "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertEquals("W0", e.array());
    }

    private static void assertMessage(String fixture, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(Fixtures.path(fixture)));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    private static void assertValues(String fixture, String descr, int[] shape, double[] values) throws IOException {
        NpyArray a = Npy.read(Fixtures.path(fixture));
        assertEquals(descr, a.descr(), fixture);
        assertArrayEquals(shape, a.shape(), fixture);
        assertArrayEquals(values, a.toDoubleArray(), fixture);
    }

    private static byte[] bytes(NpyArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        return out.toByteArray();
    }

    private NpyArray roundTrip(NpyArray a) throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, a);
        return Npy.read(file);
    }
}
