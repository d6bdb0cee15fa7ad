package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vecnn predict} in a child JVM, for what only a real process shows (issue 15, section 3): standard
 * output on {@code /dev/full}, a reader that closes the pipe while the input never ends, and SIGINT/SIGTERM in
 * the middle of a run. Each waits for the child with a generous limit: a hang guard, so that a regression fails
 * instead of blocking the build; the assertions are on exit codes, messages and files, never on time.
 */
@Tag("slow")
class PredictProcessTest {
    private static final long HANG_GUARD_SECONDS = 120;

    @TempDir
    Path dir;

    static Path digits() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/digits/digits-mlp.npz"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("examples/digits/digits-mlp.npz not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("examples/digits");
    }

    @Test
    void standardOutputOnDevFullIsExitOneWithTheSystemsReason() throws Exception {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull), "no /dev/full on this system");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = vecnn("predict", "-m", model(), "-i", input(), "-b", "loop");
        pb.redirectOutput(devFull.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "hang guard");
        assertEquals(Main.FAILED, p.exitValue(), Files.readString(err));
        assertEquals("vecnn predict: standard output: write error: No space left on device; the output is "
                + "incomplete", Files.readString(err).strip());
    }

    @Test
    void aReaderThatClosesThePipeEndsAnEndlessRunQuietly() throws Exception {
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = vecnn("predict", "-m", model(), "-i", "-", "-b", "loop", "--batch", "16");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        List<String> rows = Files.readAllLines(Path.of(input()));
        // Rows without end: a run that did not stop when its output closed would never exit.
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                byte[] block = (String.join("\n", rows) + "\n").getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    in.write(block);
                }
            } catch (IOException e) {
                // the child has gone: its stdin is closed
            }
        }, "feeder");
        feeder.setDaemon(true);
        feeder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String first = out.readLine();
            assertTrue(first != null && first.split(",").length == 10, first);
        } // as head -1 does: closes the pipe after one line
        assertTrue(p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "hang guard: the run went on after the pipe "
                + "closed");
        assertEquals(Main.OUTPUT_CLOSED, p.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err), "quiet");
    }

    @Test
    void sigintLeavesNoPartialFileBehind() throws Exception {
        assumeTrue(!sigintIgnored(), "SIGINT is ignored by this JVM (it was started in the background of a "
                + "non-interactive shell), so the child run inherits that and no SIGINT can reach it");
        interruptedRunLeavesNoPartialFile(p -> {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
        });
    }

    @Test
    void sigtermLeavesNoPartialFileBehind() throws Exception {
        interruptedRunLeavesNoPartialFile(Process::destroy);
    }

    // Bit 1 of SigIgn in /proc/self/status is SIGINT (signal 2); a process started with it ignored passes that on.
    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private interface Signal {
        void send(Process p) throws Exception;
    }

    private void interruptedRunLeavesNoPartialFile(Signal signal) throws Exception {
        Path out = dir.resolve("out.csv");
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            // Standard input that stays open: the run waits for rows with its partial file created.
            ProcessBuilder pb = vecnn("predict", "-m", model(), "-i", "-", "-b", "loop", "-o", out.toString());
            pb.redirectError(dir.resolve("err.txt").toFile());
            Process p = pb.start();
            try {
                p.getOutputStream().write((Files.readAllLines(Path.of(input())).get(0) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().flush();
                assertTrue(awaitPartial(watch), "hang guard: no partial file appeared");
                signal.send(p);
                assertTrue(p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "hang guard");
                assertTrue(p.exitValue() != 0, "an interrupted run does not report success");
            } finally {
                p.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("err.txt"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "neither a partial file nor an output is left");
        }
        assertFalse(Files.exists(out));
    }

    private static boolean awaitPartial(WatchService watch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (System.nanoTime() < deadline) {
            WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (key == null) {
                return false;
            }
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() != null && e.context().toString().endsWith(".partial")) {
                    return true;
                }
            }
            key.reset();
        }
        return false;
    }

    private static ProcessBuilder vecnn(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classPath,
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("VECNN_BACKEND");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JAVA_OPTS");
        return pb;
    }

    private static String model() {
        return digits().resolve("digits-mlp.npz").toString();
    }

    private static String input() {
        return digits().resolve("digits-test-x.csv").toString();
    }
}
