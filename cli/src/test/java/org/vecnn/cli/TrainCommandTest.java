package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.model.Model;

class TrainCommandTest {
    private static Path digits;
    private static Path trainX;
    private static Path trainY;

    @TempDir
    Path dir;

    @BeforeAll
    static void findDigits() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/digits/digits-train-x.csv"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("examples/digits/digits-train-x.csv not found above "
                    + Path.of("").toAbsolutePath());
        }
        digits = p.resolve("examples/digits");
        trainX = digits.resolve("digits-train-x.csv");
        trainY = digits.resolve("digits-train-y.csv");
    }

    private static Cli.Result train(String... args) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(args));
        return Cli.run(Cli.loops(), all.toArray(new String[0]));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void trainsTheDigitsIntoAModelThatPredictRunsWell() throws IOException {
        Path out = dir.resolve("digits.npz");
        Cli.Result r = train("--data", trainX.toString(), "--labels", trainY.toString(), "--layers",
                "32:relu,10:softmax", "--epochs", "10", "--batch", "32", "--seed", "1", "--backend", "loop",
                "--no-progress", "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().startsWith(out + ": Model[64→32 relu, 32→10 softmax] FLOAT32, 10 epochs on loop"),
                r.out());
        Model model = Model.load(out);
        assertEquals(64, model.inputs());
        assertEquals(Precision.FLOAT32, model.precision());
        assertEquals(Activation.SOFTMAX, model.layers().get(1).activation());

        Cli.Result p = Cli.run(Cli.loops(), "predict", "-m", out.toString(), "-i",
                digits.resolve("digits-test-x.csv").toString(), "--argmax", "--backend", "loop");
        assertEquals(Main.OK, p.code(), p.err());
        List<String> labels = Files.readAllLines(digits.resolve("digits-test-y.csv"));
        List<String> predicted = p.outLines();
        assertEquals(labels.size(), predicted.size());
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            right += labels.get(i).equals(predicted.get(i)) ? 1 : 0;
        }
        // Ten epochs from scratch (about 88% right here): well above chance (10%); the full run is held to
        // scikit-learn's accuracy by DigitsTrainingTest.
        assertTrue(right >= 0.8 * labels.size(), right + " of " + labels.size() + " test digits right");
    }

    @Test
    void trainsLeakyReluIntoLogSoftmaxThatPredictRunsAndHelpListsTheActivations() throws IOException {
        Path out = dir.resolve("leaky.npz");
        Cli.Result r = train("--data", trainX.toString(), "--labels", trainY.toString(), "--layers",
                "32:leaky_relu(0.2),10:log_softmax", "--epochs", "10", "--batch", "32", "--seed", "1", "--backend",
                "loop", "--no-progress", "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().startsWith(out + ": Model[64→32 leaky_relu(0.2), 32→10 log_softmax] FLOAT32"), r.out());
        Model model = Model.load(out);
        assertEquals(Activation.leakyRelu(0.2), model.layers().get(0).activation());
        assertEquals(Activation.LOG_SOFTMAX, model.layers().get(1).activation());

        Cli.Result p = Cli.run(Cli.loops(), "predict", "-m", out.toString(), "-i",
                digits.resolve("digits-test-x.csv").toString(), "--argmax", "--backend", "loop");
        assertEquals(Main.OK, p.code(), p.err());
        List<String> labels = Files.readAllLines(digits.resolve("digits-test-y.csv"));
        List<String> predicted = p.outLines();
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            right += labels.get(i).equals(predicted.get(i)) ? 1 : 0;
        }
        // the default loss of a log_softmax output is cce (the NLL): it learns as softmax + cce does
        assertTrue(right >= 0.8 * labels.size(), right + " of " + labels.size() + " test digits right");

        // picocli may wrap the line before a parenthesis: compare without blanks
        String help = Cli.run(Cli.loops(), "train", "--help").out().replaceAll("\\s+", "");
        assertTrue(help.contains("linear,sigmoid,relu,leaky_relu(slope0.01),leaky_relu(alpha)(alpha>=0for"
                + "training),tanh,softmax,log_softmax"), help);
    }

    @Test
    void writesOneLinePerEpochToStandardErrorAndTheLog() throws IOException {
        Path log = dir.resolve("train.log");
        Cli.Result r = train("--data", trainX.toString(), "--labels", trainY.toString(), "--layers",
                "16:tanh,10:softmax", "--epochs", "3", "--validation", "0.2", "--backend", "loop", "--no-progress",
                "--log", log.toString(), "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.OK, r.code(), r.err());
        List<String> lines = r.errLines();
        assertEquals(3, lines.size(), r.err());
        for (int e = 1; e <= 3; e++) {
            String line = lines.get(e - 1);
            assertTrue(line.matches("epoch " + e + "/3: loss [0-9.]+, accuracy [0-9.]+, validation loss [0-9.]+, "
                    + "validation accuracy [0-9.]+, [0-9]+ samples/s, [0-9.]+ s"), line);
        }
        List<String> logged = Files.readAllLines(log);
        assertEquals("training on loop (training kernels: " + kernelsPath(r) + ")", logged.get(0));
        assertEquals(lines, logged.subList(1, logged.size()));
        assertFalse(r.err().contains("\r"), "no bar without a terminal");
    }

    private static String kernelsPath(Cli.Result r) {
        String marker = "(training kernels: ";
        int at = r.out().indexOf(marker);
        return r.out().substring(at + marker.length(), r.out().indexOf(')', at));
    }

    @Test
    void aValidationFileIsEvaluatedAfterEachEpochAndWatchedByEarlyStopping() {
        Cli.Result r = train("--data", trainX.toString(), "--labels", trainY.toString(), "--layers",
                "32:relu,10:softmax", "--epochs", "200", "--lr", "0.01", "--validation",
                digits.resolve("digits-test-x.csv").toString(), "--validation-labels",
                digits.resolve("digits-test-y.csv").toString(), "--early-stopping", "2", "--backend", "loop",
                "--no-progress", "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.OK, r.code(), r.err());
        int epochs = r.errLines().size();
        assertTrue(epochs < 200, "early stopping ended the run: " + epochs + " epochs");
        for (String line : r.errLines()) {
            assertTrue(line.contains(", validation loss "), line);
        }
        assertTrue(r.out().matches("(?s).*, " + epochs + " epochs on loop .*; stopped early, weights of epoch "
                + (epochs - 2) + "\\R"), r.out());
    }

    @Test
    void progressBarShowsEpochLossAccuracySpeedAndTimeLeft() {
        Cli.Result r = train("--data", trainX.toString(), "--labels", trainY.toString(), "--layers",
                "10:softmax", "--epochs", "2", "--backend", "loop", "--progress",
                "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains("\repoch 1/2 ["), r.err());
        assertTrue(r.err().matches("(?s).*loss [0-9.]+  accuracy [-0-9.]+  [0-9]+ samples/s  ETA [0-9]+:[0-9]{2}.*"),
                r.err());
        assertTrue(r.err().contains("epoch 2/2: loss "), "each epoch's line stays: " + r.err());
    }

    @Test
    void theSameSeedGivesTheSameModelFile() throws IOException {
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        for (Path out : List.of(a, b)) {
            Cli.Result r = train("--data", trainX.toString(), "--labels", trainY.toString(), "--layers",
                    "8:relu,10:softmax", "--epochs", "2", "--seed", "7", "--optimizer", "nesterov", "--lr", "0.01",
                    "--backend", "loop", "--precision", "float64", "--no-progress", "--out", out.toString());
            assertEquals(Main.OK, r.code(), r.err());
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(Precision.FLOAT64, Model.load(a).precision());
    }

    @Test
    void aLabelOutOfRangeNamesTheFileAndRowAndWritesNothing() throws IOException {
        Path x = write("x.csv", "1,2\n3,4\n5,6\n");
        Path y = write("y.csv", "0\n1\n3\n");
        Path out = dir.resolve("m.npz");
        Cli.Result r = train("--data", x.toString(), "--labels", y.toString(), "--layers", "3:softmax",
                "--backend", "loop", "--out", out.toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals("vecnn train: " + y + " row 3: label 3 is not a class of the network's 3 outputs (an integer "
                + "from 0 to 2)", r.errLines().get(0));
        assertFalse(Files.exists(out));
        assertEquals(List.of("x.csv", "y.csv"), names());
    }

    @Test
    void aFractionalLabelIsRefused() throws IOException {
        Path x = write("x.csv", "1,2\n3,4\n");
        Path y = write("y.csv", "0\n1.5\n");
        Cli.Result r = train("--data", x.toString(), "--labels", y.toString(), "--layers", "3:softmax",
                "--backend", "loop", "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains(y + " row 2: label 1.5 is not a class"), r.err());
    }

    @Test
    void nanOrInfInTheDataNamesTheRowAndColumn() throws IOException {
        Path x = write("x.csv", "1,2\n3,nan\n5,6\n");
        Path y = write("y.csv", "0\n1\n0\n");
        Cli.Result r = train("--data", x.toString(), "--labels", y.toString(), "--layers", "2:softmax",
                "--backend", "loop", "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals("vecnn train: " + x + " row 2, column 2: NaN; training needs finite numbers (no NaN or Inf)",
                r.errLines().get(0));

        Path inf = write("inf.csv", "1,2\n3,4\n-inf,6\n");
        r = train("--data", inf.toString(), "--labels", y.toString(), "--layers", "2:softmax", "--backend", "loop",
                "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains(inf + " row 3, column 1: -Infinity; training needs finite numbers"), r.err());
    }

    @Test
    void aRowOfAnotherWidthNamesItsLine() throws IOException {
        Path x = write("x.csv", "1,2,3\n3,4,5\n5,6\n");
        Path y = write("y.csv", "0\n1\n0\n");
        Cli.Result r = train("--data", x.toString(), "--labels", y.toString(), "--layers", "2:softmax",
                "--backend", "loop", "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains(x + " line 3: 2 values, but the model takes 3 inputs"), r.err());
    }

    @Test
    void labelsAndDataOfDifferentLengthsAreRefused() throws IOException {
        Path x = write("x.csv", "1,2\n3,4\n5,6\n");
        Path y = write("y.csv", "0\n1\n");
        Cli.Result r = train("--data", x.toString(), "--labels", y.toString(), "--layers", "2:softmax",
                "--backend", "loop", "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals("vecnn train: " + y + ": 2 label rows, but " + x + " has 3 rows; each data row needs one label "
                + "row", r.errLines().get(0));
    }

    @Test
    void aValidationFileOfAnotherFeatureCountIsRefused() throws IOException {
        Path x = write("x.csv", "1,2\n3,4\n5,6\n");
        Path y = write("y.csv", "0\n1\n0\n");
        Path vx = write("vx.csv", "1,2,3\n");
        Path vy = write("vy.csv", "0\n");
        Cli.Result r = train("--data", x.toString(), "--labels", y.toString(), "--layers", "2:softmax",
                "--validation", vx.toString(), "--validation-labels", vy.toString(), "--backend", "loop",
                "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains(vx + " line 1: 3 values, but the model takes 2 inputs"), r.err());
    }

    @Test
    void targetRowsTrainARegressionAndBinaryTargetsMustBeProbabilities() throws IOException {
        Path x = write("x.csv", "0,0\n0,1\n1,0\n1,1\n");
        Path y = write("y.csv", "0,1\n1,0\n1,0\n0,1\n");
        Cli.Result r = train("--data", x.toString(), "--labels", y.toString(), "--layers", "4:tanh,2:linear",
                "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--epochs", "2", "--batch", "2",
                "--backend", "loop", "--no-progress", "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.OK, r.code(), r.err());

        Path bad = write("bad.csv", "0\n1\n2\n0\n");
        r = train("--data", x.toString(), "--labels", bad.toString(), "--layers", "1:sigmoid", "--backend", "loop",
                "--out", dir.resolve("b.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains(bad + " row 3, column 1: target 2 is not in [0, 1], as binary cross-entropy "
                + "needs"), r.err());
    }

    @Test
    void aLossThatTurnsNonFiniteStopsAndSavesTheLastGoodWeights() throws IOException {
        StringBuilder x = new StringBuilder();
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            x.append(1000 + i).append(',').append(-1000 - i).append('\n');
            y.append(i).append('\n');
        }
        Path out = dir.resolve("diverged.npz");
        Cli.Result r = train("--data", write("x.csv", x.toString()).toString(), "--labels",
                write("y.csv", y.toString()).toString(), "--layers", "1:linear", "--loss", "mse", "--optimizer",
                "sgd", "--lr", "1e6", "--epochs", "5", "--batch", "16", "--backend", "loop", "--no-progress",
                "--out", out.toString());
        assertEquals(Main.FAILED, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*vecnn train: fit: the loss is (NaN|Infinity) at epoch 1, batch [0-9]+ of "
                + "4 .*"), r.err());
        assertTrue(r.err().contains("vecnn train: " + out + " holds the weights of the start of epoch 1 (0 epochs "
                + "trained): Model[2→1 linear] FLOAT32"), r.err());
        Model model = Model.load(out);
        for (double w : model.layers().get(0).weights()) {
            assertTrue(Double.isFinite(w), "the saved weights are the last good ones");
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        String[][] cases = {
            {"--layers", "32:relu,10", "--layers: layer 2 is '10'; give units:activation per layer"},
            {"--layers", "0:relu", "--layers: layer 1 has units '0'; expected a whole number from 1 to"},
            {"--layers", "4:swish", "--layers: layer 1: activation: unknown name 'swish'"},
            {"--loss", "cce", "--loss cce needs a softmax or log_softmax output layer, but --layers ends in sigmoid"},
            {"--layers", "4:leaky_relu(-0.5),1:sigmoid", "--layers: layer 1 is leaky_relu(-0.5): training needs a "
                + "leaky_relu slope >= 0"},
            {"--layers", "4:leaky_relu(x),1:sigmoid", "--layers: layer 1: activation: 'leaky_relu(x)' has no valid "
                + "slope"},
            {"--optimizer", "rmsprop", "--optimizer rmsprop: optimizer: unknown name 'rmsprop'"},
            {"--lr", "-1", "--lr must be a positive number, got -1.0"},
            {"--epochs", "0", "--epochs must be at least 1, got 0"},
            {"--validation", "1.5", "--validation must be a fraction in (0, 1) or a file, got 1.5"},
            {"--validation", "v.csv", "--validation v.csv is a file: give its labels with --validation-labels"},
            {"--momentum", "0.5", "--momentum applies to --optimizer momentum or nesterov, not adam"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("--data", "x.csv", "--labels", "y.csv", "--out",
                    dir.resolve("m.npz").toString(), "--backend", "loop"));
            if (!c[0].equals("--layers")) {
                args.addAll(List.of("--layers", "4:relu,1:sigmoid"));
            }
            args.add(c[0]);
            args.add(c[1]);
            Cli.Result r = train(args.toArray(new String[0]));
            assertEquals(Main.USAGE, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().startsWith("vecnn train: " + c[2]), r.err());
        }
        Cli.Result folder = train("--data", "x.csv", "--labels", "y.csv", "--layers", "2:softmax", "--out",
                dir.toString());
        assertEquals(Main.USAGE, folder.code());
        assertTrue(folder.err().startsWith("vecnn train: --out " + dir + " is a folder; name a .npz file, e.g. "
                + dir.resolve("model.npz")), folder.err());
        Cli.Result onnx = train("--data", "x.csv", "--labels", "y.csv", "--layers", "2:softmax", "--out",
                dir.resolve("m.onnx").toString());
        assertEquals(Main.USAGE, onnx.code());
        assertTrue(onnx.err().contains("name a .npz file (vecnn convert turns it into .onnx)"), onnx.err());
    }

    @Test
    void aMissingDataFileIsNamed() {
        Path missing = dir.resolve("missing.csv");
        Cli.Result r = train("--data", missing.toString(), "--labels", "y.csv", "--layers", "2:softmax",
                "--backend", "loop", "--out", dir.resolve("m.npz").toString());
        assertEquals(Main.FAILED, r.code());
        assertEquals("vecnn train: " + missing + ": no such file", r.errLines().get(0));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
