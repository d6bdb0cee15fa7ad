package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicNode;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;

/** Results against the kit's reference: the seed, products, bias, activations, layers and networks. */
final class NumericChecks {
    static final double[][] SEED_X = {{200, 17}};
    static final double[][] SEED_W = {{1, -3, 5}, {-2, 4, -6}};
    static final double[][] SEED_B = {{-1, 1, 2}};

    /**
     * Shapes m, k, n that break blocking and splitting: 1s, odd sizes, each dimension on both sides of 256,
     * products large enough to be split across threads (a few million multiply-adds) with 255, 256 and 257
     * rows or columns, and one beyond 512 in every dimension.
     */
    private static final int[][] PRODUCTS = {
        {1, 1, 1}, {1, 17, 1}, {17, 1, 17}, {1, 127, 65}, {127, 65, 1},
        {17, 33, 65}, {33, 65, 17}, {65, 127, 33}, {127, 127, 127},
        {17, 33, 255}, {17, 33, 257}, {33, 255, 9}, {33, 257, 9},
        {255, 129, 129}, {256, 129, 129}, {257, 129, 129}, {9, 1023, 255}, {9, 1023, 257},
        {513, 515, 517},
    };

    private static final int[][] ROWS = {{1, 1}, {1, 33}, {33, 1}, {17, 33}, {257, 65}};

    private static final int[][] ACTIVATION_SHAPES = {{1, 1}, {1, 127}, {127, 1}, {33, 65}};

    private NumericChecks() {
    }

    static List<DynamicNode> seed(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        t.addAll(s.forEachPrecision("seed example X·W + B = [165, -531, 900]", (what, p) -> {
            Backend b = s.shared();
            Matrix x = b.matrix(SEED_X, p);
            Matrix z = x.matmul(b.matrix(SEED_W, p)).addRowVector(b.matrix(SEED_B, p));
            Verify.close(what, Expected.exactly(1, 3, 165, -531, 900), z, p, b);
            try (DenseLayer linear = seedLayer(b, p, Activation.LINEAR)) {
                Verify.close(what + " (linear dense layer)", Expected.exactly(1, 3, 165, -531, 900),
                        linear.forward(x), p, b);
            }
        }));
        t.addAll(s.forEachPrecision("seed example sigmoid → [1, 0, 1]", (what, p) -> {
            Backend b = s.shared();
            try (DenseLayer layer = seedLayer(b, p, Activation.SIGMOID)) {
                Matrix out = layer.forward(b.matrix(SEED_X, p));
                Expected z = Expected.exactly(1, 3, 165, -531, 900);
                Verify.close(what, Reference.activate(z, Activation.SIGMOID, p), out, p, b);
                double[] a = out.toDoubleArray();
                assertEquals(1.0, a[0], 0.0, what + ": sigmoid(165) must be exactly 1");
                assertEquals(1.0, a[2], 0.0, what + ": sigmoid(900) must be exactly 1");
                long[] rounded = {Math.round(a[0]), Math.round(a[1]), Math.round(a[2])};
                if (rounded[0] != 1 || rounded[1] != 0 || rounded[2] != 1 || a[1] < 0) {
                    fail(what + ": got " + java.util.Arrays.toString(a) + ", which does not round to [1, 0, 1]");
                }
            }
        }));
        t.addAll(s.forEachPrecision("seed example with softmax stays finite", (what, p) -> {
            Backend b = s.shared();
            try (DenseLayer layer = seedLayer(b, p, Activation.SOFTMAX)) {
                Expected z = Expected.exactly(1, 3, 165, -531, 900);
                Verify.close(what, Reference.activate(z, Activation.SOFTMAX, p),
                        layer.forward(b.matrix(SEED_X, p)), p, b);
            }
        }));
        t.addAll(s.forEachPrecision("seed example batch of 6 rows gives each row's single-row result",
                (what, p) -> {
                    SplittableRandom random = Data.random(what);
                    double[] x = new double[6 * 2];
                    x[0] = 200;
                    x[1] = 17;
                    for (int i = 2; i < x.length; i++) {
                        x[i] = random.nextInt(-40, 41) / 8.0;
                    }
                    batchMatchesRows(s.shared(), what, x, 6, 2, flat(SEED_W), 3, flat(SEED_B), p);
                }));
        t.addAll(s.forEachPrecision("batch of 257 rows of a 65 → 33 sigmoid layer gives each row's single-row "
                + "result", (what, p) -> {
                    SplittableRandom random = Data.random(what);
                    double[] x = Data.uniform(random, 257 * 65, 1, p);
                    double[] w = Data.uniform(random, 65 * 33, 8 / Math.sqrt(65), p);
                    double[] bias = Data.uniform(random, 33, 1, p);
                    batchMatchesRows(s.shared(), what, x, 257, 65, w, 33, bias, p);
                }));
        return t;
    }

    static List<DynamicNode> products(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        for (int[] shape : PRODUCTS) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            t.addAll(s.forEachPrecision("matmul " + m + "×" + k + "·" + k + "×" + n, (what, p) -> {
                Backend b = s.shared();
                SplittableRandom random = Data.random(what);
                double[] a = Data.uniform(random, m * k, 1, p);
                double[] w = Data.uniform(random, k * n, 1, p);
                Expected e = Data.cached(what, () -> Reference.product(a, null, m, k, w, n, null, p));
                Verify.close(what, e, Data.upload(b, m, k, a, p).matmul(Data.upload(b, k, n, w, p)), p, b);
            }));
        }
        t.addAll(s.forEachPrecision("matmul into a reused output 65×127·127×33", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            Matrix out = Data.upload(b, 65, 33, Data.filled(65 * 33, 7), p);
            for (int round = 0; round < 2; round++) {
                double[] a = Data.uniform(random, 65 * 127, 1, p);
                double[] w = Data.uniform(random, 127 * 33, 1, p);
                Matrix am = Data.upload(b, 65, 127, a, p);
                assertSame(out, am.matmul(Data.upload(b, 127, 33, w, p), out), what + ": must return out");
                Verify.close(what + " (round " + (round + 1) + ")",
                        Reference.product(a, null, 65, 127, w, 33, null, p), out, p, b);
            }
        }));
        return t;
    }

    static List<DynamicNode> bias(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        for (int[] shape : ROWS) {
            int m = shape[0];
            int n = shape[1];
            t.addAll(s.forEachPrecision("addRowVector " + m + "×" + n + " + 1×" + n, (what, p) -> {
                Backend b = s.shared();
                SplittableRandom random = Data.random(what);
                double[] a = Data.uniform(random, m * n, 4, p);
                double[] row = Data.uniform(random, n, 4, p);
                Matrix am = Data.upload(b, m, n, a, p);
                Verify.close(what, Reference.addRow(a, m, n, row, p), am.addRowVector(Data.upload(b, 1, n, row, p)),
                        p, b);
                Verify.close(what + " (the operand must be left unchanged)", Reference.exact(a, m, n), am, p, b);
            }));
        }
        t.addAll(s.forEachPrecision("addRowVector in place 17×33 + 1×33", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            double[] a = Data.uniform(random, 17 * 33, 4, p);
            double[] row = Data.uniform(random, 33, 4, p);
            Matrix am = Data.upload(b, 17, 33, a, p);
            assertSame(am, am.addRowVector(Data.upload(b, 1, 33, row, p), am), what + ": must return out");
            Verify.close(what, Reference.addRow(a, 17, 33, row, p), am, p, b);
        }));
        return t;
    }

    static List<DynamicNode> activations(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        for (Activation g : Reference.forwardActivations()) {
            for (int[] shape : ACTIVATION_SHAPES) {
                int m = shape[0];
                int n = shape[1];
                t.addAll(s.forEachPrecision("apply " + g.label() + " " + m + "×" + n, (what, p) -> {
                    Backend b = s.shared();
                    double[] z = Data.uniform(Data.random(what), m * n, 8, p);
                    Matrix zm = Data.upload(b, m, n, z, p);
                    Verify.close(what, Reference.activate(Reference.exact(z, m, n), g, p), zm.apply(g), p, b);
                    Verify.close(what + " (the operand must be left unchanged)", Reference.exact(z, m, n), zm, p, b);
                }));
            }
            t.addAll(s.forEachPrecision("apply " + g.label() + " in place 17×33", (what, p) -> {
                Backend b = s.shared();
                double[] z = Data.uniform(Data.random(what), 17 * 33, 8, p);
                Matrix zm = Data.upload(b, 17, 33, z, p);
                assertSame(zm, zm.apply(g, zm), what + ": must return out");
                Verify.close(what, Reference.activate(Reference.exact(z, 17, 33), g, p), zm, p, b);
            }));
            t.addAll(s.forEachPrecision("apply " + g.label() + " into a reused output 17×33", (what, p) -> {
                Backend b = s.shared();
                Matrix out = Data.upload(b, 17, 33, Data.filled(17 * 33, 7), p);
                SplittableRandom random = Data.random(what);
                for (int round = 0; round < 2; round++) {
                    double[] z = Data.uniform(random, 17 * 33, 8, p);
                    assertSame(out, Data.upload(b, 17, 33, z, p).apply(g, out), what + ": must return out");
                    Verify.close(what + " (round " + (round + 1) + ")",
                            Reference.activate(Reference.exact(z, 17, 33), g, p), out, p, b);
                }
            }));
        }
        return t;
    }

    /** batch, inputs, units, activation. */
    private static final Object[][] LAYERS = {
        {1, 1, 1, Activation.SIGMOID}, {1, 17, 33, Activation.RELU}, {17, 33, 65, Activation.SIGMOID},
        {33, 65, 17, Activation.TANH}, {65, 127, 33, Activation.SOFTMAX}, {17, 33, 65, Activation.LINEAR},
        {255, 129, 129, Activation.RELU}, {256, 129, 129, Activation.SIGMOID}, {257, 129, 129, Activation.TANH},
        {127, 1, 127, Activation.SOFTMAX}, {1, 127, 1, Activation.LINEAR}, {256, 784, 129, Activation.SIGMOID},
        {33, 65, 129, Activation.leakyRelu(0.2)}, {65, 127, 33, Activation.LOG_SOFTMAX},
        {17, 33, 65, Activation.leakyRelu(-0.5)},
    };

    static List<DynamicNode> dense(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        for (Object[] layer : LAYERS) {
            int batch = (Integer) layer[0];
            int inputs = (Integer) layer[1];
            int units = (Integer) layer[2];
            Activation g = (Activation) layer[3];
            t.addAll(s.forEachPrecision("dense forward " + batch + "×" + inputs + " → " + units + " " + g.label(),
                    (what, p) -> {
                        Backend b = s.shared();
                        SplittableRandom random = Data.random(what);
                        double[] x = Data.uniform(random, batch * inputs, 1, p);
                        double[] w = Data.uniform(random, inputs * units, 8 / Math.sqrt(inputs), p);
                        double[] bias = Data.uniform(random, units, 1, p);
                        Expected e = Data.cached(what, () -> Reference.activate(
                                Reference.product(x, null, batch, inputs, w, units, bias, p), g, p));
                        try (DenseLayer l = b.dense(Data.upload(b, inputs, units, w, p), Data.upload(b, 1, units, bias, p),
                                g)) {
                            Matrix xm = Data.upload(b, batch, inputs, x, p);
                            Verify.close(what, e, l.forward(xm), p, b);
                            Verify.close(what + " (the input must be left unchanged)",
                                    Reference.exact(x, batch, inputs), xm, p, b);
                        }
                    }));
        }
        t.addAll(s.forEachPrecision("dense forward into a reused output 17×33 → 65 sigmoid", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            double[] w = Data.uniform(random, 33 * 65, 8 / Math.sqrt(33), p);
            double[] bias = Data.uniform(random, 65, 1, p);
            try (DenseLayer l = b.dense(Data.upload(b, 33, 65, w, p), Data.upload(b, 1, 65, bias, p),
                    Activation.SIGMOID)) {
                Matrix out = Data.upload(b, 17, 65, Data.filled(17 * 65, 7), p);
                for (int round = 0; round < 2; round++) {
                    double[] x = Data.uniform(random, 17 * 33, 1, p);
                    assertSame(out, l.forward(Data.upload(b, 17, 33, x, p), out), what + ": must return out");
                    Verify.close(what + " (round " + (round + 1) + ")", Reference.activate(
                            Reference.product(x, null, 17, 33, w, 65, bias, p), Activation.SIGMOID, p), out, p, b);
                }
            }
        }));
        t.addAll(s.forEachPrecision("dense layer reports its shape, activation, weights and backend", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            double[] w = Data.uniform(random, 33 * 17, 1, p);
            double[] bias = Data.uniform(random, 17, 1, p);
            Matrix wm = Data.upload(b, 33, 17, w, p);
            Matrix bm = Data.upload(b, 1, 17, bias, p);
            try (DenseLayer l = b.dense(wm, bm, Activation.TANH)) {
                assertEquals(33, l.inputs(), what + ": inputs()");
                assertEquals(17, l.units(), what + ": units()");
                assertEquals(Activation.TANH, l.activation(), what + ": activation()");
                assertEquals(p, l.precision(), what + ": precision()");
                assertSame(b, l.backend(), what + ": backend()");
                Verify.close(what + ": weights()", Reference.exact(w, 33, 17), l.weights(), p, b);
                Verify.close(what + ": bias()", Reference.exact(bias, 1, 17), l.bias(), p, b);
            }
        }));
        return t;
    }

    /** Each network: batch, then inputs, then units and activation of each layer. */
    private static final Object[][] NETWORKS = {
        {19, 33, 65, Activation.RELU, 17, Activation.TANH, 5, Activation.SOFTMAX},
        {256, 127, 129, Activation.SIGMOID, 255, Activation.RELU, 33, Activation.LINEAR},
        {1, 2, 3, Activation.SIGMOID},
        {19, 33, 65, Activation.leakyRelu(0.2), 17, Activation.LEAKY_RELU, 5, Activation.LOG_SOFTMAX},
    };

    static List<DynamicNode> networks(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        for (Object[] net : NETWORKS) {
            int batch = (Integer) net[0];
            StringBuilder name = new StringBuilder("network ").append(net[1]);
            for (int i = 2; i < net.length; i += 2) {
                name.append(i == 2 ? "→" : " → ").append(net[i]).append(' ')
                        .append(((Activation) net[i + 1]).label());
            }
            name.append(", batch ").append(batch);
            t.addAll(s.forEachPrecision(name.toString(), (what, p) -> network(s.shared(), what, net, p)));
        }
        return t;
    }

    private static void network(Backend b, String what, Object[] net, Precision p) {
        SplittableRandom random = Data.random(what);
        int batch = (Integer) net[0];
        int inputs = (Integer) net[1];
        double[] x = Data.uniform(random, batch * inputs, 1, p);
        List<DenseLayer> layers = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        int in = inputs;
        for (int i = 2; i < net.length; i += 2) {
            int units = (Integer) net[i];
            double[] w = Data.uniform(random, in * units, 8 / Math.sqrt(in), p);
            double[] bias = Data.uniform(random, units, 1, p);
            layers.add(b.dense(Data.upload(b, in, units, w, p), Data.upload(b, 1, units, bias, p),
                    (Activation) net[i + 1]));
            weights.add(w);
            weights.add(bias);
            in = units;
        }
        Expected e = Data.cached(what, () -> {
            Expected a = Reference.exact(x, batch, inputs);
            for (int i = 2; i < net.length; i += 2) {
                int units = (Integer) net[i];
                Expected z = Reference.product(a.value, a.bound, batch, a.cols, weights.get(i - 2), units,
                        weights.get(i - 1), p);
                a = Reference.activate(z, (Activation) net[i + 1], p);
            }
            return a;
        });
        try (Network network = Network.of(layers)) {
            assertEquals(inputs, network.inputs(), what + ": inputs()");
            assertEquals(in, network.outputs(), what + ": outputs()");
            Verify.close(what, e, network.forward(Data.upload(b, batch, inputs, x, p)), p, b);
        }
    }

    /** Forward a batch, then each row alone: each row's result must match the batch's row. */
    private static void batchMatchesRows(Backend b, String what, double[] x, int batch, int inputs, double[] w,
            int units, double[] bias, Precision p) {
        Expected e = Reference.activate(Reference.product(x, null, batch, inputs, w, units, bias, p),
                Activation.SIGMOID, p);
        try (DenseLayer layer = b.dense(Data.upload(b, inputs, units, w, p), Data.upload(b, 1, units, bias, p),
                Activation.SIGMOID)) {
            double[] all = layer.forward(Data.upload(b, batch, inputs, x, p)).toDoubleArray();
            Verify.close(what + " (the batch)", e, all);
            for (int r = 0; r < batch; r++) {
                double[] row = new double[inputs];
                System.arraycopy(x, r * inputs, row, 0, inputs);
                try (Matrix single = layer.forward(Data.upload(b, 1, inputs, row, p))) {
                    double[] fromBatch = new double[units];
                    System.arraycopy(all, r * units, fromBatch, 0, units);
                    double[] bounds = new double[units];
                    for (int j = 0; j < units; j++) {
                        bounds[j] = 2 * e.bound[r * units + j];
                    }
                    Verify.close(what + ": row " + r + " alone vs. row " + r + " of the batch",
                            new Expected(1, units, fromBatch, bounds), single, p, b);
                }
            }
        }
    }

    static DenseLayer seedLayer(Backend b, Precision p, Activation g) {
        return b.dense(b.matrix(SEED_W, p), b.matrix(SEED_B, p), g);
    }

    static double[] flat(double[][] rows) {
        int cols = rows[0].length;
        double[] v = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, v, r * cols, cols);
        }
        return v;
    }
}
