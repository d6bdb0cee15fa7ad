package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;

/**
 * The scikit-learn digits model of examples/digits (64→32 relu→10 softmax, float64 weights): on every backend
 * found, in both precisions, vecnn's probabilities lie within a rounding-error bound of scikit-learn's
 * predict_proba, and the argmax accuracy is scikit-learn's.
 *
 * <p><b>The bound.</b> With u the unit roundoff of the precision, u_w the rounding of the weights (u for FLOAT32,
 * whose weights are the float64 ones rounded; 0 for FLOAT64) and γ(n) = nu / (1 - nu), the standard bound for a
 * sum of n products or terms in any order (FMA only lowers it):
 * <ul>
 * <li>layer 0, z = x·W0 + b0 (k = 64 inputs, exact in either precision):
 *     |Δz<sub>j</sub>| ≤ Δ0<sub>j</sub> = (u_w + γ(k+1)(1+u_w)) S0<sub>j</sub>, S0<sub>j</sub> = Σ|x<sub>i</sub>||w<sub>ij</sub>| + |b<sub>j</sub>|;
 *     relu is exact and 1-Lipschitz, so |Δa<sub>i</sub>| ≤ Δ0<sub>i</sub>;</li>
 * <li>layer 1 (k = 32): Δ1<sub>j</sub> = (1+u_w) Σ Δ0<sub>i</sub>|w<sub>ij</sub>| + u_w S1<sub>j</sub>
 *     + γ(k+1)(1+u_w) S1'<sub>j</sub>, with S1 = Σ|a<sub>i</sub>||w<sub>ij</sub>| + |b<sub>j</sub>| and S1' the same
 *     with |a<sub>i</sub>| + Δ0<sub>i</sub>;</li>
 * <li>softmax of z + δ, |δ<sub>j</sub>| ≤ Δ1<sub>j</sub>: p'<sub>j</sub>/p<sub>j</sub> = e<sup>δ_j</sup>/Σ p<sub>k</sub>e<sup>δ_k</sup>
 *     lies within e<sup>±(Δ1_j + max Δ1)</sup>;</li>
 * <li>evaluating softmax (z - max, exp, a sum of 10, a division): the argument z<sub>j</sub> - m is rounded,
 *     a relative change e<sup>±u|z_j - m|</sup>; exp is taken as accurate to 2 ulp (relative 4u, documented
 *     assumption on the backends' exp); the sum adds γ(9), the division u; so a factor within
 *     e<sup>±τ_j</sup>, τ<sub>j</sub> = u|z<sub>j</sub> - m| + u max|z - m| + 2·4u/(1-4u) + γ(9)/(1-γ(9)) + u/(1-u);</li>
 * <li>so |p̂<sub>j</sub> - p<sub>j</sub>| ≤ p<sub>j</sub>(e<sup>Δ1_j + max Δ1 + τ_j</sup> - 1) + 2·MIN_NORMAL (an
 *     underflowing or flushed-to-zero exp).</li>
 * </ul>
 * scikit-learn computes the same in float64, so its distance to the exact p is bounded by the same formula with
 * u = 2<sup>-53</sup>, u_w = 0; the test allows the sum of both, and 1% more for evaluating the bound itself
 * in double. For FLOAT32 this is about 10<sup>-3</sup> relative; a missing bias, a wrong activation or a
 * float16-like precision lies far outside it.
 */
class DigitsModelTest {
    private static Model model;
    private static double[][] x;
    private static int[] y;
    private static double[][] proba;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Fixtures.digits();
        model = Model.load(dir.resolve("digits-mlp.npz"));
        x = csv(dir.resolve("digits-test-x.csv"));
        proba = csv(dir.resolve("digits-test-proba.csv"));
        double[][] labels = csv(dir.resolve("digits-test-y.csv"));
        y = new int[labels.length];
        for (int r = 0; r < labels.length; r++) {
            y[r] = (int) labels[r][0];
        }
    }

    @Test
    void theCommittedModelIsTheDocumentedOne() {
        assertEquals("Model[64→32 relu, 32→10 softmax] FLOAT64", model.toString());
        assertEquals(x.length, proba.length);
        assertEquals(x.length, y.length);
        assertTrue(x.length >= 300, "the held-out split has " + x.length + " rows");
    }

    @TestFactory
    Stream<DynamicTest> probabilitiesMatchScikitLearnWithinTheRoundingBoundOnEveryBackend() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> e : AvailableBackends.all().entrySet()) {
            for (Precision p : Precision.values()) {
                String name = e.getKey();
                String reason = e.getValue();
                tests.add(DynamicTest.dynamicTest(name + " " + p, () -> {
                    Assumptions.assumeTrue(reason == null, () -> "backend '" + name + "' cannot run here: " + reason);
                    check(name, p);
                }));
            }
        }
        assertFalse(AvailableBackends.available().isEmpty(), "no backend can run here: " + AvailableBackends.all());
        return tests.stream();
    }

    private static void check(String name, Precision p) {
        double[] got;
        try (Backend backend = Backends.get(name); Network net = model.build(backend, p);
                Matrix in = backend.matrix(x, p); Matrix out = net.forward(in)) {
            got = out.toDoubleArray();
        }
        int classes = proba[0].length;
        int correct = 0;
        int sklearnCorrect = 0;
        for (int r = 0; r < x.length; r++) {
            double[] bound = bound(x[r], p);
            double[] bound64 = bound(x[r], Precision.FLOAT64);
            for (int j = 0; j < classes; j++) {
                double diff = Math.abs(got[r * classes + j] - proba[r][j]);
                double allowed = 1.01 * (bound[j] + bound64[j]);
                int row = r;
                int col = j;
                assertTrue(diff <= allowed, () -> name + " " + p + " row " + row + " class " + col + ": vecnn "
                        + got[row * classes + col] + ", scikit-learn " + proba[row][col] + ", |difference| " + diff
                        + " exceeds the bound " + allowed);
            }
            int label = PredictionWriter.label(got, r * classes, classes);
            int sklearnLabel = PredictionWriter.label(proba[r], 0, classes);
            correct += label == y[r] ? 1 : 0;
            sklearnCorrect += sklearnLabel == y[r] ? 1 : 0;
        }
        assertEquals(sklearnCorrect, correct, name + " " + p + ": correct labels out of " + x.length);
    }

    private static double gamma(int n, double u) {
        return n * u / (1 - n * u);
    }

    // The bound of the class comment, per class, for one row.
    private static double[] bound(double[] row, Precision p) {
        double u = p.unitRoundoff();
        double uw = p == Precision.FLOAT32 ? u : 0;
        LayerWeights l0 = model.layers().get(0);
        LayerWeights l1 = model.layers().get(1);
        assertEquals(Activation.RELU, l0.activation());
        assertEquals(Activation.SOFTMAX, l1.activation());
        double[] w0 = l0.weights();
        double[] b0 = l0.bias();
        int k0 = l0.inputs();
        int n0 = l0.units();
        double[] a = new double[n0];
        double[] d0 = new double[n0];
        for (int j = 0; j < n0; j++) {
            double z = b0[j];
            double s = Math.abs(b0[j]);
            for (int i = 0; i < k0; i++) {
                z += row[i] * w0[i * n0 + j];
                s += Math.abs(row[i] * w0[i * n0 + j]);
            }
            a[j] = Math.max(0, z);
            d0[j] = (uw + gamma(k0 + 1, u) * (1 + uw)) * s;
        }
        double[] w1 = l1.weights();
        double[] b1 = l1.bias();
        int n1 = l1.units();
        double[] z1 = new double[n1];
        double[] d1 = new double[n1];
        double maxZ = Double.NEGATIVE_INFINITY;
        double maxD = 0;
        for (int j = 0; j < n1; j++) {
            double z = b1[j];
            double s = Math.abs(b1[j]);
            double sPerturbed = Math.abs(b1[j]);
            double propagated = 0;
            for (int i = 0; i < n0; i++) {
                double w = Math.abs(w1[i * n1 + j]);
                z += a[i] * w1[i * n1 + j];
                s += a[i] * w;
                sPerturbed += (a[i] + d0[i]) * w;
                propagated += d0[i] * w;
            }
            z1[j] = z;
            d1[j] = (1 + uw) * propagated + uw * s + gamma(n0 + 1, u) * (1 + uw) * sPerturbed;
            maxZ = Math.max(maxZ, z);
            maxD = Math.max(maxD, d1[j]);
        }
        double sum = 0;
        double maxSpread = 0;
        double[] pj = new double[n1];
        for (int j = 0; j < n1; j++) {
            pj[j] = Math.exp(z1[j] - maxZ);
            sum += pj[j];
            maxSpread = Math.max(maxSpread, maxZ - z1[j]);
        }
        double g = gamma(n1 - 1, u);
        double evaluation = 2 * 4 * u / (1 - 4 * u) + g / (1 - g) + u / (1 - u);
        double tiny = 2 * (p == Precision.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL);
        double[] bound = new double[n1];
        for (int j = 0; j < n1; j++) {
            double tau = u * (maxZ - z1[j]) + u * maxSpread + evaluation;
            bound[j] = pj[j] / sum * Math.expm1(d1[j] + maxD + tau) + tiny;
        }
        return bound;
    }

    private static double[][] csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[][] rows = new double[lines.size()][];
        for (int r = 0; r < rows.length; r++) {
            String[] fields = lines.get(r).split(",");
            rows[r] = new double[fields.length];
            for (int c = 0; c < fields.length; c++) {
                rows[r][c] = Double.parseDouble(fields[c]);
            }
        }
        return rows;
    }
}
