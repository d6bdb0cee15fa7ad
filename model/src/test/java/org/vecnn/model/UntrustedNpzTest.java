package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hostile {@code .npz} and {@code .npy} files of issue 15, each small, each a clean one-line
 * {@link ModelFormatException} (or a correct load) without allocating what the file declares. Run in a 256 MB
 * heap (the model module's small-heap surefire execution), where reading any of them whole would fail.
 */
class UntrustedNpzTest {
    private static final long TWO_GIB = 1L << 31;

    @TempDir
    Path dir;

    /** W0 (2×3), b0 (3,), activations ['relu'], stored: a model that loads. */
    private static ZipBytes model() {
        ZipBytes zip = new ZipBytes();
        zip.stored("W0.npy", npy(NpyArray.ofFloat64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)));
        zip.stored("b0.npy", npy(NpyArray.ofFloat64(new double[] {0.5, 0, -0.5}, 3)));
        zip.stored("activations.npy", npy(NpyArray.ofStrings(new String[] {"relu"})));
        return zip;
    }

    @Test
    void aMemberTheModelDoesNotUseIsNeverReadHoweverLargeItClaimsToBe() throws IOException {
        ZipBytes zip = model();
        byte[] header = ZipBytes.npyHeader("<f8", "(16384, 16384)");
        // 2.1 MB that claim to inflate to 2 GiB: within deflate's ratio, so only the heap check refuses it.
        byte[] noise = new byte[2_100_000];
        new Random(15).nextBytes(noise);
        ZipBytes.Member extra = zip.raw("extra.npy", 8, concat(ZipBytes.deflatedStart(header), noise));
        extra.uncompressed = header.length + TWO_GIB;
        Path file = write("extra-member.npz", zip.bytes());

        Model m = Model.load(file);
        assertEquals(1, m.layers().size());
        assertEquals(3, m.layers().get(0).units());

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertEquals("extra", e.array());
        if (Runtime.getRuntime().maxMemory() / 4 < TWO_GIB) {
            // In the 256 MB heap of the small-heap execution, refused before anything is inflated.
            assertTrue(e.getMessage().contains("shape (16384, 16384) of <f8 needs about 2147483648 bytes of "
                    + "memory once read, more than this JVM can have (a quarter of its maximum heap of "), e.getMessage());
        } else {
            // In a heap that could hold it, refused at the first bytes that are not what the header promised.
            assertTrue(e.getMessage().contains("corrupt or truncated zip member extra.npy"), e.getMessage());
        }
        assertEquals(Map.of("W0", 6), sizes(Npz.read(file, name -> name.equals("W0"))));
    }

    @Test
    void aShapeLargerThanTheMembersOwnSizeIsRefusedBeforeAllocating() throws IOException {
        ZipBytes zip = new ZipBytes();
        zip.deflated("W0.npy", concat(ZipBytes.npyHeader("<f8", "(16384, 16384)"), new byte[48]));
        Path file = write("declares-2gib.npz", zip.bytes());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertEquals(file + ": array 'W0': truncated: the header announces shape (16384, 16384) of <f8, "
                + "2147483648 bytes of data, but only 48 follow", e.getMessage());
    }

    @Test
    void aTinyMemberThatTrulyInflatesToMoreThanAQuarterOfTheHeapIsRefusedBeforeInflating() throws IOException {
        // 20 million float32 zeros, 80 MB, deflate to a few hundred KB: every size in the archive is true.
        ZipBytes zip = new ZipBytes();
        zip.deflatedZeros("W0.npy", ZipBytes.npyHeader("<f4", "(20000000,)"), 80_000_000L);
        Path file = write("tiny-but-large.npz", zip.bytes());
        assertTrue(Files.size(file) < 1_000_000, "a small file: " + Files.size(file));
        if (Runtime.getRuntime().maxMemory() / 4 < 160_000_000L) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
            assertEquals(file + ": array 'W0': shape (20000000,) of <f4 needs about 160000000 bytes of memory once "
                    + "read, more than this JVM can have (a quarter of its maximum heap of "
                    + Runtime.getRuntime().maxMemory() + " bytes, -Xmx, for a compressed member): the file is "
                    + "corrupt, or run with a larger heap", e.getMessage());
        } else {
            NpyArray w = Npz.read(file).get("W0");
            assertEquals(20_000_000, w.size());
        }
    }

    @Test
    void aMemberThatInflatesPastItsDeclaredSizeStopsThere() throws IOException {
        byte[] valid = npy(NpyArray.ofFloat64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        // 64 MB of zeros after the array deflate to about 64 KB: a bomb if it were inflated whole.
        byte[] bomb = concat(valid, new byte[64 << 20]);
        ZipBytes zip = new ZipBytes();
        ZipBytes.Member m = zip.raw("W0.npy", 8, ZipBytes.deflate(bomb));
        m.uncompressed = valid.length;
        m.crc = ZipBytes.crc(valid);
        Path file = write("bomb.npz", zip.bytes());
        assertTrue(Files.size(file) < 1 << 20);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertEquals(file + ": array 'W0': corrupt zip member W0.npy: it inflates to more than the "
                + valid.length + " bytes its directory entry declares", e.getMessage());
    }

    @Test
    void aDeclaredSizeBeyondWhatDeflateCanExpandIsRefused() throws IOException {
        ZipBytes zip = new ZipBytes();
        ZipBytes.Member m = zip.raw("W0.npy", 8, new byte[100]);
        m.uncompressed = TWO_GIB;
        Path file = write("ratio.npz", zip.bytes());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertEquals(file + ": array 'W0': corrupt zip file: member W0.npy declares 2147483648 bytes inflated "
                + "from 100, more than deflate can expand (1032:1)", e.getMessage());
    }

    @Test
    void twoGigabytesOfTrailingZerosAfterAnArchiveAreNotRead() throws IOException {
        Path file = write("trailing.npz", model().bytes());
        sparseGrow(file, TWO_GIB);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.load(file));
        assertTrue(e.getMessage().contains("does not end with a zip's end-of-central-directory record"),
                e.getMessage());
    }

    @Test
    void twoGigabytesOfTrailingZerosAfterAnNpyAreCountedNotRead() throws IOException {
        Path file = write("trailing.npy", npy(NpyArray.ofFloat64(new double[] {1, 2}, 2)));
        sparseGrow(file, TWO_GIB);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(file));
        assertEquals(file + ": 2147483648 unexpected bytes after the 16 bytes of data that shape (2,) of <f8 "
                + "needs", e.getMessage());
    }

    @Test
    void anNpyDeclaringMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path file = write("short.npy", concat(ZipBytes.npyHeader("<f4", "(46340, 46340)"), new byte[64]));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(file));
        assertEquals(file + ": truncated: the header announces shape (46340, 46340) of <f4, 8589582400 bytes of "
                + "data, but only 64 follow", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "12, 0, is compressed with bzip2 (method 12), which vecnn does not read",
        "14, 0, is compressed with LZMA (method 14), which vecnn does not read",
        "93, 0, is compressed with Zstandard (method 93), which vecnn does not read",
        "95, 0, is compressed with xz (method 95), which vecnn does not read",
        "99, 1, is encrypted, which vecnn does not read",
        "8, 1, is encrypted, which vecnn does not read",
    })
    void otherCompressionMethodsAndEncryptionAreNamed(int method, int flags, String expected) throws IOException {
        ZipBytes zip = model();
        ZipBytes.Member m = zip.raw("W1.npy", method, new byte[200]);
        m.flags = flags;
        Path file = write("method" + method + ".npz", zip.bytes());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertEquals("W1", e.array());
        assertTrue(e.getMessage().contains("zip member W1.npy " + expected), e.getMessage());
        assertFalse(e.getMessage().contains("central directory is missing"), e.getMessage());
    }

    @Test
    void bytesOfTheFileAreEscapedInMessages() throws IOException {
        byte[] nul = "{'descr': '<f4\u0000\uFEFF\u001b[31m', 'fortran_order': False, 'shape': (1,), }\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(12 + nul.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) 3).put((byte) 0).putInt(nul.length).put(nul).putInt(0);
        Path file = write("escape.npy", b.array());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(file));
        assertOnePrintableLine(e.getMessage());
        assertTrue(e.getMessage().contains("unsupported dtype '<f4\\u0000\\uFEFF\\u001B[31m'"), e.getMessage());

        ZipBytes zip = new ZipBytes();
        zip.stored("W\n\u0000.npy", new byte[] {1, 2, 3});
        Path npz = write("escape.npz", zip.bytes());
        ModelFormatException z = assertThrows(ModelFormatException.class, () -> Npz.read(npz));
        assertOnePrintableLine(z.getMessage());
        assertTrue(z.getMessage().contains("array 'W\\u000A\\u0000'"), z.getMessage());
    }

    @Test
    void directoryEntriesThatPointOutsideTheDataAreRefused() throws IOException {
        byte[] good = model().bytes();
        // The first central directory entry's local header offset, made to point past the data.
        byte[] b = good.clone();
        int central = indexOf(b, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 42, central + 100);
        Path file = write("offset.npz", b);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().contains("corrupt zip file: member W0.npy starts at offset "), e.getMessage());

        byte[] c = good.clone();
        int end = indexOf(c, new byte[] {'P', 'K', 5, 6});
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putShort(end + 10, (short) 0xfff0);
        Path many = write("count.npz", c);
        ModelFormatException f = assertThrows(ModelFormatException.class, () -> Npz.read(many));
        assertTrue(f.getMessage().contains("corrupt zip file: its end record announces 65520 members"),
                f.getMessage());
    }

    static void assertOnePrintableLine(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            assertTrue(c >= 0x20 && c != 0x7f && c != '\uFEFF' && !(c >= 0x80 && c < 0xa0),
                    () -> "unprintable character in: " + message);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    // A sparse extension: the test machine's disk does not hold the zeros.
    private static void sparseGrow(Path file, long by) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() + by);
        }
    }

    static byte[] npy(NpyArray array) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            Npy.write(out, array);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int indexOf(byte[] b, byte[] what) {
        for (int i = 0; i + what.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static Map<String, Integer> sizes(Map<String, NpyArray> arrays) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        arrays.forEach((k, v) -> sizes.put(k, v.size()));
        return sizes;
    }
}
