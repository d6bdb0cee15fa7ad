package org.vecnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void stepAndCosineFactors() {
        LearningRateSchedule step = LearningRateSchedule.step(10, 0.5);
        assertEquals(1, step.factor(9));
        assertEquals(0.5, step.factor(10));
        assertEquals(0.25, step.factor(25));
        LearningRateSchedule cosine = LearningRateSchedule.cosine(10, 0.1);
        assertEquals(1, cosine.factor(0), 1e-15);
        assertEquals(0.55, cosine.factor(5), 1e-15);
        assertEquals(0.1, cosine.factor(10), 1e-15);
        assertEquals(0.1, cosine.factor(30), 1e-15);
        assertEquals(0.002 * 0.5, Optimizer.adam(0.002).withSchedule(step).learningRate(12), 1e-18);
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.step(0, 0.5));
        assertTrue(e.getMessage().contains("every >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(Double.NaN));
        assertTrue(e.getMessage().contains("learningRate must be a finite number > 0, got NaN"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> Optimizer.adam(1).withMomentum(0.9));
        assertTrue(s.getMessage().contains("withMomentum applies to SGD, not ADAM"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.byName("hinge"));
        assertTrue(e.getMessage().contains("unknown name 'hinge'"), e.getMessage());
        assertEquals(Loss.CATEGORICAL_CROSS_ENTROPY, Loss.byName("categorical-crossentropy"));
        assertEquals(2, Optimizer.byName("adamw", 1e-3).stateCount());
        assertEquals(1, Optimizer.byName("nesterov", 1e-3).stateCount());
    }
}
