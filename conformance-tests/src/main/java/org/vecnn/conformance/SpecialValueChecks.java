package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicNode;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/** NaN, infinities and large arguments. */
final class SpecialValueChecks {
    private static final double INF = Double.POSITIVE_INFINITY;

    private SpecialValueChecks() {
    }

    static List<DynamicNode> all(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        t.addAll(s.forEachPrecision("NaN propagates through matmul 5×17·17×7", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            double[] a = Data.uniform(random, 5 * 17, 1, p);
            double[] w = Data.uniform(random, 17 * 7, 1, p);
            a[2 * 17 + 3] = Double.NaN;
            Verify.close(what, Reference.product(a, null, 5, 17, w, 7, null, p),
                    Data.upload(b, 5, 17, a, p).matmul(Data.upload(b, 17, 7, w, p)), p, b);
        }));
        t.addAll(s.forEachPrecision("NaN propagates through addRowVector 5×7 + 1×7", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            double[] a = Data.uniform(random, 5 * 7, 1, p);
            double[] row = Data.uniform(random, 7, 1, p);
            row[4] = Double.NaN;
            a[3 * 7 + 1] = Double.NaN;
            Verify.close(what, Reference.addRow(a, 5, 7, row, p),
                    Data.upload(b, 5, 7, a, p).addRowVector(Data.upload(b, 1, 7, row, p)), p, b);
        }));
        for (Activation g : Reference.forwardActivations()) {
            t.addAll(s.forEachPrecision("NaN propagates through " + g.label() + " 3×5", (what, p) -> {
                Backend b = s.shared();
                double[] z = Data.uniform(Data.random(what), 3 * 5, 4, p);
                z[1 * 5 + 2] = Double.NaN;
                Verify.close(what, Reference.activate(Reference.exact(z, 3, 5), g, p),
                        Data.upload(b, 3, 5, z, p).apply(g), p, b);
            }));
        }
        t.addAll(s.forEachPrecision("NaN propagates through dense forward 4×9 → 5 sigmoid", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            double[] x = Data.uniform(random, 4 * 9, 1, p);
            double[] w = Data.uniform(random, 9 * 5, 1, p);
            double[] bias = Data.uniform(random, 5, 1, p);
            x[3 * 9] = Double.NaN;
            try (DenseLayer l = b.dense(Data.upload(b, 9, 5, w, p), Data.upload(b, 1, 5, bias, p),
                    Activation.SIGMOID)) {
                Verify.close(what, Reference.activate(Reference.product(x, null, 4, 9, w, 5, bias, p),
                        Activation.SIGMOID, p), l.forward(Data.upload(b, 4, 9, x, p)), p, b);
            }
        }));
        t.addAll(s.forEachPrecision("NaN, ±∞ and −0.0 in W propagate through matmul 5×9·9×7", (what, p) -> {
            Backend b = s.shared();
            double[][] d = specialWeights(what, p);
            Verify.close(what, Reference.product(d[0], null, 5, 9, d[1], 7, null, p),
                    Data.upload(b, 5, 9, d[0], p).matmul(Data.upload(b, 9, 7, d[1], p)), p, b);
        }));
        t.addAll(s.forEachPrecision("NaN, ±∞ and −0.0 in B propagate through addRowVector 5×7 + 1×7",
                (what, p) -> {
                    Backend b = s.shared();
                    SplittableRandom random = Data.random(what);
                    double[] a = Data.uniform(random, 5 * 7, 1, p);
                    a[0] = -0.0;
                    double[] row = specialBias(random, p, true);
                    Verify.close(what, Reference.addRow(a, 5, 7, row, p),
                            Data.upload(b, 5, 7, a, p).addRowVector(Data.upload(b, 1, 7, row, p)), p, b);
                }));
        for (Activation g : Reference.forwardActivations()) {
            boolean softmax = g.isRowWise();
            // (log-)softmax of a row holding +∞ is not specified; NaN anywhere in a row makes the whole row NaN
            String specials = softmax ? "−∞ and −0.0" : "NaN, ±∞ and −0.0";
            if (!softmax) {
                t.addAll(s.forEachPrecision(specials + " in W through dense forward 5×9 → 7 " + g.label(),
                        (what, p) -> {
                            Backend b = s.shared();
                            double[][] d = specialWeights(what, p);
                            double[] bias = Data.uniform(Data.random(what + " bias"), 7, 1, p);
                            bias[1] = -0.0;
                            denseWith(b, what, d[0], d[1], bias, g, p);
                        }));
            }
            t.addAll(s.forEachPrecision(specials + " in B through dense forward 5×9 → 7 " + g.label(),
                    (what, p) -> {
                        Backend b = s.shared();
                        SplittableRandom random = Data.random(what);
                        double[] x = Data.uniform(random, 5 * 9, 1, p);
                        double[] w = Data.uniform(random, 9 * 7, 1, p);
                        denseWith(b, what, x, w, specialBias(random, p, !softmax), g, p);
                    }));
        }
        t.addAll(infinities(s, Activation.SIGMOID, "sigmoid(+∞) = 1 and sigmoid(−∞) = 0", 1, 0));
        t.addAll(infinities(s, Activation.TANH, "tanh(+∞) = 1 and tanh(−∞) = −1", 1, -1));
        t.addAll(infinities(s, Activation.RELU, "relu(+∞) = +∞ and relu(−∞) = 0", INF, 0));
        t.addAll(infinities(s, Activation.LINEAR, "linear(±∞) = ±∞", INF, -INF));
        t.addAll(infinities(s, Activation.LEAKY_RELU, "leaky_relu(+∞) = +∞ and leaky_relu(−∞) = −∞", INF, -INF));
        t.addAll(infinities(s, Activation.leakyRelu(-0.5), "leaky_relu(-0.5)(±∞) = +∞", INF, INF));
        t.addAll(large(s, Activation.SIGMOID));
        t.addAll(large(s, Activation.TANH));
        t.addAll(s.forEachPrecision("softmax finite and correct for |z| ≥ 1000", (what, p) -> {
            double[] z = {
                1000, 1001, 999, 998,
                -1000, -1001, -999, -5000,
                1e4, -1e4, 1e4, 0,
                2000, 1000, 0, -1000,
                1e30, 1e30, -1e30, 1e30,
            };
            checkFinite(s.shared(), what, Activation.SOFTMAX, Reference.round(z, p), 5, 4, p);
        }));
        t.addAll(s.forEachPrecision("log_softmax finite and correct for |z| ≥ 1000", (what, p) -> {
            double[] z = {
                1000, 1001, 999, 998,
                -1000, -1001, -999, -5000,
                1e4, -1e4, 1e4, 0,
                2000, 1000, 0, -1000,
                -1000, -1000, -1000, -1000,
            };
            checkFinite(s.shared(), what, Activation.LOG_SOFTMAX, Reference.round(z, p), 5, 4, p);
        }));
        for (Activation g : new Activation[] {Activation.SOFTMAX, Activation.LOG_SOFTMAX}) {
            t.addAll(s.forEachPrecision(g.label() + " of rows of one column, alone and after dense 3 → 1",
                    (what, p) -> {
                        Backend b = s.shared();
                        double[] z = Reference.round(new double[] {0, 3, -7.5, 1000, -1000, Double.NaN}, p);
                        Verify.close(what, Reference.activate(Reference.exact(z, 6, 1), g, p),
                                Data.upload(b, 6, 1, z, p).apply(g), p, b);
                        SplittableRandom random = Data.random(what);
                        double[] x = Data.uniform(random, 4 * 3, 2, p);
                        double[] w = Data.uniform(random, 3, 2, p);
                        double[] bias = {0.5};
                        try (DenseLayer l = b.dense(Data.upload(b, 3, 1, w, p), Data.upload(b, 1, 1, bias, p), g)) {
                            Verify.close(what + " (dense)", Reference.activate(Reference.product(x, null, 4, 3, w, 1,
                                    bias, p), g, p), l.forward(Data.upload(b, 4, 3, x, p)), p, b);
                        }
                    }));
        }
        return t;
    }

    /**
     * A (5×9) and W (9×7) with W(3, 2) = +∞, W(5, 4) = −∞, W(6, 6) = NaN, W(0, 0) = −0.0, A(1, 3) = 0 (so
     * 0·∞ = NaN in row 1, column 2) and A(2, 5) = −0.0 (NaN in row 2, column 4).
     */
    private static double[][] specialWeights(String what, Precision p) {
        SplittableRandom random = Data.random(what);
        double[] a = Data.uniform(random, 5 * 9, 1, p);
        double[] w = Data.uniform(random, 9 * 7, 1, p);
        a[9 + 3] = 0;
        a[2 * 9 + 5] = -0.0;
        w[3 * 7 + 2] = INF;
        w[5 * 7 + 4] = -INF;
        w[6 * 7 + 6] = Double.NaN;
        w[0] = -0.0;
        return new double[][] {a, w};
    }

    /** A 1×7 bias with −∞ at 3 and −0.0 at 4, and, when asked, NaN at 1 and +∞ at 2. */
    private static double[] specialBias(SplittableRandom random, Precision p, boolean nanAndPlusInfinity) {
        double[] bias = Data.uniform(random, 7, 1, p);
        if (nanAndPlusInfinity) {
            bias[1] = Double.NaN;
            bias[2] = INF;
        }
        bias[3] = -INF;
        bias[4] = -0.0;
        return bias;
    }

    private static void denseWith(Backend b, String what, double[] x, double[] w, double[] bias, Activation g,
            Precision p) {
        try (DenseLayer l = b.dense(Data.upload(b, 9, 7, w, p), Data.upload(b, 1, 7, bias, p), g)) {
            Verify.close(what, Reference.activate(Reference.product(x, null, 5, 9, w, 7, bias, p), g, p),
                    l.forward(Data.upload(b, 5, 9, x, p)), p, b);
        }
    }

    /** g at +∞ and −∞, exactly. */
    private static List<DynamicNode> infinities(ConformanceSuite s, Activation g, String name, double atPlus,
            double atMinus) {
        return s.forEachPrecision(name, (what, p) -> {
            Backend b = s.shared();
            Matrix m = b.matrix(1, 4, new double[] {INF, -INF, -INF, INF}, p);
            Verify.close(what, Expected.exactly(1, 4, atPlus, atMinus, atMinus, atPlus), m.apply(g), p, b);
        });
    }

    /** g for |z| of 1000 and more: finite where g is bounded, and within the bound of the reference. */
    private static List<DynamicNode> large(ConformanceSuite s, Activation g) {
        return s.forEachPrecision(g.label() + " finite and correct for |z| ≥ 1000", (what, p) -> {
            double big = p == Precision.FLOAT32 ? 3e38 : 1e300;
            double[] z = {1000, -1000, 1001, -1001, 5000, -5000, 1e30, -1e30, big, -big};
            checkFinite(s.shared(), what, g, Reference.round(z, p), 2, 5, p);
        });
    }

    private static void checkFinite(Backend b, String what, Activation g, double[] z, int rows, int cols,
            Precision p) {
        Matrix out = Data.upload(b, rows, cols, z, p).apply(g);
        double[] got = out.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            if (!Double.isFinite(got[i])) {
                fail(what + ": " + g.label() + "(" + z[i] + ") at (" + i / cols + ", " + i % cols + ") is " + got[i]
                        + "; it must be finite: evaluate it without overflow");
            }
        }
        Verify.close(what, Reference.activate(Reference.exact(z, rows, cols), g, p), out, p, b);
    }
}
