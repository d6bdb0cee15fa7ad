package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.TrainingKernels;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * A {@link Workload.Kind#TRAIN} workload on a backend: one full training step per call on a fixed batch, through
 * the backend's training kernels ({@link TrainingKernels#of}, the ones {@link org.vecnn.train.Trainer} uses), in
 * the trainer's order: the forward pass keeping each layer's output, the loss with dZ of the output layer, then
 * per layer from the last dW = A<sub>in</sub><sup>T</sup>&middot;dZ, dB, dA<sub>in</sub> = dZ&middot;W<sup>T</sup>
 * and the activation's backward pass, then the optimizer's update of every weight and bias. The batch, its
 * one-hot targets and every buffer are on the backend before the first call, so a call moves nothing in. Unlike
 * {@code Trainer.fit}, a call does not shuffle, copy the batch in, keep a snapshot of the weights or count the rows
 * right: the per-epoch and per-batch bookkeeping of the trainer is not in the figure, as it is not in PyTorch's.
 */
final class TrainingStep implements Task {
    private final TrainingKernels kernels;
    private final Optimizer optimizer;
    private final Loss loss;
    private final double learningRate;
    private final List<Activation> activations = new ArrayList<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Matrix input;
    private final Matrix targets;
    private final Matrix logits;
    private final Matrix[] weights;
    private final Matrix[] biases;
    private final Matrix[] weightGrads;
    private final Matrix[] biasGrads;
    private final Matrix[] outputs;
    private final Matrix[] grads;
    private final Matrix[][] weightStates;
    private final Matrix[][] biasStates;
    private long steps;
    private double lastLoss = Double.NaN;

    /**
     * @param backend the backend, open
     * @param workload a training workload
     * @throws IllegalArgumentException when the workload is not a training step
     */
    TrainingStep(Backend backend, Workload workload) {
        if (workload.kind() != Workload.Kind.TRAIN) {
            throw new IllegalArgumentException("training step: " + workload.id() + " is not a training workload");
        }
        Workload.Training t = Workload.TRAINING;
        this.kernels = TrainingKernels.of(backend);
        this.loss = Loss.byName(t.loss());
        this.learningRate = t.learningRate();
        this.optimizer = Optimizer.byName(t.optimizer(), t.learningRate()).withBetas(t.beta1(), t.beta2())
                .withEpsilon(t.epsilon());
        WorkloadData data = WorkloadData.of(workload);
        Precision p = workload.precision();
        List<Workload.Layer> layers = workload.layers();
        int n = layers.size();
        int m = workload.batch();
        int classes = layers.get(n - 1).units();
        weights = new Matrix[n];
        biases = new Matrix[n];
        weightGrads = new Matrix[n];
        biasGrads = new Matrix[n];
        outputs = new Matrix[n];
        grads = new Matrix[n];
        weightStates = new Matrix[n][optimizer.stateCount()];
        biasStates = new Matrix[n][optimizer.stateCount()];
        try {
            input = own(backend.matrix(m, layers.get(0).inputs(), data.input(), p));
            double[] oneHot = new double[m * classes];
            for (int r = 0; r < m; r++) {
                oneHot[r * classes + data.labels()[r]] = 1;
            }
            targets = own(backend.matrix(m, classes, oneHot, p));
            logits = own(backend.zeros(m, classes, p));
            for (int l = 0; l < n; l++) {
                Workload.Layer s = layers.get(l);
                activations.add(s.activation());
                weights[l] = own(backend.matrix(s.inputs(), s.units(), data.weights().get(l), p));
                biases[l] = own(backend.matrix(1, s.units(), data.biases().get(l), p));
                weightGrads[l] = own(backend.zeros(s.inputs(), s.units(), p));
                biasGrads[l] = own(backend.zeros(1, s.units(), p));
                outputs[l] = own(backend.zeros(m, s.units(), p));
                grads[l] = own(backend.zeros(m, s.units(), p));
                for (int k = 0; k < optimizer.stateCount(); k++) {
                    weightStates[l][k] = own(backend.zeros(s.inputs(), s.units(), p));
                    biasStates[l][k] = own(backend.zeros(1, s.units(), p));
                }
            }
        } catch (RuntimeException | Error e) {
            BackendSubject.closeAll(owned);
            throw e;
        }
    }

    private Matrix own(Matrix m) {
        owned.add(m);
        return m;
    }

    /** @return the training kernels' path, e.g. {@code composed} or the backend's name */
    String kernelsPath() {
        return kernels.path();
    }

    @Override
    public Object run() {
        int last = weights.length - 1;
        Matrix in = input;
        for (int l = 0; l <= last; l++) {
            kernels.denseForward(in, weights[l], biases[l], activations.get(l), l == last ? logits : null,
                    outputs[l]);
            in = outputs[l];
        }
        lastLoss = kernels.loss(loss, activations.get(last), logits, outputs[last], targets, grads[last]);
        for (int l = last; l >= 0; l--) {
            kernels.multiply(l == 0 ? input : outputs[l - 1], true, grads[l], false, weightGrads[l]);
            kernels.columnSums(grads[l], biasGrads[l]);
            if (l > 0) {
                kernels.multiply(grads[l], false, weights[l], true, grads[l - 1]);
                kernels.activationBackward(activations.get(l - 1), outputs[l - 1], grads[l - 1], grads[l - 1]);
            }
        }
        steps++;
        for (int l = 0; l <= last; l++) {
            kernels.update(optimizer, steps, learningRate, weights[l], weightGrads[l], weightStates[l]);
            kernels.update(optimizer, steps, learningRate, biases[l], biasGrads[l], biasStates[l]);
        }
        return weights[0];
    }

    @Override
    public void finish() {
        weights[0].get(0, 0);
    }

    /** @return the loss of the step this call takes (on a new task, the loss of the initial weights) */
    @Override
    public double[] result() {
        run();
        return new double[] {lastLoss};
    }

    /**
     * @param layer a layer index
     * @return its current weights, row-major
     */
    double[] weights(int layer) {
        return weights[layer].toDoubleArray();
    }

    @Override
    public void close() {
        BackendSubject.closeAll(owned);
    }
}
