package org.vecnn.conformance.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.BackendInfo;
import org.vecnn.Backends;
import org.vecnn.Precision;
import org.vecnn.train.Dataset;
import org.vecnn.train.Evaluation;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;
import org.vecnn.train.TrainingHistory;

/**
 * Trains the digits MLP from scratch on every CPU backend, in both precisions, and holds its test accuracy to
 * scikit-learn's: {@code examples/digits/train_reference.py} trained scikit-learn's {@code MLPClassifier} with the
 * same split, architecture (64 &rarr; 32 relu &rarr; 10 softmax), loss, optimizer (Adam), learning rate, batch size
 * and epochs, and recorded its test accuracy in {@code digits-training-reference.properties}. vecnn must reach
 * that accuracy less one percentage point. Several seconds per backend on the slowest ones: tagged slow.
 */
@Tag("slow")
class DigitsTrainingTest {
    private static Properties reference;
    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void readFixture() throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/digits/digits-training-reference.properties"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("examples/digits/digits-training-reference.properties not found above "
                    + Path.of("").toAbsolutePath());
        }
        Path digits = p.resolve("examples/digits");
        reference = new Properties();
        try (Reader in = Files.newBufferedReader(digits.resolve("digits-training-reference.properties"))) {
            reference.load(in);
        }
        train = read(digits.resolve("digits-train-x.csv"), digits.resolve("digits-train-y.csv"));
        test = read(digits.resolve("digits-test-x.csv"), digits.resolve("digits-test-y.csv"));
        assertEquals(Integer.parseInt(reference.getProperty("train.rows")), train.rows());
        assertEquals(Integer.parseInt(reference.getProperty("test.rows")), test.rows());
    }

    private static Dataset read(Path features, Path labels) throws IOException {
        List<String> x = Files.readAllLines(features);
        List<String> y = Files.readAllLines(labels);
        double[][] rows = new double[x.size()][];
        int[] classes = new int[y.size()];
        for (int r = 0; r < rows.length; r++) {
            String[] fields = x.get(r).split(",");
            rows[r] = new double[fields.length];
            for (int c = 0; c < fields.length; c++) {
                rows[r][c] = Double.parseDouble(fields[c]);
            }
            classes[r] = Integer.parseInt(y.get(r).trim());
        }
        return Dataset.ofLabels(rows, classes);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "loop, FLOAT32", "loop, FLOAT64",
        "loop-naive, FLOAT32", "loop-naive, FLOAT64",
        "ejml, FLOAT32", "ejml, FLOAT64",
        "nd4j, FLOAT32", "nd4j, FLOAT64",
    })
    void reachesScikitLearnsTestAccuracyLessOnePoint(String name, Precision precision) {
        BackendInfo info = Backends.registry().all().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(info != null, name + " is not on this module's test class path");
        Assumptions.assumeTrue(info.probe().available(), () -> name + " cannot run here: " + info.probe().explanation());

        assertEquals("32:relu,10:softmax", reference.getProperty("layers"));
        assertEquals("adam", reference.getProperty("optimizer"));
        int batch = Integer.parseInt(reference.getProperty("batch"));
        int epochs = Integer.parseInt(reference.getProperty("epochs"));
        double rate = Double.parseDouble(reference.getProperty("learning.rate"));
        // scikit-learn adds alpha·W/batch to the weights' gradient: the same L2 is alpha/batch here.
        double l2 = Double.parseDouble(reference.getProperty("l2.alpha")) / batch;
        Optimizer adam = Optimizer.adam(rate)
                .withBetas(Double.parseDouble(reference.getProperty("adam.beta1")),
                        Double.parseDouble(reference.getProperty("adam.beta2")))
                .withEpsilon(Double.parseDouble(reference.getProperty("adam.epsilon")))
                .withL2(l2);
        double sklearn = Double.parseDouble(reference.getProperty("test.accuracy"));

        try (Backend backend = Backends.get(name);
                Trainer trainer = Trainer.builder(backend).precision(precision)
                        .layer(32, Activation.RELU).layer(10, Activation.SOFTMAX)
                        .loss(Loss.CATEGORICAL_CROSS_ENTROPY).optimizer(adam)
                        .batchSize(batch).epochs(epochs).seed(Long.parseLong(reference.getProperty("seed")))
                        .build()) {
            TrainingHistory history = trainer.fit(train);
            assertEquals(epochs, history.epochs().size());
            Evaluation result = trainer.evaluate(test);
            assertTrue(result.accuracy() >= sklearn - 0.01, () -> name + " " + precision + " ("
                    + trainer.kernelsPath() + " kernels): test accuracy " + result.accuracy() + ", scikit-learn's "
                    + sklearn + " less one point is " + (sklearn - 0.01));
        }
    }
}
