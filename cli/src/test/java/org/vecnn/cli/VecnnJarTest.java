package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the shaded {@code target/vecnn.jar} in a child JVM, as {@code ./vecnn} does: every backend's
 * META-INF/services entry survived the merge, and nothing but the JVM's incubator notice reaches stderr.
 * Run by failsafe after the package phase.
 */
@Tag("slow")
class VecnnJarTest {
    private static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    record Run(int code, String out, List<String> err) {
    }

    @Test
    void theJarFindsEveryBackendModuleThroughItsMergedServiceFiles() throws Exception {
        Run r = run(Map.of(), "backends");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        Cli.Result result = new Cli.Result(r.code(), r.out(), "");
        for (String name : List.of("cuda", "nd4j", "loop", "ejml", "loop-naive")) {
            List<String> block = result.block(name);
            assertTrue(block.stream().anyMatch(l -> l.startsWith("  source:   file:") && l.endsWith("/vecnn.jar")),
                    String.join("\n", block));
        }
        assertTrue(r.out().contains("\nDiscovery problems: none\n"), r.out());
        assertEquals(List.of(INCUBATOR_NOTICE), r.err(), "nothing else on stderr, e.g. no SLF4J or JavaCPP warning");
    }

    @Test
    void theDemoOnTheJarPicksTheBackendOfTheEnvironmentVariableAndPasses() throws Exception {
        Run r = run(Map.of("VECNN_BACKEND", "ejml"), "demo");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Default backend: ejml (environment variable VECNN_BACKEND=ejml)\n"), r.out());
        assertTrue(r.out().matches("(?s).*\nAll \\d+ backends give \\[1, 0, 1] in FLOAT32 and FLOAT64\\.\n"), r.out());
        Cli.Result result = new Cli.Result(r.code(), r.out(), "");
        for (String name : List.of("loop", "ejml", "loop-naive")) {
            List<String> block = result.block(name);
            assertTrue(block.size() == 3 && block.get(1).endsWith("  ok") && block.get(2).endsWith("  ok"),
                    String.join("\n", block));
        }
        assertEquals(List.of(INCUBATOR_NOTICE), r.err());
    }

    private static Path jar() {
        String path = System.getProperty("vecnn.jar");
        assertTrue(path != null && Files.isRegularFile(Path.of(path)),
                "system property vecnn.jar must name the shaded jar (set by failsafe in cli/pom.xml): " + path);
        return Path.of(path).toAbsolutePath();
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", jar().toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("VECNN_BACKEND");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        Path err = Files.createTempFile("vecnn-jar", ".err");
        try {
            pb.redirectError(err.toFile());
            Process process = pb.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isEmpty()).collect(Collectors.toList());
            return new Run(code, out, errLines);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
