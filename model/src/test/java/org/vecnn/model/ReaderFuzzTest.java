package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecnn.Precision;

/**
 * Seeded mutations of valid files, fed to every reader of untrusted input: bit flips, truncations, inserted and
 * deleted bytes, integers of the file replaced by extreme values (zip sizes, counts and offsets, .npy header
 * lengths), hostile headers (huge and odd shapes, odd dtypes, control bytes), decompression bombs and appended
 * garbage. Every outcome must be a correct load or one of the reader's documented exceptions: never an
 * OutOfMemoryError (the test runs in a 256 MB heap, the model module's small-heap surefire execution), never
 * another exception type, never a hang.
 *
 * <p>Another reader of this module joins by adding a {@link FuzzedReader} to {@link #readers()}: its valid seed
 * files and the exceptions it documents (the ONNX reader, in the onnx module, has its own {@code OnnxFuzzTest}).
 * A reader that loops does not block the build: the small-heap execution ends its JVM after a bound set in the
 * pom ({@code forkedProcessTimeoutInSeconds}), and the run fails.
 */
@Tag("slow")
class ReaderFuzzTest {
    /** Mutated files per reader: together under half a minute on a shared two-core machine. */
    private static final int CASES = 600;
    private static final long SEED = 15_2026L;

    @TempDir
    Path dir;

    /** One reader of untrusted files: how to read a file whole, what it may throw, and valid files to mutate. */
    interface FuzzedReader {
        /** @return a name for messages */
        String name();

        /** @return the file suffix the reader is opened on */
        String suffix();

        /** @return valid files' bytes, the seeds of the mutations */
        List<byte[]> seeds() throws IOException;

        /** @return the exceptions the reader documents for a bad file */
        Set<Class<? extends Exception>> documented();

        /** Reads the file whole, as a user of the reader would. */
        void read(Path file) throws Exception;
    }

    static Stream<FuzzedReader> readers() {
        return Stream.of(
                reader("Npy.read", ".npy", Set.of(ModelFormatException.class), ReaderFuzzTest::npySeeds,
                        Npy::read),
                reader("Npz.read", ".npz", Set.of(ModelFormatException.class), ReaderFuzzTest::npzSeeds,
                        Npz::read),
                reader("Model.load", ".npz", Set.of(ModelFormatException.class), ReaderFuzzTest::npzSeeds,
                        Model::load),
                reader("RowSource csv", ".csv", Set.of(InputFormatException.class), ReaderFuzzTest::csvSeeds,
                        file -> readRows(file, 3)),
                reader("RowSource npy", ".npy", Set.of(InputFormatException.class, ModelFormatException.class),
                        ReaderFuzzTest::rowNpySeeds, file -> readRows(file, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void everyMutationIsACorrectLoadOrADocumentedException(FuzzedReader reader) throws Exception {
        List<byte[]> seeds = reader.seeds();
        Random random = new Random(SEED ^ reader.name().hashCode());
        List<String> failures = new ArrayList<>();
        int documented = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            StringBuilder how = new StringBuilder();
            byte[] mutated = mutate(seed, random, how);
            Path file = dir.resolve("case" + i + reader.suffix());
            Files.write(file, mutated);
            Throwable outcome = null;
            try {
                reader.read(file);
            } catch (Throwable t) {
                outcome = t;
            }
            if (outcome != null) {
                Throwable thrown = outcome;
                if (reader.documented().stream().anyMatch(c -> c.isInstance(thrown))) {
                    documented++;
                    UntrustedNpzTest.assertOnePrintableLine(outcome.getMessage());
                } else {
                    failures.add("case " + i + " (" + how + "): " + outcome);
                }
            }
            Files.delete(file);
        }
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), reader.name() + ": "
                + failures.size() + " of " + CASES + " cases threw an undocumented exception (seed " + SEED + ")");
        assertTrue(documented > CASES / 4, reader.name() + ": only " + documented + " of " + CASES
                + " mutations were refused; the mutations are too timid to test anything");
    }

    @Test
    void theMutationsAreSeededAndReproducible() {
        byte[] seed = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }".getBytes(StandardCharsets.US_ASCII);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        byte[] first = mutate(seed, new Random(7), a);
        byte[] second = mutate(seed, new Random(7), b);
        assertTrue(Arrays.equals(first, second));
        assertEquals(a.toString(), b.toString());
    }

    // ---- mutations

    /**
     * Zips of one deflated member, 8 MB of zeros after a (2, 3) header (about 8 KB deflated): declaring its
     * true size, declaring only the header and data (an inflater that ignored the declared size would run on),
     * and with a wrong CRC. Made once: deflating is the costliest part of a case.
     */
    private static final byte[][] BOMBS = bombs();

    private static byte[][] bombs() {
        byte[] inner = UntrustedNpzTest.concat(Npy.header("<f8", "(2, 3)"), new byte[8 << 20]);
        byte[] deflated = ZipBytes.deflate(inner);
        byte[][] bombs = new byte[3][];
        for (int k = 0; k < 3; k++) {
            ZipBytes zip = new ZipBytes();
            ZipBytes.Member m = zip.raw("W0.npy", 8, deflated);
            m.uncompressed = k == 0 ? inner.length : 128 + 48;
            m.crc = k == 2 ? 0x12345678 : ZipBytes.crc(inner);
            bombs[k] = zip.bytes();
        }
        return bombs;
    }

    static byte[] mutate(byte[] seed, Random random, StringBuilder how) {
        byte[] b = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int kind = random.nextInt(9);
            if (b.length == 0) {
                kind = 6;
            }
            switch (kind) {
                case 0: { // bit flips
                    int flips = 1 + random.nextInt(8);
                    for (int k = 0; k < flips; k++) {
                        int at = random.nextInt(b.length);
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    how.append("flip ").append(flips).append(' ');
                    break;
                }
                case 1: { // truncation
                    int at = random.nextInt(b.length);
                    b = Arrays.copyOf(b, at);
                    how.append("truncate@").append(at).append(' ');
                    break;
                }
                case 2: { // an integer of the file set to an extreme value: sizes, counts, offsets, lengths
                    int at = random.nextInt(Math.max(1, b.length - 3));
                    int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 1 << 30, random.nextInt()};
                    int v = extremes[random.nextInt(extremes.length)];
                    if (at + 4 <= b.length) {
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
                    }
                    how.append("int@").append(at).append('=').append(v).append(' ');
                    break;
                }
                case 3: { // a zip field: one of the sizes, counts or offsets after a PK signature
                    List<Integer> signatures = new ArrayList<>();
                    for (int i = 0; i + 4 <= b.length; i++) {
                        if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] < 9 && b[i + 3] < 9) {
                            signatures.add(i);
                        }
                    }
                    if (signatures.isEmpty()) {
                        how.append("nozip ");
                        break;
                    }
                    int at = signatures.get(random.nextInt(signatures.size())) + 4 + 2 * random.nextInt(20);
                    int v = random.nextBoolean() ? -1 : random.nextInt();
                    if (at + 4 <= b.length) {
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
                    }
                    how.append("zipfield@").append(at).append('=').append(v).append(' ');
                    break;
                }
                case 4: { // a hostile .npy header text
                    String text = new String(b, StandardCharsets.ISO_8859_1);
                    String[] shapes = {"(46340, 46340)", "(2147483647,)", "(65536, 65536, 65536)", "(99999999999,)",
                        "(-1, 3)", "()", "(0, 3)", "(3, 0)", "(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1)"};
                    String[] descrs = {"'<U2147483'", "'<f16'", "'|O'", "'<U0'", "'\u0000\ufeff'", "[('a', '<f4')]",
                        "'>i8'", "'<f4'"};
                    String replaced = text.replaceFirst("\\(\\d*,? ?\\d*,?\\)", shapes[random.nextInt(shapes.length)]
                            .replace("\\", "\\\\")).replaceFirst("'[<>|][a-zA-Z][0-9]*'",
                            random.nextBoolean() ? descrs[random.nextInt(descrs.length)] : "$0");
                    b = replaced.getBytes(StandardCharsets.ISO_8859_1);
                    how.append("header ");
                    break;
                }
                case 5: { // a decompression bomb: a deflated member that inflates to far more than it says
                    byte[] bomb = BOMBS[random.nextInt(BOMBS.length)];
                    b = random.nextBoolean() ? bomb.clone() : UntrustedNpzTest.concat(b, bomb);
                    how.append("bomb ");
                    break;
                }
                case 6: { // garbage appended
                    byte[] tail = new byte[1 + random.nextInt(4096)];
                    if (random.nextBoolean()) {
                        random.nextBytes(tail);
                    }
                    b = UntrustedNpzTest.concat(b, tail);
                    how.append("append ").append(tail.length).append(' ');
                    break;
                }
                case 7: { // bytes deleted
                    int at = random.nextInt(b.length);
                    int n = Math.min(b.length - at, 1 + random.nextInt(16));
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                    how.append("delete@").append(at).append('+').append(n).append(' ');
                    break;
                }
                default: { // bytes inserted: NUL, BOM, line breaks, binary
                    int at = random.nextInt(b.length + 1);
                    byte[][] inserts = {{0}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {'\n'}, {'\r'}, {(byte) 0x9b},
                        {(byte) 0xff, (byte) 0xfe}, {','}};
                    byte[] insert = inserts[random.nextInt(inserts.length)];
                    byte[] c = new byte[b.length + insert.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(insert, 0, c, at, insert.length);
                    System.arraycopy(b, at, c, at + insert.length, b.length - at);
                    b = c;
                    how.append("insert@").append(at).append(' ');
                    break;
                }
            }
        }
        return b;
    }

    // ---- readers and their seeds

    private interface Read {
        void read(Path file) throws Exception;
    }

    private interface Seeds {
        List<byte[]> get() throws IOException;
    }

    private static FuzzedReader reader(String name, String suffix, Set<Class<? extends Exception>> documented,
            Seeds seeds, Read read) {
        return new FuzzedReader() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String suffix() {
                return suffix;
            }

            @Override
            public List<byte[]> seeds() throws IOException {
                return seeds.get();
            }

            @Override
            public Set<Class<? extends Exception>> documented() {
                return documented;
            }

            @Override
            public void read(Path file) throws Exception {
                read.read(file);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static List<byte[]> npySeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String f : List.of("f4-le.npy", "f8-be.npy", "f8-fortran.npy", "f4-be-fortran-3d.npy", "f8-v2.npy",
                "f8-v3.npy", "strings.npy", "strings-be.npy", "f8-scalar.npy")) {
            seeds.add(Files.readAllBytes(Fixtures.path(f)));
        }
        return seeds;
    }

    private static List<byte[]> npzSeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String f : List.of("model-f4-stored.npz", "model-f8-stored.npz", "model-f4-deflated-synonyms.npz",
                "model-f8-deflated-row-bias-fortran-be.npz")) {
            seeds.add(Files.readAllBytes(Fixtures.path(f)));
        }
        return seeds;
    }

    private static List<byte[]> csvSeeds() {
        return List.of("1,2,3\n4.5,-6e-1,+7\r\n\n8,9,10\n".getBytes(StandardCharsets.US_ASCII),
                "\uFEFF0.1,0.2,0.3\nnan,inf,-inf\n".getBytes(StandardCharsets.UTF_8),
                "1e308,-1e-308,0\n2,3,4".getBytes(StandardCharsets.US_ASCII));
    }

    private static List<byte[]> rowNpySeeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(UntrustedNpzTest.npy(NpyArray.ofFloat64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)));
        seeds.add(UntrustedNpzTest.npy(NpyArray.ofFloat32(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3)));
        return seeds;
    }

    private static void readRows(Path file, int columns) throws IOException {
        try (RowSource rows = RowSource.open(file, columns, Precision.FLOAT64)) {
            double[] into = new double[columns * 64];
            while (rows.read(into, 64) > 0) {
                continue;
            }
        }
    }
}
