package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void versionNamesTheProjectVersionAndTheJavaRuntime() {
        Cli.Result r = Cli.run(Cli.loops(), "--version");

        assertEquals(Main.OK, r.code());
        assertTrue(r.outLines().get(0).matches("vecnn \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
        assertTrue(r.outLines().get(1).startsWith("Java " + System.getProperty("java.version")), r.out());
        assertTrue(r.outLines().get(2).startsWith("jdk.incubator.vector: "), r.out());
    }

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        Cli.Result r = Cli.run(Cli.loops(), "--help");

        assertEquals(Main.OK, r.code());
        assertTrue(r.out().contains("Usage: vecnn "), r.out());
        assertTrue(r.out().matches("(?s).*\n  demo\\s+Runs the seed's example.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  backends\\s+Prints a diagnostics report.*"), r.out());
        assertTrue(r.out().contains("Exit codes:"), r.out());
    }

    @Test
    void withoutASubcommandItPrintsTheUsage() {
        Cli.Result r = Cli.run(Cli.loops());

        assertEquals(Main.OK, r.code());
        assertTrue(r.out().startsWith("Usage: vecnn "), r.out());
    }

    @Test
    void anUnknownOptionIsOneLineWithoutAStackTrace() {
        Cli.Result r = Cli.run(Cli.loops(), "demo", "--bogus");

        assertEquals(Main.USAGE, r.code());
        assertEquals(List.of("vecnn demo: Unknown option: '--bogus' (see 'vecnn demo --help')"), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void anEmptyBackendNameIsAnInvalidCommandLine() {
        Cli.Result r = Cli.run(Cli.loops(), "demo", "--backend", " ");

        assertEquals(Main.USAGE, r.code());
        assertEquals(List.of("vecnn demo: --backend needs a backend name, e.g. --backend loop "
                + "(see 'vecnn demo --help')"), r.errLines());
    }

    @Test
    void aMisspelledSubcommandSuggestsTheRightOne() {
        Cli.Result r = Cli.run(Cli.loops(), "demos");

        assertEquals(Main.USAGE, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("vecnn: Unmatched argument at index 0: 'demos'; did you mean demo?"), r.err());
    }

    @Tag("slow")
    @Test
    void theEnvironmentVariableChoosesTheDefaultBackend() throws IOException, InterruptedException {
        // The environment of this JVM cannot be changed, so the command line runs in a child JVM.
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", "--backend", "loop"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("VECNN_BACKEND", "loop-naive");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            output = bytes.toString(StandardCharsets.UTF_8);
        }
        int code = process.waitFor();

        assertEquals(Main.OK, code, output);
        assertTrue(output.contains("Default backend: loop-naive (environment variable VECNN_BACKEND=loop-naive)"),
                output);
    }
}
