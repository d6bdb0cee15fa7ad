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

    @Test
    void aModelTrainedOnTheJarRunsInPredictOnTheJar() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/digits/digits-train-x.csv"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "examples/digits not found above " + Path.of("").toAbsolutePath());
        Path digits = p.resolve("examples/digits");
        Path model = Files.createTempFile("vecnn-jar", ".npz");
        try {
            Run train = run(Map.of(), "train", "--data", digits.resolve("digits-train-x.csv").toString(), "--labels",
                    digits.resolve("digits-train-y.csv").toString(), "--layers", "32:relu,10:softmax", "--epochs",
                    "3", "--backend", "nd4j", "--out", model.toString());
            assertEquals(Main.OK, train.code(), train.out() + train.err());
            assertTrue(train.out().startsWith(model + ": Model[64→32 relu, 32→10 softmax] FLOAT32, 3 epochs on nd4j "
                    + "(training kernels: nd4j)"), train.out());
            assertEquals(4, train.err().size(), "the notice and one line per epoch, nothing else: " + train.err());
            assertEquals(INCUBATOR_NOTICE, train.err().get(0));
            for (int e = 1; e <= 3; e++) {
                assertTrue(train.err().get(e).startsWith("epoch " + e + "/3: loss "), train.err().get(e));
            }

            Run predict = run(Map.of(), "predict", "--model", model.toString(), "--input",
                    digits.resolve("digits-test-x.csv").toString(), "--argmax", "--backend", "nd4j");
            assertEquals(Main.OK, predict.code(), predict.out() + predict.err());
            List<String> labels = Arrays.asList(predict.out().split("\\R"));
            assertEquals(Files.readAllLines(digits.resolve("digits-test-y.csv")).size(), labels.size());
            assertTrue(labels.stream().allMatch(l -> l.matches("[0-9]")), predict.out());
        } finally {
            Files.deleteIfExists(model);
        }
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
