package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code vecnn predict} does with its output and odd inputs (issue 15, section 3), in this JVM: write
 * errors, closed pipes, special files, output locations checked before the work, empty input, exit codes.
 * The cases that need a real process (signals, /dev/full as standard output) are in {@link PredictProcessTest}.
 */
class PredictOutputTest {
    private static Path digits;
    private static List<String> x;

    @TempDir
    Path dir;

    @BeforeAll
    static void findDigits() throws IOException {
        digits = PredictProcessTest.digits();
        x = Files.readAllLines(digits.resolve("digits-test-x.csv"));
    }

    @Test
    void aWriteErrorOnStandardOutputIsExitOneWithAMessage() {
        AtomicInteger writes = new AtomicInteger();
        StandardOutput out = new StandardOutput(failing(writes, "No space left on device"), StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        int code = Main.run(Cli.loops(), out, new PrintWriter(err), "predict", "-m", model(), "-i", input(),
                "-b", "loop");
        assertEquals(Main.FAILED, code, err.toString());
        assertEquals("vecnn predict: standard output: write error: No space left on device; the output is "
                + "incomplete\n", err.toString());
        assertTrue(writes.get() <= 2, "the run stopped at the first failed write and its flush: " + writes);
    }

    @Test
    void aWriteErrorWhoseCauseIsUnknownIsStillExitOne() {
        PrintWriter out = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] chars, int offset, int length) throws IOException {
                throw new IOException("device full");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        StringWriter err = new StringWriter();
        int code = Main.run(Cli.loops(), out, new PrintWriter(err), "predict", "-m", model(), "-i", input(),
                "-b", "loop");
        assertEquals(Main.FAILED, code);
        assertEquals("vecnn predict: standard output: write error; the output is incomplete\n", err.toString());
    }

    @Test
    void otherCommandsReportAWriteErrorOnStandardOutputToo() {
        StandardOutput out = new StandardOutput(failing(new AtomicInteger(), "No space left on device"),
                StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        int code = Main.run(Cli.loops(), out, new PrintWriter(err), "backends");
        assertEquals(Main.FAILED, code);
        assertEquals("vecnn: standard output: write error: No space left on device; the output is incomplete\n",
                err.toString());
    }

    @Test
    void aClosedPipeEndsTheRunAtOnceAndQuietly() throws IOException {
        Path many = dir.resolve("many.csv");
        // 20 copies of the digits: far more output than the first write, so a run that went on would write again.
        Files.write(many, Stream.generate(() -> x).limit(20).flatMap(List::stream).toList());
        AtomicInteger writes = new AtomicInteger();
        StandardOutput out = new StandardOutput(failing(writes, "Broken pipe"), StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        int code = Main.run(Cli.loops(), out, new PrintWriter(err), "predict", "-m", model(), "-i",
                many.toString(), "-b", "loop", "--batch", "64");
        assertEquals(Main.OUTPUT_CLOSED, code);
        assertEquals("", err.toString());
        assertTrue(writes.get() <= 2, "no write after the first failed one and its flush: " + writes);
    }

    @Test
    void outputToAFolderFailsBeforeAnyWork() throws IOException {
        // The model does not exist: had the work started, that would be the error.
        Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", dir.resolve("missing.npz").toString(), "-i", input(),
                "-o", dir.toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals("vecnn predict: " + dir + ": is a folder; name a file for the predictions, e.g. -o "
                + dir.resolve("predictions.csv"), r.err().strip());
    }

    @Test
    void outputToAMissingOrUnwritableFolderFailsBeforeAnyWork() {
        Path missing = dir.resolve("no").resolve("such").resolve("out.csv");
        Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", dir.resolve("missing.npz").toString(), "-i", input(),
                "-o", missing.toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals("vecnn predict: " + missing + ": the folder " + missing.getParent() + " does not exist",
                r.err().strip());

        // /sys refuses new files even to root, for whom a read-only folder would be writable.
        Path sys = Path.of("/sys");
        assumeTrue(Files.isDirectory(sys), "no /sys on this system to stand for an unwritable folder");
        Path unwritable = sys.resolve("vecnn-predictions.csv");
        Cli.Result u = Cli.run(Cli.loops(), "predict", "-m", dir.resolve("missing.npz").toString(), "-i",
                input(), "-o", unwritable.toString());
        assertEquals(Main.FAILED, u.code());
        assertTrue(u.err().startsWith("vecnn predict: " + unwritable + ": "), u.err());
        assertTrue(u.err().contains("cannot create a file in /sys"), u.err());
        assertFalse(Files.exists(unwritable));
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws IOException {
        Path target = dir.resolve("target.csv");
        Files.writeString(target, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), target);
        Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input(), "-b", "loop", "-o",
                link.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link was not replaced by a file");
        assertEquals(x.size(), Files.readAllLines(target).size());
        assertEquals(expectedOutput(), Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("link.csv", "target.csv"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "no partial file left");
        }
    }

    @Test
    void aFifoIsWrittenThroughAndNeverReplaced() throws Exception {
        Path fifo = dir.resolve("out.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input(), "-b", "loop", "-o",
                fifo.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals(expectedOutput(), read.get());
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "the FIFO is still a FIFO");
    }

    @Test
    void aSymbolicLinkToADeviceWritesThroughToIt() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("null.csv"), Path.of("/dev/null"));
        Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input(), "-b", "loop", "-o",
                link.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.isRegularFile(Path.of("/dev/null"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void emptyInputIsAnErrorNamingIt() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        Path bom = Files.write(dir.resolve("bom.csv"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        for (String input : List.of(empty.toString(), bom.toString(), "/dev/null")) {
            Path out = dir.resolve("out.csv");
            Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input, "-b", "loop", "-o",
                    out.toString());
            assertEquals(Main.FAILED, r.code(), input);
            assertEquals("vecnn predict: " + input + ": no rows to predict: the input is empty (or holds only blank "
                    + "lines or a byte-order mark)", r.err().strip());
            assertFalse(Files.exists(out), "no output file for no rows");
            Cli.Result toStdout = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input, "-b", "loop");
            assertEquals(Main.FAILED, toStdout.code());
            assertEquals("", toStdout.out());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("bom.csv", "empty.csv"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
    }

    @Test
    void anEmptyBackendNameIsAUsageError() {
        for (String name : List.of("", " ")) {
            Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input(), "-b", name);
            assertEquals(Main.USAGE, r.code(), r.err());
            assertEquals("vecnn predict: --backend needs a backend name, e.g. --backend loop (see 'vecnn predict "
                    + "--help')", r.err().strip());
        }
    }

    @Test
    void backendNamesAreAcceptedInAnyCase() {
        Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input(), "-b", "LOOP");
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals(expectedOutput(), r.out());
    }

    @Test
    void aBatchLargerThanMemoryAllowsIsAUsageErrorNamingTheLimit() {
        Cli.Result r = Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input(), "-b", "loop", "--batch",
                String.valueOf(Integer.MAX_VALUE / 64));
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith("vecnn predict: --batch " + Integer.MAX_VALUE / 64 + ": predict: a batch of "),
                r.err());
        assertTrue(r.err().contains("(a quarter of the maximum heap, -Xmx); use a batch of at most "), r.err());
    }

    private static String expectedOutput() {
        return Cli.run(Cli.loops(), "predict", "-m", model(), "-i", input(), "-b", "loop").out();
    }

    /** A stream whose every write fails with the given reason, counting the attempts. */
    private static OutputStream failing(AtomicInteger writes, String reason) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.incrementAndGet();
                throw new IOException(reason);
            }
        };
    }

    private static String model() {
        return digits.resolve("digits-mlp.npz").toString();
    }

    private static String input() {
        return digits.resolve("digits-test-x.csv").toString();
    }
}
