package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DynamicNode;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.train.Dataset;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;
import org.vecnn.train.TrainingHistory;

/**
 * Closing while other threads compute. Eight threads call {@code forward} (or {@code matmul}, or each fit a
 * small {@link Trainer}) over and over while a ninth closes the backend, the layer, the input, an operand or
 * the outputs, after a random number of calls have started; every repetition uses a fresh backend instance. The contract: each call either returns
 * the value a single thread computes, bitwise, or throws {@link IllegalStateException} naming what is closed,
 * and once the close is seen every later call throws it too. Any other exception fails the check, and so does
 * a thread still running a minute after the repetition started (a hang; the JVM crashing is a failure of the
 * whole build). Each check runs on a layer 128 &rarr; 64 at batch 16 and again on the seed's shapes (2 &rarr; 3,
 * batch 1), where every call writes into a given output: a backend may run calls on such small operands
 * without holding them (see {@code AbstractMatrix}), and the contract is the same.
 */
final class RaceChecks {
    /** Repetitions of each check in the kit's group "closing under load". */
    static final int SHORT = 10;
    /** Repetitions of each check in the slow group "closing under load, many repetitions". */
    static final int LONG = 150;

    private static final int THREADS = 8;
    private static final int CALLS = 12;
    private static final Duration HANG_GUARD = Duration.ofMinutes(1);
    private static final int FIT_ROWS = 24;
    private static final int FIT_INPUTS = 8;

    private RaceChecks() {
    }

    /** What is closed, and the call the threads make. */
    private enum Target {
        BACKEND("closing the backend while 8 threads call forward"),
        LAYER("closing the layer while 8 threads call forward"),
        WEIGHTS("closing W while 8 threads call forward"),
        INPUT("closing the input while 8 threads call forward"),
        OPERAND("closing b while 8 threads call a.matmul(b)"),
        OUTPUT("closing the outputs while 8 threads call forward(a_in, out) into them"),
        TRAINING("closing the backend while 8 threads each fit a trainer");

        final String label;

        Target(String label) {
            this.label = label;
        }
    }

    /** The layer's shape; on SMALL every call writes into a given output. */
    private enum Shape {
        LARGE(16, 128, 64),
        SMALL(1, 2, 3);

        final int batch;
        final int inputs;
        final int units;

        Shape(int batch, int inputs, int units) {
            this.batch = batch;
            this.inputs = inputs;
            this.units = units;
        }

        String label() {
            return "layer " + inputs + " → " + units + " sigmoid, batch " + batch
                    + (this == SMALL ? ", into given outputs" : "");
        }
    }

    static List<DynamicNode> races(ConformanceSuite s, int repetitions) {
        List<DynamicNode> t = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Target target : Target.values()) {
                if (target == Target.TRAINING && shape == Shape.SMALL) {
                    continue;
                }
                String name = target.label + ", " + repetitions + " repetitions, " + (target == Target.TRAINING
                        ? "trainer " + FIT_INPUTS + " → 6 relu → 3 softmax, " + FIT_ROWS + " rows, batch 6, 2 epochs"
                        : shape.label());
                t.addAll(s.forEachPrecision(name, (what, p) -> {
                    for (int r = 0; r < repetitions; r++) {
                        race(s, what, p, target, shape, r);
                    }
                }));
            }
        }
        return t;
    }

    /** The operands of one repetition, and what one thread computes with them. */
    private static final class Fixture {
        final Backend backend;
        final Shape shape;
        final DenseLayer layer;
        final Matrix input;
        final Matrix operand;
        final Matrix[] outputs = new Matrix[THREADS + 1];
        final double[] forward;
        final double[] product;
        final Precision precision;
        final Dataset examples;
        final double[] fitted;

        Fixture(Backend backend, SplittableRandom random, Precision p, Target target, Shape shape) {
            this.backend = backend;
            this.shape = shape;
            this.precision = p;
            int inputs = shape.inputs;
            int units = shape.units;
            Matrix w = Data.upload(backend, inputs, units, Data.uniform(random, inputs * units, 4 / Math.sqrt(inputs),
                    p), p);
            Matrix b = Data.upload(backend, 1, units, Data.uniform(random, units, 1, p), p);
            layer = backend.dense(w, b, Activation.SIGMOID);
            input = Data.upload(backend, shape.batch, inputs, Data.uniform(random, shape.batch * inputs, 1, p), p);
            operand = Data.upload(backend, inputs, units, Data.uniform(random, inputs * units, 1, p), p);
            for (int i = 1; i <= THREADS; i++) {
                outputs[i] = backend.zeros(shape.batch, units, p);
            }
            try (Matrix out = layer.forward(input)) {
                forward = out.toDoubleArray();
            }
            try (Matrix out = input.matmul(operand)) {
                product = out.toDoubleArray();
            }
            if (target == Target.TRAINING) {
                double[][] x = new double[FIT_ROWS][FIT_INPUTS];
                int[] labels = new int[FIT_ROWS];
                for (int i = 0; i < FIT_ROWS; i++) {
                    for (int j = 0; j < FIT_INPUTS; j++) {
                        x[i][j] = random.nextDouble(-1, 1);
                    }
                    labels[i] = i % 3;
                }
                examples = Dataset.ofLabels(x, labels);
                fitted = fit();
            } else {
                examples = null;
                fitted = null;
            }
        }

        // The per-epoch losses and the trained weights of a small trainer with a fixed seed.
        double[] fit() {
            try (Trainer trainer = Trainer.builder(backend).precision(precision).inputs(FIT_INPUTS)
                    .layer(6, Activation.RELU).layer(3, Activation.SOFTMAX).optimizer(Optimizer.adam(0.01))
                    .batchSize(6).epochs(2).seed(9).build()) {
                TrainingHistory history = trainer.fit(examples);
                try (Network n = trainer.network()) {
                    double[] w = n.layers().get(0).weights().toDoubleArray();
                    double[] result = new double[history.epochs().size() + w.length];
                    for (int e = 0; e < history.epochs().size(); e++) {
                        result[e] = history.epochs().get(e).loss();
                    }
                    System.arraycopy(w, 0, result, history.epochs().size(), w.length);
                    return result;
                }
            }
        }

        double[] call(Target target, int thread) {
            if (shape == Shape.SMALL) {
                return (target == Target.OPERAND ? input.matmul(operand, outputs[thread])
                        : layer.forward(input, outputs[thread])).toDoubleArray();
            }
            switch (target) {
                case OPERAND:
                    try (Matrix out = input.matmul(operand)) {
                        return out.toDoubleArray();
                    }
                case OUTPUT:
                    return layer.forward(input, outputs[thread]).toDoubleArray();
                case TRAINING:
                    return fit();
                default:
                    try (Matrix out = layer.forward(input)) {
                        return out.toDoubleArray();
                    }
            }
        }

        double[] expected(Target target) {
            return target == Target.OPERAND ? product : target == Target.TRAINING ? fitted : forward;
        }

        void close(Target target) {
            switch (target) {
                case BACKEND:
                case TRAINING:
                    backend.close();
                    break;
                case LAYER:
                    layer.close();
                    break;
                case WEIGHTS:
                    layer.weights().close();
                    break;
                case INPUT:
                    input.close();
                    break;
                case OPERAND:
                    operand.close();
                    break;
                default:
                    for (int i = 1; i <= THREADS; i++) {
                        outputs[i].close();
                    }
            }
        }
    }

    private static void race(ConformanceSuite s, String what, Precision p, Target target, Shape shape,
            int repetition) {
        String rep = what + ", repetition " + (repetition + 1);
        SplittableRandom random = Data.random(what);
        Backend backend = s.create();
        try {
            Fixture f = new Fixture(backend, random, p, target, shape);
            double[] expected = f.expected(target);
            int closeAfter = Data.random(rep).nextInt(2 * THREADS + 1);
            AtomicInteger started = new AtomicInteger();
            Workers.run(rep, THREADS + 1, HANG_GUARD, (id, stop) -> {
                if (id == 0) {
                    while (started.get() < closeAfter && !stop.get()) {
                        Thread.onSpinWait();
                    }
                    f.close(target);
                    return;
                }
                int refused = 0;
                for (int call = 0; call < CALLS && !stop.get(); call++) {
                    started.incrementAndGet();
                    double[] got;
                    try {
                        got = f.call(target, id);
                    } catch (IllegalStateException e) {
                        String message = String.valueOf(e.getMessage());
                        assertTrue(message.contains("closed"), rep + ": thread " + id + ", call " + (call + 1)
                                + ": an IllegalStateException for a close must say 'closed': " + e);
                        refused++;
                        if (refused == 3) {
                            return;
                        }
                        continue;
                    }
                    if (refused > 0) {
                        throw new AssertionError(rep + ": thread " + id + ", call " + (call + 1) + " returned a "
                                + "result after an earlier call of the thread was refused as closed");
                    }
                    Verify.identical(rep + ": thread " + id + ", call " + (call + 1), expected, got);
                }
            });
            assertTrue(closed(f, target), rep + ": what was closed must say so");
        } finally {
            backend.close();
        }
    }

    private static boolean closed(Fixture f, Target target) {
        switch (target) {
            case BACKEND:
            case TRAINING:
                return f.backend.isClosed() && f.layer.isClosed() && f.input.isClosed();
            case LAYER:
            case WEIGHTS:
                return f.layer.isClosed() && f.layer.weights().isClosed();
            case INPUT:
                return f.input.isClosed();
            case OPERAND:
                return f.operand.isClosed();
            default:
                return f.outputs[1].isClosed();
        }
    }
}
