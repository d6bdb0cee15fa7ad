package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicNode;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.spi.ComposedTrainingKernels;
import org.vecnn.spi.TrainingKernels;
import org.vecnn.train.Dataset;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;

/**
 * The training group: the backend's {@link TrainingKernels}, operation by operation, against
 * {@link TrainingReference}; whole gradients against central finite differences (FLOAT64); each optimizer's
 * steps, states included; a short run that must end at the reference weights within the composed bound, through
 * the {@link Trainer} and through the composed default kernels on this backend; and bitwise repeatability. Each
 * check's name says which kernels it tested: "{@code training (loop) ...}" or "{@code training (composed) ...}".
 */
final class TrainingChecks {
    /** (m, k, n) of op(A)·op(B); square A catches a dW computed without its transpose. */
    private static final int[][] PRODUCTS = {{9, 9, 5}, {7, 4, 6}, {1, 3, 1}, {33, 17, 65}};

    /**
     * (m, k, n, flags) of the sweep's products, flags bit 0 transposing A and bit 1 B: the blocked kernels' packed
     * and threaded paths (several million multiply-adds), thin operands, and the bench's training layers
     * (dW = Xᵀ·dZ of 784 → 256 at batch 128, dA = dZ·Wᵀ of 256 → 784).
     */
    private static final int[][] SWEEP_PRODUCTS = {{129, 257, 65, 0}, {129, 257, 65, 1}, {129, 257, 65, 2},
        {129, 257, 65, 3}, {300, 1, 17, 1}, {1, 300, 17, 2}, {17, 300, 1, 3}, {784, 128, 256, 1},
        {128, 256, 784, 2}};

    private TrainingChecks() {
    }

    /** The exhaustive part, tagged slow with the other sweeps: large and thin products with transposes. */
    static List<DynamicNode> sweeps(ConformanceSuite s) {
        String pre = "training (" + TrainingKernels.of(s.shared()).path() + ") ";
        List<DynamicNode> t = new ArrayList<>();
        for (int[] shape : SWEEP_PRODUCTS) {
            boolean ta = (shape[3] & 1) != 0;
            boolean tb = (shape[3] & 2) != 0;
            String name = pre + "multiply " + shape[0] + "×" + shape[1] + (ta ? " (Aᵀ)" : "") + "·" + shape[1] + "×"
                    + shape[2] + (tb ? " (Bᵀ)" : "");
            t.addAll(s.forEachPrecision(name, (what, p) -> multiply(s, what, p, shape[0], shape[1], shape[2], ta,
                    tb)));
        }
        return t;
    }

    static List<DynamicNode> all(ConformanceSuite s) {
        String path = TrainingKernels.of(s.shared()).path();
        String pre = "training (" + path + ") ";
        List<DynamicNode> t = new ArrayList<>();
        for (int[] shape : PRODUCTS) {
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0;
                boolean tb = (flags & 2) != 0;
                int m = shape[0];
                int k = shape[1];
                int n = shape[2];
                String name = pre + "multiply " + m + "×" + k + (ta ? " (Aᵀ)" : "") + "·" + k + "×" + n
                        + (tb ? " (Bᵀ)" : "");
                t.addAll(s.forEachPrecision(name, (what, p) -> multiply(s, what, p, m, k, n, ta, tb)));
            }
        }
        t.addAll(s.forEachPrecision(pre + "columnSums 13×7", (what, p) -> columnSums(s, what, p)));
        for (Activation g : Reference.trainingActivations()) {
            t.addAll(s.forEachPrecision(pre + "activationBackward " + g.label() + " 6×7",
                    (what, p) -> activationBackward(s, what, p, g)));
        }
        for (Activation g : new Activation[] {Activation.SOFTMAX, Activation.SIGMOID, Activation.LOG_SOFTMAX}) {
            Loss loss = g == Activation.SIGMOID ? Loss.BINARY_CROSS_ENTROPY : Loss.CATEGORICAL_CROSS_ENTROPY;
            String on = g == Activation.LOG_SOFTMAX ? " on " + g.label() : "";
            t.addAll(s.forEachPrecision(pre + "loss " + loss.label() + " on " + g.label() + " 5×4",
                    (what, p) -> loss(s, what, p, loss, g, 3)));
            t.addAll(s.forEachPrecision(pre + "loss " + loss.label() + on + " finite and correct for |z| ≥ 1000",
                    (what, p) -> loss(s, what, p, loss, g, 1000)));
        }
        for (Activation g : new Activation[] {Activation.LINEAR, Activation.SIGMOID, Activation.SOFTMAX,
            Activation.LOG_SOFTMAX, Activation.leakyRelu(0.2)}) {
            t.addAll(s.forEachPrecision(pre + "loss mse on " + g.label() + " 5×4",
                    (what, p) -> loss(s, what, p, Loss.MEAN_SQUARED_ERROR, g, 3)));
        }
        for (Loss loss : Loss.values()) {
            t.addAll(s.forEachPrecision(pre + "loss " + loss.label() + " is NaN when an output is NaN",
                    (what, p) -> nanLoss(s, what, p, loss, loss.requiredActivation())));
        }
        t.addAll(s.forEachPrecision(pre + "loss cce on log_softmax is NaN when an output is NaN",
                (what, p) -> nanLoss(s, what, p, Loss.CATEGORICAL_CROSS_ENTROPY, Activation.LOG_SOFTMAX)));
        t.addAll(s.forEachPrecision(pre + "denseForward keeps the logits and applies g",
                (what, p) -> denseForward(s, what, p)));
        t.addAll(s.forEachPrecision(pre + "countCorrect", (what, p) -> countCorrect(s, what, p)));
        Optimizer[] optimizers = {Optimizer.sgd(0.1), Optimizer.sgd(0.1).withL2(0.01),
            Optimizer.sgd(0.05).withMomentum(0.9), Optimizer.sgd(0.05).withNesterov(0.9),
            Optimizer.adam(0.01), Optimizer.adam(0.01).withL2(0.1), Optimizer.adamW(0.01, 0.1)};
        for (Optimizer o : optimizers) {
            t.addAll(s.forEachPrecision(pre + "update " + o + ", 3 steps of two parameters",
                    (what, p) -> update(s, what, p, o)));
        }
        String tanh = pre + "gradients of tanh → softmax + cce equal central differences, square layer FLOAT64";
        t.add(s.test(tanh, () -> finiteDifferences(s, tanh, 4, new int[] {4, 4, 3},
                        new Activation[] {Activation.TANH, Activation.SOFTMAX}, Loss.CATEGORICAL_CROSS_ENTROPY)));
        String sigmoid = pre + "gradients of sigmoid → sigmoid + bce equal central differences, square layer FLOAT64";
        t.add(s.test(sigmoid, () -> finiteDifferences(s, sigmoid, 3, new int[] {3, 5, 2},
                        new Activation[] {Activation.SIGMOID, Activation.SIGMOID}, Loss.BINARY_CROSS_ENTROPY)));
        String relu = pre + "gradients of relu → linear + mse equal central differences, square layer FLOAT64";
        t.add(s.test(relu, () -> finiteDifferences(s, relu, 5, new int[] {5, 4, 2},
                        new Activation[] {Activation.RELU, Activation.LINEAR}, Loss.MEAN_SQUARED_ERROR)));
        String softmax = pre + "gradients of linear → softmax + mse equal central differences FLOAT64";
        t.add(s.test(softmax, () -> finiteDifferences(s, softmax, 3, new int[] {2, 4, 3},
                        new Activation[] {Activation.LINEAR, Activation.SOFTMAX}, Loss.MEAN_SQUARED_ERROR)));
        String leaky = pre + "gradients of leaky_relu(0.2) → log_softmax + cce equal central differences, square "
                + "layer FLOAT64";
        t.add(s.test(leaky, () -> finiteDifferences(s, leaky, 4, new int[] {4, 4, 3},
                        new Activation[] {Activation.leakyRelu(0.2), Activation.LOG_SOFTMAX},
                        Loss.CATEGORICAL_CROSS_ENTROPY)));
        String logSoftmax = pre + "gradients of leaky_relu → log_softmax + mse equal central differences FLOAT64";
        t.add(s.test(logSoftmax, () -> finiteDifferences(s, logSoftmax, 3, new int[] {2, 4, 3},
                        new Activation[] {Activation.LEAKY_RELU, Activation.LOG_SOFTMAX}, Loss.MEAN_SQUARED_ERROR)));
        t.addAll(s.forEachPrecision(pre + "short run (trainer, 4 steps of momentum) ends at the reference weights",
                (what, p) -> shortRun(s, what, p, null)));
        if (!"composed".equals(path)) {
            t.addAll(s.forEachPrecision("training (composed) short run (4 steps of momentum) ends at the reference "
                    + "weights", (what, p) -> shortRun(s, what, p, new ComposedTrainingKernels(s.shared()))));
        }
        t.addAll(s.forEachPrecision(pre + "the same seed gives bitwise the same weights",
                (what, p) -> repeatable(s, what, p)));
        return t;
    }

    private static void multiply(ConformanceSuite s, String what, Precision p, int m, int k, int n, boolean ta,
            boolean tb) {
        Backend b = s.shared();
        SplittableRandom r = Data.random(what);
        double[] a = Data.uniform(r, m * k, 2, p);
        double[] w = Data.uniform(r, k * n, 2, p);
        Expected ea = ta ? Reference.exact(a, k, m) : Reference.exact(a, m, k);
        Expected ew = tb ? Reference.exact(w, n, k) : Reference.exact(w, k, n);
        Matrix ma = Data.upload(b, ea.rows, ea.cols, a, p);
        Matrix mw = Data.upload(b, ew.rows, ew.cols, w, p);
        Matrix out = b.zeros(m, n, p);
        TrainingKernels.of(b).multiply(ma, ta, mw, tb, out);
        Verify.close(what, TrainingReference.multiply(ea, ta, ew, tb, p), out, p, b);
        Verify.identical(what + " leaves A unchanged", a, ma.toDoubleArray());
    }

    private static void columnSums(ConformanceSuite s, String what, Precision p) {
        Backend b = s.shared();
        double[] a = Data.uniform(Data.random(what), 13 * 7, 3, p);
        Matrix out = b.zeros(1, 7, p);
        TrainingKernels.of(b).columnSums(Data.upload(b, 13, 7, a, p), out);
        Verify.close(what, TrainingReference.columnSums(Reference.exact(a, 13, 7), p), out, p, b);
    }

    // A = g(z) for z in [-3, 3) (a third of it negative or zero for relu), rounded to p, as the layer's output.
    private static double[] outputs(SplittableRandom r, Activation g, int rows, int cols, double scale, Precision p) {
        double[] z = Data.uniform(r, rows * cols, scale, p);
        return Reference.round(Reference.activate(Reference.exact(z, rows, cols), g, Precision.FLOAT64).value, p);
    }

    private static void activationBackward(ConformanceSuite s, String what, Precision p, Activation g) {
        Backend b = s.shared();
        SplittableRandom r = Data.random(what);
        double[] a = outputs(r, g, 6, 7, 3, p);
        double[] da = Data.uniform(r, 42, 2, p);
        Matrix out = b.zeros(6, 7, p);
        TrainingKernels.of(b).activationBackward(g, Data.upload(b, 6, 7, a, p), Data.upload(b, 6, 7, da, p), out);
        Verify.close(what, TrainingReference.backward(g, Reference.exact(a, 6, 7), Reference.exact(da, 6, 7), p),
                out, p, b);
        Matrix inPlace = Data.upload(b, 6, 7, da, p);
        TrainingKernels.of(b).activationBackward(g, Data.upload(b, 6, 7, a, p), inPlace, inPlace);
        Verify.identical(what + " in place (dZ written over dA)", out.toDoubleArray(), inPlace.toDoubleArray());
    }

    private static void loss(ConformanceSuite s, String what, Precision p, Loss loss, Activation g, double scale) {
        Backend b = s.shared();
        SplittableRandom r = Data.random(what);
        int m = 5;
        int n = 4;
        double[] z = Data.uniform(r, m * n, scale, p);
        if (scale >= 1000) {
            for (int i = 0; i < z.length; i++) {
                z[i] = z[i] < 0 ? Math.min(z[i], -1000) : Math.max(z[i], 1000);
            }
        }
        double[] a = Reference.round(Reference.activate(Reference.exact(z, m, n), g, Precision.FLOAT64).value, p);
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (loss == Loss.CATEGORICAL_CROSS_ENTROPY) {
                if (i % 2 == 0) {
                    y[i * n + r.nextInt(n)] = 1;
                } else {
                    y[i * n] = 0.25;
                    y[i * n + 1] = 0.75;
                }
            } else {
                for (int j = 0; j < n; j++) {
                    y[i * n + j] = loss == Loss.BINARY_CROSS_ENTROPY ? r.nextInt(2) : Reference.round(
                            new double[] {r.nextDouble(-1, 1)}, p)[0];
                }
            }
        }
        Matrix grad = b.zeros(m, n, p);
        TrainingKernels k = TrainingKernels.of(b);
        Matrix mz = Data.upload(b, m, n, z, p);
        Matrix ma = Data.upload(b, m, n, a, p);
        Matrix my = Data.upload(b, m, n, y, p);
        double value = k.loss(loss, g, mz, ma, my, grad);
        double[] want = TrainingReference.lossValue(loss, g, z, a, y, m, n, p);
        if (!Double.isFinite(value) || Math.abs(value - want[0]) > want[1]) {
            fail(what + ": the loss is " + Verify.exact(value) + ", reference " + Verify.fmt(want[0]) + " ± "
                    + Verify.fmt(want[1]) + (Double.isFinite(value) ? "" : "; it must be finite for finite logits"));
        }
        Verify.close(what + " (dL/dZ)", TrainingReference.lossGradient(loss, g, Reference.exact(a, m, n), y, p), grad,
                p, b);
        double alone = k.loss(loss, g, mz, ma, my, null);
        assertEquals(value, alone, 0.0, what + ": the loss without its gradient must be the same value");
    }

    // A NaN must reach the loss, so that the trainer stops instead of training on garbage.
    private static void nanLoss(ConformanceSuite s, String what, Precision p, Loss loss, Activation output) {
        Backend b = s.shared();
        Activation g = output != null ? output : Activation.LINEAR;
        double[] z = {0.5, Double.NaN, -0.25, 1, 2, 0.75};
        double[] a = Reference.round(Reference.activate(Reference.exact(z, 2, 3), g, Precision.FLOAT64).value, p);
        double[] y = {0, 1, 0, 1, 0, 0};
        double value = TrainingKernels.of(b).loss(loss, g, Data.upload(b, 2, 3, z, p), Data.upload(b, 2, 3, a, p),
                Data.upload(b, 2, 3, y, p), b.zeros(2, 3, p));
        if (!Double.isNaN(value)) {
            fail(what + ": the loss is " + Verify.exact(value) + " but a logit and its output are NaN: it must be NaN");
        }
    }

    private static void denseForward(ConformanceSuite s, String what, Precision p) {
        Backend b = s.shared();
        SplittableRandom r = Data.random(what);
        int m = 7;
        int k = 9;
        int n = 5;
        double[] x = Data.uniform(r, m * k, 1, p);
        double[] w = Data.uniform(r, k * n, 1, p);
        double[] bias = Data.uniform(r, n, 1, p);
        Expected z = Reference.product(x, null, m, k, w, n, bias, p);
        for (Activation g : new Activation[] {Activation.TANH, Activation.SOFTMAX, Activation.LOG_SOFTMAX,
            Activation.leakyRelu(0.2)}) {
            Matrix logits = b.zeros(m, n, p);
            Matrix out = b.zeros(m, n, p);
            Matrix alone = b.zeros(m, n, p);
            TrainingKernels kernels = TrainingKernels.of(b);
            Matrix mx = Data.upload(b, m, k, x, p);
            Matrix mw = Data.upload(b, k, n, w, p);
            Matrix mb = Data.upload(b, 1, n, bias, p);
            kernels.denseForward(mx, mw, mb, g, logits, out);
            kernels.denseForward(mx, mw, mb, g, null, alone);
            Verify.close(what + " " + g.label() + " (logits)", z, logits, p, b);
            Verify.close(what + " " + g.label() + " (output)", Reference.activate(z, g, p), out, p, b);
            Verify.close(what + " " + g.label() + " (output, no logits)", Reference.activate(z, g, p), alone, p, b);
        }
    }

    private static void countCorrect(ConformanceSuite s, String what, Precision p) {
        Backend b = s.shared();
        double[] a = {0.1, 0.7, 0.2, 0.375, 0.375, 0.25, 0.25, 0.25, 0.5, 0.5, 0.25, 0.25};
        double[] y = {0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0};
        TrainingKernels k = TrainingKernels.of(b);
        assertEquals(3, k.countCorrect(Data.upload(b, 4, 3, a, p), Data.upload(b, 4, 3, y, p)),
                what + ": rows 0, 2 and 3 are right (of equal largest columns, the first counts)");
        double[] a1 = {0.5, 0.49, 0.9, 0.1};
        double[] y1 = {1, 0, 0, 0};
        assertEquals(3, k.countCorrect(Data.upload(b, 4, 1, a1, p), Data.upload(b, 4, 1, y1, p)),
                what + ": one output unit: right where (a ≥ 0.5) = (y ≥ 0.5)");
    }

    private static void update(ConformanceSuite s, String what, Precision p, Optimizer o) {
        Backend b = s.shared();
        SplittableRandom r = Data.random(what);
        TrainingKernels k = TrainingKernels.of(b);
        int rows = 3;
        int cols = 4;
        int states = o.stateCount();
        Matrix[] params = new Matrix[2];
        Matrix[][] state = new Matrix[2][states];
        for (int q = 0; q < 2; q++) {
            params[q] = Data.upload(b, rows, cols, Data.uniform(r, rows * cols, 1, p), p);
            for (int j = 0; j < states; j++) {
                state[q][j] = b.zeros(rows, cols, p);
            }
        }
        for (int step = 1; step <= 3; step++) {
            for (int q = 0; q < 2; q++) {
                double[] g = Data.uniform(r, rows * cols, q == 0 ? 1 : 3, p);
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] == 0 ? 0.5 : g[i];
                }
                double[] theta = params[q].toDoubleArray();
                double[] s0 = states > 0 ? state[q][0].toDoubleArray() : null;
                double[] s1 = states > 1 ? state[q][1].toDoubleArray() : null;
                double lr = o.learningRate(0);
                k.update(o, step, lr, params[q], Data.upload(b, rows, cols, g, p), state[q]);
                Expected[] want = TrainingReference.update(o, step, lr, theta, g, s0, s1, rows, cols, p);
                String at = what + ", step " + step + ", parameter " + (q + 1);
                Verify.close(at, want[0], params[q], p, b);
                for (int j = 0; j < states; j++) {
                    Verify.close(at + ", state " + (j == 0 ? (states == 1 ? "v" : "m") : "v")
                            + " (each parameter has its own)", want[j + 1], state[q][j], p, b);
                }
            }
        }
    }

    // A small network computed with the kernels: the loss, and dW, dB for every layer when asked.
    private static double lossAndGradients(Backend b, TrainingKernels k, Precision p, int[] sizes, Activation[] g,
            Loss loss, double[][] w, double[][] bias, Matrix x, Matrix y, double[][] dW, double[][] dB) {
        int layers = g.length;
        int m = x.rows();
        Matrix[] outs = new Matrix[layers];
        Matrix[] mw = new Matrix[layers];
        Matrix logits = b.zeros(m, sizes[layers], p);
        Matrix in = x;
        for (int l = 0; l < layers; l++) {
            mw[l] = Data.upload(b, sizes[l], sizes[l + 1], w[l], p);
            outs[l] = b.zeros(m, sizes[l + 1], p);
            k.denseForward(in, mw[l], Data.upload(b, 1, sizes[l + 1], bias[l], p), g[l],
                    l == layers - 1 ? logits : null, outs[l]);
            in = outs[l];
        }
        Matrix grad = dW == null ? null : b.zeros(m, sizes[layers], p);
        double value = k.loss(loss, g[layers - 1], logits, outs[layers - 1], y, grad);
        if (dW == null) {
            return value;
        }
        for (int l = layers - 1; l >= 0; l--) {
            Matrix gw = b.zeros(sizes[l], sizes[l + 1], p);
            Matrix gb = b.zeros(1, sizes[l + 1], p);
            k.multiply(l == 0 ? x : outs[l - 1], true, grad, false, gw);
            k.columnSums(grad, gb);
            dW[l] = gw.toDoubleArray();
            dB[l] = gb.toDoubleArray();
            if (l > 0) {
                Matrix prev = b.zeros(m, sizes[l], p);
                k.multiply(grad, false, mw[l], true, prev);
                k.activationBackward(g[l - 1], outs[l - 1], prev, prev);
                grad = prev;
            }
        }
        return value;
    }

    private static void finiteDifferences(ConformanceSuite s, String what, int m, int[] sizes, Activation[] g,
            Loss loss) {
        Backend b = s.shared();
        Precision p = Precision.FLOAT64;
        TrainingKernels k = TrainingKernels.of(b);
        SplittableRandom r = Data.random(what);
        int layers = g.length;
        double[][] w = new double[layers][];
        double[][] bias = new double[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = Data.uniform(r, sizes[l] * sizes[l + 1], 1, p);
            bias[l] = Data.uniform(r, sizes[l + 1], 0.5, p);
        }
        Matrix x = Data.upload(b, m, sizes[0], Data.uniform(r, m * sizes[0], 1.5, p), p);
        int n = sizes[layers];
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (loss == Loss.CATEGORICAL_CROSS_ENTROPY) {
                y[i * n + i % n] = 1;
            } else {
                for (int j = 0; j < n; j++) {
                    y[i * n + j] = loss == Loss.BINARY_CROSS_ENTROPY ? (i + j) % 2 : r.nextDouble(-1, 1);
                }
            }
        }
        Matrix my = Data.upload(b, m, n, y, p);
        double[][] dW = new double[layers][];
        double[][] dB = new double[layers][];
        lossAndGradients(b, k, p, sizes, g, loss, w, bias, x, my, dW, dB);
        for (int l = 0; l < layers; l++) {
            for (int which = 0; which < 2; which++) {
                double[] param = which == 0 ? w[l] : bias[l];
                double[] analytic = which == 0 ? dW[l] : dB[l];
                for (int i = 0; i < param.length; i++) {
                    double keep = param[i];
                    double h = 1e-6 * Math.max(1, Math.abs(keep));
                    param[i] = keep + h;
                    double up = lossAndGradients(b, k, p, sizes, g, loss, w, bias, x, my, null, null);
                    param[i] = keep - h;
                    double down = lossAndGradients(b, k, p, sizes, g, loss, w, bias, x, my, null, null);
                    param[i] = keep;
                    double numeric = (up - down) / (2 * h);
                    double tolerance = 1e-6 * Math.max(Math.abs(numeric), Math.abs(analytic[i])) + 1e-8;
                    if (!(Math.abs(numeric - analytic[i]) <= tolerance)) {
                        fail(String.format(Locale.ROOT, "%s: layer %d %s element %d (row %d, column %d): the "
                                + "analytic gradient is %.12g but the central difference is %.12g (off by %.3g, "
                                + "allowed %.3g)", what, l, which == 0 ? "dW" : "dB", i,
                                i / sizes[l + 1], i % sizes[l + 1], analytic[i], numeric,
                                Math.abs(numeric - analytic[i]), tolerance));
                    }
                }
            }
        }
    }

    // The data of the short run: 4 rows of 4 features, 3 classes; a 4→4 tanh → 3 softmax network (square X and A).
    private static final int RUN_ROWS = 4;
    private static final int[] RUN_SIZES = {4, 4, 3};
    private static final Activation[] RUN_G = {Activation.TANH, Activation.SOFTMAX};
    private static final int RUN_STEPS = 4;
    private static final double RUN_LR = 0.3;
    private static final double RUN_MU = 0.9;

    private static void shortRun(ConformanceSuite s, String what, Precision p, TrainingKernels composed) {
        Backend b = s.shared();
        SplittableRandom r = Data.random("training short run");
        double[] x = Data.uniform(r, RUN_ROWS * RUN_SIZES[0], 1.5, p);
        int[] labels = new int[RUN_ROWS];
        double[] y = new double[RUN_ROWS * 3];
        for (int i = 0; i < RUN_ROWS; i++) {
            labels[i] = (i * 2) % 3;
            y[i * 3 + labels[i]] = 1;
        }
        double[][] w = new double[2][];
        double[][] bias = new double[2][];
        for (int l = 0; l < 2; l++) {
            w[l] = Data.uniform(r, RUN_SIZES[l] * RUN_SIZES[l + 1], 1, p);
            bias[l] = Data.uniform(r, RUN_SIZES[l + 1], 0.2, p);
        }
        Expected[] want = shortRunReference(x, y, w, bias, p);
        double[][] got = new double[4][];
        if (composed == null) {
            try (Network start = network(b, w, bias, p);
                    Trainer trainer = Trainer.builder(b).startFrom(start).loss(Loss.CATEGORICAL_CROSS_ENTROPY)
                            .optimizer(Optimizer.sgd(RUN_LR).withMomentum(RUN_MU)).batchSize(RUN_ROWS)
                            .epochs(RUN_STEPS).seed(5).build()) {
                double[][] rows = new double[RUN_ROWS][];
                for (int i = 0; i < RUN_ROWS; i++) {
                    rows[i] = java.util.Arrays.copyOfRange(x, i * 4, i * 4 + 4);
                }
                trainer.fit(Dataset.ofLabels(rows, labels));
                try (Network trained = trainer.network()) {
                    for (int l = 0; l < 2; l++) {
                        got[2 * l] = trained.layers().get(l).weights().toDoubleArray();
                        got[2 * l + 1] = trained.layers().get(l).bias().toDoubleArray();
                    }
                }
            }
        } else {
            Optimizer o = Optimizer.sgd(RUN_LR).withMomentum(RUN_MU);
            Matrix mx = Data.upload(b, RUN_ROWS, 4, x, p);
            Matrix my = Data.upload(b, RUN_ROWS, 3, y, p);
            Matrix[] params = new Matrix[4];
            Matrix[] velocity = new Matrix[4];
            for (int l = 0; l < 2; l++) {
                params[2 * l] = Data.upload(b, RUN_SIZES[l], RUN_SIZES[l + 1], w[l], p);
                params[2 * l + 1] = Data.upload(b, 1, RUN_SIZES[l + 1], bias[l], p);
                velocity[2 * l] = b.zeros(RUN_SIZES[l], RUN_SIZES[l + 1], p);
                velocity[2 * l + 1] = b.zeros(1, RUN_SIZES[l + 1], p);
            }
            for (int step = 1; step <= RUN_STEPS; step++) {
                double[][] dW = new double[2][];
                double[][] dB = new double[2][];
                double[][] cw = {params[0].toDoubleArray(), params[2].toDoubleArray()};
                double[][] cb = {params[1].toDoubleArray(), params[3].toDoubleArray()};
                lossAndGradients(b, composed, p, RUN_SIZES, RUN_G, Loss.CATEGORICAL_CROSS_ENTROPY, cw, cb, mx, my,
                        dW, dB);
                for (int l = 0; l < 2; l++) {
                    composed.update(o, step, RUN_LR, params[2 * l], Data.upload(b, RUN_SIZES[l], RUN_SIZES[l + 1],
                            dW[l], p), velocity[2 * l]);
                    composed.update(o, step, RUN_LR, params[2 * l + 1], Data.upload(b, 1, RUN_SIZES[l + 1], dB[l], p),
                            velocity[2 * l + 1]);
                }
            }
            for (int i = 0; i < 4; i++) {
                got[i] = params[i].toDoubleArray();
            }
        }
        String[] names = {"W0", "b0", "W1", "b1"};
        for (int i = 0; i < 4; i++) {
            Verify.close(what + ": " + names[i] + " after " + RUN_STEPS + " steps", want[i], got[i]);
        }
    }

    private static Network network(Backend b, double[][] w, double[][] bias, Precision p) {
        List<DenseLayer> layers = new ArrayList<>();
        for (int l = 0; l < w.length; l++) {
            layers.add(b.dense(Data.upload(b, RUN_SIZES[l], RUN_SIZES[l + 1], w[l], p),
                    Data.upload(b, 1, RUN_SIZES[l + 1], bias[l], p), RUN_G[l]));
        }
        return Network.of(layers);
    }

    // Full-batch steps of SGD with momentum in the reference's bounded arithmetic: {W0, b0, W1, b1}.
    private static Expected[] shortRunReference(double[] x, double[] y, double[][] w, double[][] bias, Precision p) {
        return Data.cached("training short run " + p, () -> {
            Expected ex = Reference.exact(x, RUN_ROWS, 4);
            Expected[] params = new Expected[4];
            Expected[] velocity = new Expected[4];
            for (int l = 0; l < 2; l++) {
                params[2 * l] = Reference.exact(w[l], RUN_SIZES[l], RUN_SIZES[l + 1]);
                params[2 * l + 1] = Reference.exact(bias[l], 1, RUN_SIZES[l + 1]);
                velocity[2 * l] = Reference.exact(new double[RUN_SIZES[l] * RUN_SIZES[l + 1]], RUN_SIZES[l],
                        RUN_SIZES[l + 1]);
                velocity[2 * l + 1] = Reference.exact(new double[RUN_SIZES[l + 1]], 1, RUN_SIZES[l + 1]);
            }
            for (int step = 0; step < RUN_STEPS; step++) {
                Expected z0 = TrainingReference.addRow(TrainingReference.multiply(ex, false, params[0], false, p),
                        params[1], p);
                Expected a0 = Reference.activate(z0, RUN_G[0], p);
                Expected z1 = TrainingReference.addRow(TrainingReference.multiply(a0, false, params[2], false, p),
                        params[3], p);
                Expected a1 = Reference.activate(z1, RUN_G[1], p);
                Expected d1 = TrainingReference.lossGradient(Loss.CATEGORICAL_CROSS_ENTROPY, RUN_G[1], a1, y, p);
                Expected[] grads = new Expected[4];
                grads[2] = TrainingReference.multiply(a0, true, d1, false, p);
                grads[3] = TrainingReference.columnSums(d1, p);
                Expected da0 = TrainingReference.multiply(d1, false, params[2], true, p);
                Expected d0 = TrainingReference.backward(RUN_G[0], a0, da0, p);
                grads[0] = TrainingReference.multiply(ex, true, d0, false, p);
                grads[1] = TrainingReference.columnSums(d0, p);
                for (int i = 0; i < 4; i++) {
                    Expected[] next = TrainingReference.momentumStep(params[i], velocity[i], grads[i], RUN_MU, RUN_LR,
                            p);
                    params[i] = next[0];
                    velocity[i] = next[1];
                }
            }
            return params;
        });
    }

    private static void repeatable(ConformanceSuite s, String what, Precision p) {
        Backend b = s.shared();
        SplittableRandom r = Data.random("training repeatable");
        double[][] x = new double[24][6];
        int[] labels = new int[24];
        for (int i = 0; i < 24; i++) {
            for (int j = 0; j < 6; j++) {
                x[i][j] = r.nextDouble(-1, 1);
            }
            labels[i] = i % 3;
        }
        Dataset data = Dataset.ofLabels(x, labels);
        double[][] first = trainedWeights(b, p, data);
        double[][] second = trainedWeights(b, p, data);
        for (int i = 0; i < first.length; i++) {
            Verify.identical(what + " (parameter " + i + " of two runs with seed 9)", first[i], second[i]);
        }
    }

    private static double[][] trainedWeights(Backend b, Precision p, Dataset data) {
        try (Trainer trainer = Trainer.builder(b).precision(p).layer(5, Activation.RELU).layer(3, Activation.SOFTMAX)
                .optimizer(Optimizer.adam(0.01)).batchSize(5).epochs(3).seed(9).build()) {
            trainer.fit(data);
            try (Network n = trainer.network()) {
                double[][] all = new double[4][];
                for (int l = 0; l < 2; l++) {
                    all[2 * l] = n.layers().get(l).weights().toDoubleArray();
                    all[2 * l + 1] = n.layers().get(l).bias().toDoubleArray();
                }
                return all;
            }
        }
    }
}
