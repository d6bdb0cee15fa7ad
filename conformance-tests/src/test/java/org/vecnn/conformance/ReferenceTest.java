package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.Precision;

/** The kit's reference is only as good as its own arithmetic and bounds. */
class ReferenceTest {

    @Test
    void gammaIsTheHighamConstantAndInfiniteWhenKuReachesOne() {
        double u = Precision.FLOAT32.unitRoundoff();
        assertEquals(17 * u / (1 - 17 * u), Reference.gamma(17, u), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, Reference.gamma(1 << 24, u));
    }

    @Test
    void float64ProductIsCompensatedWhereAPlainSumCancelsToZero() {
        // 1e16 + 1 - 1e16: a plain double sum gives 0, the exact dot product is 1
        double[] a = {1e16, 1, -1e16};
        double[] w = {1, 1, 1};
        Expected e = Reference.product(a, null, 1, 3, w, 1, null, Precision.FLOAT64);
        assertEquals(1.0, e.value[0], 0.0);
    }

    @Test
    void float64ProductMatchesBigDecimalWithinItsOwnErrorTerm() {
        SplittableRandom random = new SplittableRandom(42);
        int k = 301;
        double[] a = new double[k];
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            a[i] = random.nextDouble(-1, 1) * Math.pow(2, random.nextInt(-20, 20));
            w[i] = random.nextDouble(-1, 1);
        }
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < k; i++) {
            exact = exact.add(new BigDecimal(a[i]).multiply(new BigDecimal(w[i])));
        }
        double value = Reference.product(a, null, 1, k, w, 1, null, Precision.FLOAT64).value[0];
        double error = new BigDecimal(value).subtract(exact).abs().doubleValue();
        assertTrue(error <= Math.ulp(exact.round(MathContext.DECIMAL64).doubleValue()),
                "compensated dot product off by " + error);
    }

    @Test
    void boundCoversAFloat32SumInTheWorstOrder() {
        SplittableRandom random = new SplittableRandom(7);
        int k = 4096;
        double[] a = Data.uniform(random, k, 1, Precision.FLOAT32);
        double[] w = Data.uniform(random, k, 1, Precision.FLOAT32);
        float sum = 0;
        for (int i = 0; i < k; i++) {
            sum += (float) a[i] * (float) w[i];
        }
        Expected e = Reference.product(a, null, 1, k, w, 1, null, Precision.FLOAT32);
        assertTrue(Math.abs(sum - e.value[0]) <= e.bound[0], "float sum " + sum + " vs " + e.value[0] + " ± "
                + e.bound[0]);
        double magnitude = 0;
        for (int i = 0; i < k; i++) {
            magnitude += Math.abs(a[i] * w[i]);
        }
        double gamma = Reference.gamma(k, Precision.FLOAT32.unitRoundoff()) + Reference.gamma(k, Reference.U64);
        assertEquals(gamma * magnitude, e.bound[0], 1e-9 * e.bound[0], "the bound is γ_k·Σ|a_i·w_i|, no more");
    }

    @Test
    void activationsAreExactInTheLimitsAndPropagateNaN() {
        double inf = Double.POSITIVE_INFINITY;
        double[] z = {inf, -inf, 1000, -1000, Double.NaN};
        Expected exact = Reference.exact(z, 1, 5);
        Expected sigmoid = Reference.activate(exact, Activation.SIGMOID, Precision.FLOAT64);
        assertArrayEquals(new double[] {1, 0, 1, 0, Double.NaN}, sigmoid.value, 0.0);
        Expected tanh = Reference.activate(exact, Activation.TANH, Precision.FLOAT64);
        assertArrayEquals(new double[] {1, -1, 1, -1, Double.NaN}, tanh.value, 0.0);
        Expected relu = Reference.activate(exact, Activation.RELU, Precision.FLOAT64);
        assertArrayEquals(new double[] {inf, 0, 1000, 0, Double.NaN}, relu.value, 0.0);
    }

    @Test
    void softmaxIsStableAndANaNSpoilsOnlyItsRow() {
        double[] z = {1000, 1001, 999, -1000, Double.NaN, 0};
        Expected s = Reference.activate(Reference.exact(z, 2, 3), Activation.SOFTMAX, Precision.FLOAT64);
        double e1 = Math.exp(-1);
        double sum = 1 + e1 + Math.exp(-2);
        assertArrayEquals(new double[] {e1 / sum, 1 / sum, Math.exp(-2) / sum}, java.util.Arrays.copyOf(s.value, 3),
                1e-15);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN},
                java.util.Arrays.copyOfRange(s.value, 3, 6), 0.0);
    }

    @Test
    void leakyReluAndLogSoftmaxReferencesFollowTheirDefinitions() {
        double inf = Double.POSITIVE_INFINITY;
        Expected exact = Reference.exact(new double[] {inf, -inf, 1000, -1000, Double.NaN}, 1, 5);
        Expected leaky = Reference.activate(exact, Activation.leakyRelu(0.2), Precision.FLOAT64);
        assertArrayEquals(new double[] {inf, -inf, 1000, -200, Double.NaN}, leaky.value, 0.0);
        Expected negative = Reference.activate(exact, Activation.leakyRelu(-0.5), Precision.FLOAT32);
        assertArrayEquals(new double[] {inf, inf, 1000, 500, Double.NaN}, negative.value, 0.0);
        // a slope of 2 overflows FLOAT32 at -3e38: the rounding's -∞ is the answer
        Expected overflow = Reference.activate(Reference.exact(new double[] {-3e38}, 1, 1), Activation.leakyRelu(2),
                Precision.FLOAT32);
        assertEquals(-inf, overflow.value[0], 0.0);

        double[] z = {1000, 1001, 999, -1000, Double.NaN, 0};
        Expected a = Reference.activate(Reference.exact(z, 2, 3), Activation.LOG_SOFTMAX, Precision.FLOAT64);
        double lse = Math.log(Math.exp(-1) + 1 + Math.exp(-2));
        assertArrayEquals(new double[] {-1 - lse, -lse, -2 - lse}, java.util.Arrays.copyOf(a.value, 3), 1e-12);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN},
                java.util.Arrays.copyOfRange(a.value, 3, 6), 0.0);
        Expected column = Reference.activate(Reference.exact(new double[] {5, -1e4}, 2, 1), Activation.LOG_SOFTMAX,
                Precision.FLOAT32);
        assertArrayEquals(new double[] {0, 0}, column.value, 0.0);
    }

    @Test
    void inheritedInputErrorsWidenTheBound() {
        double[] a = {1, 2};
        double[] w = {3, 4};
        Expected exact = Reference.product(a, null, 1, 2, w, 1, null, Precision.FLOAT32);
        Expected carried = Reference.product(a, new double[] {0.5, 0.25}, 1, 2, w, 1, null, Precision.FLOAT32);
        assertEquals(11.0, carried.value[0], 0.0);
        assertTrue(carried.bound[0] >= 0.5 * 3 + 0.25 * 4, "bound " + carried.bound[0]);
        assertTrue(carried.bound[0] > exact.bound[0]);
    }
}
