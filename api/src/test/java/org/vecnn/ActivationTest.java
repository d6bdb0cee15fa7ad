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
