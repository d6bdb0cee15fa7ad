package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.DenseLayer;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.train.Dataset;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;

/** The bench's training step is the trainer's: the same weights after the same steps on the same batch. */
class TrainingStepTest {

    @Test
    void twoStepsGiveTheWeightsTheTrainerGivesOnEveryCpuBackend() {
        Workload w = Workload.train(6, Precision.FLOAT64);
        WorkloadData data = WorkloadData.of(w);
        Workload.Training t = Workload.TRAINING;
        for (String name : List.of("loop", "loop-naive", "ejml", "nd4j")) {
            if (Backends.registry().all().stream().noneMatch(i -> i.name().equals(name) && i.probe().available())) {
                continue;
            }
            try (Backend backend = Backends.registry().get(name); TrainingStep step = new TrainingStep(backend, w)) {
                step.run();
                step.run();
                List<DenseLayer> layers = new ArrayList<>();
                for (int l = 0; l < w.layers().size(); l++) {
                    Workload.Layer s = w.layers().get(l);
                    layers.add(backend.dense(backend.matrix(s.inputs(), s.units(), data.weights().get(l), w.precision()),
                            backend.matrix(1, s.units(), data.biases().get(l), w.precision()), s.activation()));
                }
                try (Network start = Network.of(layers);
                        Trainer trainer = Trainer.builder(backend).precision(w.precision()).startFrom(start)
                                .loss(Loss.CATEGORICAL_CROSS_ENTROPY)
                                .optimizer(Optimizer.adam(t.learningRate()).withBetas(t.beta1(), t.beta2())
                                        .withEpsilon(t.epsilon()))
                                .batchSize(w.batch()).epochs(2).build()) {
                    trainer.fit(Dataset.ofLabels(w.batch(), 784, data.input(), data.labels()));
                    try (Network trained = trainer.network()) {
                        for (int l = 0; l < w.layers().size(); l++) {
                            double[] expected = trained.layers().get(l).weights().toDoubleArray();
                            double[] got = step.weights(l);
                            for (int i = 0; i < expected.length; i++) {
                                // the trainer shuffles the rows: sums over the batch in another order
                                assertEquals(expected[i], got[i], 1e-9, name + " layer " + l + " element " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyATrainingWorkloadMakesAStep() {
        try (Backend backend = Backends.registry().get("loop-naive")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TrainingStep(backend, Workload.network(2, Precision.FLOAT32)));
            assertEquals("training step: network-2-f32 is not a training workload", e.getMessage());
        }
    }
}
