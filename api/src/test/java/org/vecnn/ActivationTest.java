package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationTest {

    @Test
    void sigmoidIsExactInTheLimitsAndFiniteForLargeArguments() {
        assertEquals(1.0, Activation.SIGMOID.apply(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Activation.SIGMOID.apply(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, Activation.SIGMOID.apply(1000));
        assertEquals(0.0, Activation.SIGMOID.apply(-1000));
        assertEquals(0.5, Activation.SIGMOID.apply(0));
        assertEquals(1 / (1 + Math.exp(-2.5)), Activation.SIGMOID.apply(2.5), 1e-16);
        assertEquals(Math.exp(-2.5) / (1 + Math.exp(-2.5)), Activation.SIGMOID.apply(-2.5), 1e-16);
    }

    @Test
    void everyElementWiseActivationPropagatesNaN() {
        for (Activation g : Activation.values()) {
            if (!g.isRowWise()) {
                assertTrue(Double.isNaN(g.apply(Double.NaN)), g.name());
            }
        }
    }

    @Test
    void reluAndTanhFollowTheirDefinitions() {
        assertEquals(0.0, Activation.RELU.apply(-3));
        assertEquals(3.0, Activation.RELU.apply(3));
        assertEquals(1.0, Activation.TANH.apply(1000));
        assertEquals(-1.0, Activation.TANH.apply(-1000));
        assertEquals(-7.25, Activation.LINEAR.apply(-7.25));
    }

    @Test
    void leakyReluScalesNegativeInputsByItsSlopeRoundedOnce() {
        assertEquals(-0.03, Activation.LEAKY_RELU.apply(-3), 0.0);
        assertEquals(-0.6000000000000001, Activation.leakyRelu(0.2).apply(-3), 0.0); // 0.2·-3 in double
        assertEquals(1.5, Activation.leakyRelu(-0.5).apply(-3), 0.0);
        assertEquals(3.0, Activation.leakyRelu(0.2).apply(3), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, Activation.leakyRelu(-0.5).apply(Double.NEGATIVE_INFINITY));
        assertEquals((float) (0.2 * -1.1f), org.vecnn.spi.FloatActivations.leakyRelu(-1.1f, 0.2));
        assertEquals(-0.0, Activation.leakyRelu(0).apply(-2), 0.0);
        assertTrue(Double.doubleToRawLongBits(Activation.leakyRelu(0).apply(-2)) != 0, "α = 0 gives -0.0");
        assertEquals(Activation.LEAKY_RELU, Activation.leakyRelu(0.01));
        assertEquals(Activation.leakyRelu(0.2), Activation.byName("leaky_relu(0.2)"));
        assertEquals("leaky_relu(0.2)", Activation.leakyRelu(0.2).label());
    }

    @Test
    void logSoftmaxRowsAreFiniteForLargeEntriesAndZeroForOneColumn() {
        double[] z = {1000, 1001, 999, -1000, -1000, -1000, 7, Double.NaN, 0};
        double[] a = new double[9];
        org.vecnn.spi.DoubleActivations.logSoftmaxRows(z, a, 0, 3, 3);
        double lse = Math.log(Math.exp(-1) + 1 + Math.exp(-2));
        assertEquals(-1 - lse, a[0], 1e-12);
        assertEquals(-lse, a[1], 1e-12);
        assertEquals(-2 - lse, a[2], 1e-12);
        for (int j = 3; j < 6; j++) {
            assertEquals(-Math.log(3), a[j], 1e-12);
        }
        for (int j = 6; j < 9; j++) {
            assertTrue(Double.isNaN(a[j]), "NaN spoils its row: " + a[j]);
        }
        float[] one = {1e30f, -5, 0};
        float[] out = new float[3];
        org.vecnn.spi.FloatActivations.rowWise(Activation.LOG_SOFTMAX, one, out, 0, 3, 1);
        for (float v : out) {
            assertEquals(0.0f, v, 0.0f);
        }
    }

    @Test
    void softmaxRefusesASingleValue() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Activation.SOFTMAX.apply(1.0));
        assertTrue(e.getMessage().contains("row-wise"), e.getMessage());
    }

    @Test
    void byNameAcceptsScikitLearnSynonymsAndRejectsUnknownNames() {
        assertEquals(Activation.LINEAR, Activation.byName("identity"));
        assertEquals(Activation.SIGMOID, Activation.byName("logistic"));
        assertEquals(Activation.RELU, Activation.byName(" ReLU "));
        for (Activation g : Activation.values()) {
            assertEquals(g, Activation.byName(g.label()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activation.byName("swish"));
        assertTrue(e.getMessage().contains("unknown name 'swish'"), e.getMessage());
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }
}
