package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vecnn.train.Dataset;
import org.vecnn.train.EpochResult;
import org.vecnn.train.Evaluation;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;
import org.vecnn.train.TrainingDivergedException;
import org.vecnn.train.TrainingHistory;

/** The trainer over the composed training kernels, on a native-memory test backend. */
class TrainerComposedTest {

    // Two Gaussian blobs per class around the corners of a square, 3 classes: separable by a small MLP.
    static Dataset blobs(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[rows][2];
        int[] y = new int[rows];
        double[][] centers = {{-2, -2}, {2, 2}, {-2, 2}};
        for (int i = 0; i < rows; i++) {
            y[i] = i % 3;
            x[i][0] = centers[y[i]][0] + 0.5 * r.nextGaussian();
            x[i][1] = centers[y[i]][1] + 0.5 * r.nextGaussian();
        }
        return Dataset.ofLabels(x, y);
    }

    @Test
    void composedKernelsLearnSeparableClassesAndFreeTheirMemory() {
        try (DirectBackend backend = new DirectBackend("direct")) {
            int before = backend.liveMatrices();
            List<EpochResult> seen = new ArrayList<>();
            Evaluation evaluation;
            try (Trainer trainer = Trainer.builder(backend).precision(Precision.FLOAT64)
                    .layer(8, Activation.TANH).layer(3, Activation.SOFTMAX)
                    .optimizer(Optimizer.adam(0.05)).batchSize(16).epochs(15).seed(7)
                    .validationSplit(0.2).listener(seen::add).build()) {
                assertEquals("composed", trainer.kernelsPath());
                TrainingHistory history = trainer.fit(blobs(150, 1));
                assertEquals(15, history.epochs().size());
                assertEquals(seen, history.epochs());
                assertTrue(history.last().loss() < history.epochs().get(0).loss(), history.toString());
                assertTrue(history.last().hasValidation());
                evaluation = trainer.evaluate(blobs(90, 2));
                try (Network network = trainer.network(); Matrix in = backend.matrix(1, 2, new double[] {-2, -2});
                        Matrix out = network.forward(in)) {
                    assertEquals(3, out.cols());
                    assertTrue(out.get(0, 0) > 0.5, "class 0 at its centre: " + out.get(0, 0));
                }
            }
            assertTrue(evaluation.accuracy() > 0.95, "accuracy " + evaluation.accuracy());
            assertEquals(before, backend.liveMatrices(), "the trainer must free every matrix it made");
        }
    }

    @Test
    void theSameSeedGivesBitwiseTheSameWeights() {
        try (DirectBackend backend = new DirectBackend("direct")) {
            double[] first = trainedWeights(backend, 3);
            double[] second = trainedWeights(backend, 3);
            double[] other = trainedWeights(backend, 4);
            assertArrayEquals(first, second);
            assertFalse(java.util.Arrays.equals(first, other), "another seed must give other weights");
        }
    }

    private static double[] trainedWeights(Backend backend, long seed) {
        try (Trainer trainer = Trainer.builder(backend).layer(4, Activation.RELU).layer(3, Activation.SOFTMAX)
                .optimizer(Optimizer.sgd(0.1).withNesterov(0.9)).batchSize(8).epochs(2).seed(seed).build()) {
            trainer.fit(blobs(40, 5));
            try (Network network = trainer.network()) {
                return network.layers().get(0).weights().toDoubleArray();
            }
        }
    }

    @Test
    void dataThatDoesNotFitIsRefusedNamingTheRow() {
        try (DirectBackend backend = new DirectBackend("direct");
                Trainer trainer = Trainer.builder(backend).inputs(3).layer(3, Activation.SOFTMAX).build()) {
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> trainer.fit(blobs(9, 1)));
            assertTrue(width.getMessage().contains("2 features but the first layer takes 3 inputs"),
                    width.getMessage());
            Dataset labels = Dataset.ofLabels(new double[][] {{1, 2, 3}, {4, 5, 6}}, new int[] {2, 3});
            IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> trainer.fit(labels));
            assertTrue(range.getMessage().contains("row 1 has label 3") && range.getMessage().contains("0..2"),
                    range.getMessage());
        }
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofLabels(new double[][] {{1, 2}, {3, Double.NaN}}, new int[] {0, 1}));
        assertTrue(nan.getMessage().contains("row 1, column 1 is NaN"), nan.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofTargets(new double[][] {{1, 2}, {3}}, new double[][] {{1}, {0}}));
        assertTrue(ragged.getMessage().contains("row 1 has 1 values but row 0 has 2"), ragged.getMessage());
    }

    @Test
    void aLossThatNeedsAnotherOutputActivationIsRefused() {
        try (DirectBackend backend = new DirectBackend("direct")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.builder(backend).layer(3, Activation.RELU).loss(Loss.CATEGORICAL_CROSS_ENTROPY)
                            .build());
            assertTrue(e.getMessage().contains("cce needs a softmax or log_softmax output layer, but the last layer "
                    + "is relu"), e.getMessage());
        }
    }

    @Test
    void aLeakyReluWithANegativeSlopeIsRefusedNamingTheLayerAndTheSlope() {
        try (DirectBackend backend = new DirectBackend("direct")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.builder(backend).layer(4, Activation.RELU).layer(4, Activation.leakyRelu(-0.5))
                            .layer(3, Activation.SOFTMAX).build());
            assertEquals("trainer: layer 1 is leaky_relu(-0.5), a leaky ReLU with negative slope -0.5; training "
                    + "takes its derivative from the output, which needs a slope >= 0", e.getMessage());
        }
    }

    @Test
    void aLogSoftmaxOutputTrainsWithCrossEntropyByDefaultAndLeakyHiddenLayers() {
        try (DirectBackend backend = new DirectBackend("direct");
                Trainer trainer = Trainer.builder(backend).precision(Precision.FLOAT64)
                        .layer(8, Activation.leakyRelu(0.2)).layer(3, Activation.LOG_SOFTMAX)
                        .optimizer(Optimizer.adam(0.05)).batchSize(16).epochs(15).seed(7).build()) {
            assertTrue(trainer.toString().contains("cce"), trainer.toString());
            TrainingHistory history = trainer.fit(blobs(150, 1));
            assertTrue(history.last().loss() < history.epochs().get(0).loss(), history.toString());
            Evaluation evaluation = trainer.evaluate(blobs(90, 2));
            assertTrue(evaluation.accuracy() > 0.95, "accuracy " + evaluation.accuracy());
            try (Network network = trainer.network(); Matrix in = backend.matrix(1, 2, new double[] {-2, -2});
                    Matrix out = network.forward(in)) {
                assertTrue(out.get(0, 0) > Math.log(0.5), "class 0 at its centre: log p = " + out.get(0, 0));
            }
        }
    }

    @Test
    void aDivergingLossStopsNamingEpochAndBatchAndKeepsTheLastGoodWeights() {
        double[][] x = new double[64][1];
        double[][] y = new double[64][1];
        for (int i = 0; i < 64; i++) {
            x[i][0] = 1e3 * (i % 7 - 3);
            y[i][0] = 1e3 * (i % 5);
        }
        try (DirectBackend backend = new DirectBackend("direct");
                Trainer trainer = Trainer.builder(backend).precision(Precision.FLOAT32).inputs(1)
                        .layer(1, Activation.LINEAR).optimizer(Optimizer.sgd(10)).batchSize(8).epochs(50).build()) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> trainer.fit(Dataset.ofTargets(x, y)));
            assertTrue(e.getMessage().contains("at epoch " + e.epoch() + ", batch " + e.batch() + " of 8"),
                    e.getMessage());
            assertFalse(Double.isFinite(e.loss()));
            assertEquals(e.epoch() - 1, e.history().epochs().size());
            try (Network network = trainer.network()) {
                for (double w : network.layers().get(0).weights().toDoubleArray()) {
                    assertTrue(Double.isFinite(w), "the kept weights are finite");
                }
            }
        }
    }

    @Test
    void earlyStoppingNeedsValidationAndRestoresTheBestEpoch() {
        try (DirectBackend backend = new DirectBackend("direct")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.builder(backend).layer(3, Activation.SOFTMAX).earlyStopping(2).build());
            assertTrue(e.getMessage().contains("earlyStopping needs a validation"), e.getMessage());
            try (Trainer trainer = Trainer.builder(backend).layer(3, Activation.SOFTMAX)
                    .optimizer(Optimizer.sgd(3)).batchSize(4).epochs(40).seed(1).validation(blobs(30, 9))
                    .earlyStopping(2).build()) {
                TrainingHistory h = trainer.fit(blobs(60, 8));
                double best = h.epochs().stream().mapToDouble(EpochResult::validationLoss).min().orElseThrow();
                assertEquals(best, h.epochs().get(h.bestEpoch() - 1).validationLoss());
                assertEquals(best, trainer.evaluate(blobs(30, 9)).loss(), 1e-6);
                if (h.stop() == TrainingHistory.Stop.EARLY_STOPPED) {
                    assertEquals(h.bestEpoch() + 2, h.epochs().size());
                }
            }
        }
    }

    @Test
    void aBackendNotBuiltOnTheSpiBaseClassesTrainsThroughTheComposedKernels() {
        try (DirectBackend inner = new DirectBackend("direct")) {
            Backend outside = (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                    new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                        try {
                            return method.invoke(inner, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            org.vecnn.spi.TrainingKernels kernels = org.vecnn.spi.TrainingKernels.of(outside);
            assertEquals("composed", kernels.path());
            assertFalse(kernels.isNative());
            try (Trainer trainer = Trainer.builder(outside).precision(Precision.FLOAT64).layer(3, Activation.SOFTMAX)
                    .optimizer(Optimizer.sgd(0.5)).batchSize(10).epochs(10).seed(2).build()) {
                trainer.fit(blobs(60, 3));
                assertTrue(trainer.evaluate(blobs(30, 4)).accuracy() > 0.9);
            }
        }
    }
}
