package org.vecnn.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * Hand-computed cases of the training formulas (the conformance kit checks every backend against its own
 * reference; these pin the formulas themselves, in case both were wrong alike).
 */
class TrainingFormulasTest {

    @Test
    void adamsFirstStepMovesEachParameterByTheLearningRate() {
        // t = 1: m = 0.1·g, v = 0.001·g², so m̂ = g and v̂ = g²: the step is lr·g/(|g| + ε) ≈ lr·sign(g)
        double[] p = {1, 1};
        double[] g = {0.5, -4};
        double[] m = new double[2];
        double[] v = new double[2];
        DoubleTraining.update(Optimizer.adam(0.1), 1, 0.1, p, g, m, v, 0, 2);
        assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), p[0], 1e-15);
        assertEquals(1 + 0.1 * 4 / (4 + 1e-8), p[1], 1e-15);
        assertEquals(0.05, m[0], 1e-15);
        assertEquals(0.00025, v[0], 1e-15);
    }

    @Test
    void adamWDecaysBeforeTheStepAndNesterovLooksAhead() {
        double[] p = {2};
        DoubleTraining.update(Optimizer.adamW(0.1, 0.5), 1, 0.1, p, new double[] {1}, new double[1], new double[1],
                0, 1);
        assertEquals(2 * (1 - 0.05) - 0.1 / (1 + 1e-8), p[0], 1e-15);
        double[] q = {1};
        double[] velocity = {2};
        DoubleTraining.update(Optimizer.sgd(0.1).withNesterov(0.5), 2, 0.1, q, new double[] {1}, velocity, null, 0, 1);
        assertEquals(2, velocity[0], 0); // 0.5·2 + 1
        assertEquals(1 - 0.1 * (1 + 0.5 * 2), q[0], 1e-15);
    }

    @Test
    void crossEntropyGradientIsOutputMinusTargetOverTheBatch() {
        double[] z = {0, Math.log(3), 1000, -1000};
        double[] a = new double[4];
        DoubleActivations.softmaxRows(z, a, 0, 2, 2);
        double[] y = {0, 1, 1, 0};
        double[] dz = new double[4];
        double loss = DoubleTraining.loss(Loss.CATEGORICAL_CROSS_ENTROPY, Activation.SOFTMAX, z, a, y, dz, 2, 2);
        // row 0: softmax = [1/4, 3/4], loss -log(3/4); row 1: [1, 0], loss 0 (from the logits, not log(0))
        assertEquals(-Math.log(0.75) / 2, loss, 1e-15);
        assertArrayEquals(new double[] {0.125, -0.125, 0, 0}, dz, 1e-15);
    }

    @Test
    void derivativesFromTheOutput() {
        double[] a = {0.25, 0, 2};
        double[] da = {4, 4, 4};
        double[] dz = new double[3];
        DoubleTraining.activationBackward(Activation.RELU, a, da, dz, 1, 3);
        assertArrayEquals(new double[] {4, 0, 4}, dz);
        DoubleTraining.activationBackward(Activation.SIGMOID, new double[] {0.25}, new double[] {4}, dz, 1, 1);
        assertEquals(0.75, dz[0]);
        DoubleTraining.activationBackward(Activation.TANH, new double[] {0.5}, new double[] {4}, dz, 1, 1);
        assertEquals(3, dz[0]);
        // softmax [1/4, 3/4] with dA = [1, 0]: dz = a ⊙ (dA - a·dA) = [1/4·3/4, 3/4·(-1/4)]
        DoubleTraining.activationBackward(Activation.SOFTMAX, new double[] {0.25, 0.75}, new double[] {1, 0}, dz, 1, 2);
        assertEquals(0.1875, dz[0]);
        assertEquals(-0.1875, dz[1]);
    }

    @Test
    void leakyReluDerivativeIsTheSlopeWhereTheOutputIsNotPositive() {
        double[] dz = new double[3];
        DoubleTraining.activationBackward(Activation.leakyRelu(0.2), new double[] {-0.5, 0, 3}, new double[] {4, 4, 4},
                dz, 1, 3);
        assertArrayEquals(new double[] {0.2 * 4, 0.2 * 4, 4}, dz);
        float[] dzf = new float[2];
        FloatTraining.activationBackward(Activation.LEAKY_RELU, new float[] {-1, 2}, new float[] {3, 3}, dzf, 1, 2);
        assertArrayEquals(new float[] {(float) (0.01 * 3), 3}, dzf);
    }

    @Test
    void logSoftmaxDerivativeIsTheGradientMinusSoftmaxTimesItsSum() {
        // a = log [1/4, 3/4], dA = [1, 2]: dz_j = dA_j - p_j·(1 + 2)
        double[] a = {Math.log(0.25), Math.log(0.75)};
        double[] dz = new double[2];
        DoubleTraining.activationBackward(Activation.LOG_SOFTMAX, a, new double[] {1, 2}, dz, 1, 2);
        assertEquals(1 - 0.75, dz[0], 1e-15);
        assertEquals(2 - 2.25, dz[1], 1e-15);
        // a row of one column: log-softmax is constantly 0, so its derivative is 0 whatever dA
        DoubleTraining.activationBackward(Activation.LOG_SOFTMAX, new double[] {0}, new double[] {7}, dz, 1, 1);
        assertEquals(0, dz[0], 0);
    }

    @Test
    void crossEntropyOnLogSoftmaxIsTheNegativeLogLikelihoodWithTheSoftmaxGradient() {
        double[] z = {0, Math.log(3), 1000, -1000};
        double[] a = new double[4];
        DoubleActivations.logSoftmaxRows(z, a, 0, 2, 2);
        double[] y = {0, 1, 1, 0};
        double[] dz = new double[4];
        double loss = DoubleTraining.loss(Loss.CATEGORICAL_CROSS_ENTROPY, Activation.LOG_SOFTMAX, z, a, y, dz, 2, 2);
        // row 0: log-probabilities log [1/4, 3/4], loss -log(3/4); row 1: [0, -2000], loss 0
        assertEquals(-Math.log(0.75) / 2, loss, 1e-15);
        assertArrayEquals(new double[] {0.125, -0.125, 0, 0}, dz, 1e-15);
        assertEquals(Loss.CATEGORICAL_CROSS_ENTROPY, org.vecnn.train.Trainer.defaultLoss(Activation.LOG_SOFTMAX));
    }

    @Test
    void crossEntropyNamesBothRowWiseOutputsWhenRefusingAnother() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DoubleTraining.loss(
                Loss.CATEGORICAL_CROSS_ENTROPY, Activation.leakyRelu(0.2), new double[2], new double[2],
                new double[] {0, 1}, null, 1, 2));
        assertEquals("loss: cce needs a softmax or log_softmax output layer, not leaky_relu(0.2)", e.getMessage());
        assertTrue(Loss.CATEGORICAL_CROSS_ENTROPY.accepts(Activation.LOG_SOFTMAX));
        assertTrue(Loss.MEAN_SQUARED_ERROR.accepts(Activation.LEAKY_RELU));
    }

    @Test
    void aCrossEntropyOnTheWrongActivationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatTraining.loss(
                Loss.BINARY_CROSS_ENTROPY, Activation.RELU, new float[1], new float[1], new float[1], null, 1, 1));
        assertTrue(e.getMessage().contains("bce needs a sigmoid output layer, not relu"), e.getMessage());
    }
}
