package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import org.vecnn.model.Npy;
import org.vecnn.model.NpyArray;
import org.vecnn.model.Sequential;
import org.vecnn.model.ShortestDecimal;

class PredictCommandTest {
    private static Path digits;
    private static List<String> x;
    private static List<String> y;
    private static List<String> proba;

    @TempDir
    Path dir;

    @BeforeAll
    static void findDigits() throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/digits/digits-mlp.npz"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("examples/digits/digits-mlp.npz not found above " + Path.of("").toAbsolutePath());
        }
        digits = p.resolve("examples/digits");
        x = Files.readAllLines(digits.resolve("digits-test-x.csv"));
        y = Files.readAllLines(digits.resolve("digits-test-y.csv"));
        proba = Files.readAllLines(digits.resolve("digits-test-proba.csv"));
    }

    @Test
    void writesOneLineOfShortestProbabilitiesPerRowInTheModelsPrecision() {
        Cli.Result r = predict("--backend", "loop");
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.outLines();
        assertEquals(x.size(), lines.size());
        for (int row = 0; row < lines.size(); row++) {
            String[] fields = lines.get(row).split(",");
            String[] expected = proba.get(row).split(",");
            assertEquals(10, fields.length);
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                double v = Double.parseDouble(fields[c]);
                assertEquals(fields[c], ShortestDecimal.toString(v), "the digits of a double, shortest");
                // float64 weights give FLOAT64; DigitsModelTest holds the derived bound, this is a coarse check.
                assertEquals(Double.parseDouble(expected[c]), v, 1e-9);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    @Test
    void float32PrintsTheShortestDigitsOfTheFloat() {
        Cli.Result r = predict("--backend", "loop", "--precision", "float32", "--batch", "50");
        assertEquals(Main.OK, r.code(), r.err());
        for (String line : r.outLines()) {
            for (String field : line.split(",")) {
                assertEquals(field, ShortestDecimal.toString(Float.parseFloat(field)));
            }
        }
        assertEquals(x.size(), r.outLines().size());
    }

    @Test
    void argmaxGivesScikitLearnsAccuracy() {
        Cli.Result r = predict("--backend", "loop-naive", "--argmax", "--batch", "7");
        assertEquals(Main.OK, r.code(), r.err());
        List<String> labels = r.outLines();
        assertEquals(y.size(), labels.size());
        int correct = 0;
        int sklearnCorrect = 0;
        for (int row = 0; row < y.size(); row++) {
            correct += labels.get(row).equals(y.get(row)) ? 1 : 0;
            double[] p = Stream.of(proba.get(row).split(",")).mapToDouble(Double::parseDouble).toArray();
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            sklearnCorrect += String.valueOf(best).equals(y.get(row)) ? 1 : 0;
        }
        assertEquals(sklearnCorrect, correct);
        assertTrue(correct > 0.9 * y.size(), correct + " of " + y.size());
    }

    @Test
    void outputFileHoldsWhatStandardOutputWouldAndNoPartialFileStays() throws IOException {
        Path out = dir.resolve("pred.csv");
        Cli.Result toFile = predict("--backend", "loop", "--output", out.toString());
        assertEquals(Main.OK, toFile.code(), toFile.err());
        assertEquals("", toFile.out());
        Cli.Result toStdout = predict("--backend", "loop");
        assertEquals(toStdout.out(), Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.collect(Collectors.toList()));
        }
    }

    @Test
    void npyInputGivesWhatCsvGives() throws IOException {
        double[] flat = x.stream().flatMap(l -> Stream.of(l.split(","))).mapToDouble(Double::parseDouble).toArray();
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, NpyArray.ofFloat32(toFloats(flat), x.size(), 64));
        Cli.Result fromNpy = Cli.run(Cli.loops(), "predict", "--model", model(), "--input", npy.toString(),
                "--backend", "loop");
        assertEquals(Main.OK, fromNpy.code(), fromNpy.err());
        assertEquals(predict("--backend", "loop").out(), fromNpy.out());
    }

    @Test
    void aMalformedRowIsOneLineNamingItsLineNumber() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, x.get(0) + "\n" + x.get(1) + "\n" + x.get(2).replaceFirst(",0,", ",zero,") + "\n");
        Path out = dir.resolve("pred.csv");
        Cli.Result r = Cli.run(Cli.loops(), "predict", "--model", model(), "--input", csv.toString(),
                "--backend", "loop", "--output", out.toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals(List.of("vecnn predict: " + csv + " line 3, column 2: 'zero' is not a number"), r.errLines());
        assertFalse(Files.exists(out), "no half-written output");
    }

    @Test
    void aRowOfTheWrongLengthNamesItsLineNumber() throws IOException {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, x.get(0) + "\n1,2,3\n");
        Cli.Result r = Cli.run(Cli.loops(), "predict", "--model", model(), "--input", csv.toString(),
                "--backend", "loop");
        assertEquals(Main.FAILED, r.code());
        assertEquals(List.of("vecnn predict: " + csv + " line 2: 3 values, but the model takes 64 inputs"),
                r.errLines());
    }

    @Test
    void aBadModelFileIsOneLineNamingTheFileAndArray() throws IOException {
        Path bad = dir.resolve("bad.npz");
        Sequential.input(64).dense(10, Activation.SOFTMAX).initialize(1).save(bad);
        byte[] b = Files.readAllBytes(bad);
        Files.write(bad, java.util.Arrays.copyOf(b, b.length - 40));
        Cli.Result r = Cli.run(Cli.loops(), "predict", "--model", bad.toString(), "--input", input(),
                "--backend", "loop");
        assertEquals(Main.FAILED, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("vecnn predict: " + bad + ": truncated or corrupt zip file"), r.err());

        Path missing = dir.resolve("missing.npz");
        r = Cli.run(Cli.loops(), "predict", "--model", missing.toString(), "--input", input());
        assertEquals(Main.FAILED, r.code());
        assertEquals(List.of("vecnn predict: " + missing + ": no such file"), r.errLines());

        Path missingInput = dir.resolve("missing.csv");
        r = Cli.run(Cli.loops(), "predict", "--model", model(), "--input", missingInput.toString(),
                "--backend", "loop");
        assertEquals(List.of("vecnn predict: " + missingInput + ": no such file"), r.errLines());
    }

    @Test
    void aModelWhoseInputsDifferFromTheRowsIsRefused() throws IOException {
        Path small = dir.resolve("small.npz");
        Model m = Sequential.input(3).dense(2, Activation.SOFTMAX).initialize(1);
        m.save(small, Precision.FLOAT32, true);
        Cli.Result r = Cli.run(Cli.loops(), "predict", "--model", small.toString(), "--input", input(),
                "--backend", "loop");
        assertEquals(Main.FAILED, r.code());
        assertEquals(List.of("vecnn predict: " + input() + " line 1: 64 values, but the model takes 3 inputs"),
                r.errLines());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli.Result r = predict("--precision", "float16");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().startsWith("vecnn predict: --precision must be float32 or float64, got 'float16'"), r.err());
        r = predict("--batch", "0");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().startsWith("vecnn predict: --batch must be at least 1, got 0"), r.err());
        r = Cli.run(Cli.loops(), "predict", "--input", input());
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("--model"), r.err());
    }

    @Test
    void anAbsentBackendIsExitCodeThree() {
        Cli.Result r = predict("--backend", "nosuch");
        assertEquals(Main.UNAVAILABLE, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("vecnn predict: backend 'nosuch' (argument) is not on the class path"), r.err());
    }

    @Test
    void theProgressBarGoesToStandardErrorWhenAskedFor() {
        Cli.Result r = predict("--backend", "loop", "--progress", "--batch", "100");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains("] 100%  " + x.size() + " rows"), r.err());
        assertTrue(r.err().startsWith("\r["), r.err());
        assertEquals(x.size(), r.outLines().size());
    }

    private Cli.Result predict(String... extra) {
        String[] args = Stream.concat(Stream.of("predict", "--model", model(), "--input", input()), Stream.of(extra))
                .toArray(String[]::new);
        return Cli.run(Cli.loops(), args);
    }

    private static String model() {
        return digits.resolve("digits-mlp.npz").toString();
    }

    private static String input() {
        return digits.resolve("digits-test-x.csv").toString();
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
