package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.train.Dataset;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;

/** A trainer's network saved as a model file and loaded back, and the trainer's initial weights. */
class TrainedModelTest {

    @Test
    void aTrainedNetworkSavesAndLoadsWithTheSameWeightsAndPredictions(@TempDir Path dir) throws Exception {
        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        int[] y = {0, 1, 1, 0};
        try (Backend backend = Backends.get("loop");
                Trainer trainer = Trainer.builder(backend).precision(Precision.FLOAT32)
                        .layer(4, Activation.TANH).layer(2, Activation.SOFTMAX)
                        .optimizer(Optimizer.adam(0.05)).batchSize(4).epochs(5).seed(3).build()) {
            trainer.fit(Dataset.ofLabels(x, y));
            Path file = dir.resolve("trained.npz");
            try (Network trained = trainer.network()) {
                Model.of(trained).save(file);
                Model loaded = Model.load(file);
                assertEquals(Precision.FLOAT32, loaded.precision());
                try (Network again = loaded.build(backend); Matrix in = backend.matrix(x, Precision.FLOAT32);
                        Matrix a = trained.forward(in); Matrix b = again.forward(in)) {
                    assertArrayEquals(trained.layers().get(0).weights().toFloatArray(),
                            again.layers().get(0).weights().toFloatArray());
                    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
                }
            }
        }
    }

    @Test
    void aTrainerStartsFromSequentialsInitialWeights() {
        try (Backend backend = Backends.get("loop");
                Trainer trainer = Trainer.builder(backend).precision(Precision.FLOAT64).inputs(5)
                        .layer(4, Activation.RELU).layer(3, Activation.SOFTMAX).seed(11).build();
                Network initial = trainer.network()) {
            Model expected = Sequential.input(5).dense(4, Activation.RELU).dense(3, Activation.SOFTMAX)
                    .initialize(11);
            assertEquals(expected.withPrecision(Precision.FLOAT64), Model.of(initial));
        }
    }
}
