package org.vecnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.DoubleTraining;
import org.vecnn.spi.TrainingKernels;
import org.vecnn.train.Optimizer;

/**
 * What the kit does not check of nd4j's training kernels (which it runs, see {@link Nd4jConformanceTest}): the
 * backend supplies its own, and the update over blocks of the off-heap buffers is bitwise the api's formula on
 * the heap, states included, across block boundaries.
 */
class Nd4jTrainingKernelsTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void updateOverBlocksIsBitwiseTheApisFormula(Precision p) {
        int rows = 61;
        int cols = 2 * Nd4jTrainingKernels.UPDATE_BLOCK / 61 + 7; // three blocks, the last one partial
        int size = rows * cols;
        Random random = new Random(11);
        double[] theta = random(random, size);
        double[] grad = random(random, size);
        Optimizer[] optimizers = {
            Optimizer.adamW(0.01, 0.1).withL2(0.001), Optimizer.sgd(0.1).withNesterov(0.9), Optimizer.sgd(0.05),
        };
        try (Backend backend = new Nd4jBackend()) {
            TrainingKernels kernels = TrainingKernels.of(backend);
            assertEquals("nd4j", kernels.path());
            assertTrue(kernels.isNative());
            for (Optimizer o : optimizers) {
                double[] p0 = theta.clone();
                double[] s0 = o.stateCount() > 0 ? new double[size] : null;
                double[] s1 = o.stateCount() > 1 ? new double[size] : null;
                Matrix param = backend.matrix(rows, cols, theta, p);
                Matrix gradient = backend.matrix(rows, cols, grad, p);
                Matrix[] states = new Matrix[o.stateCount()];
                for (int i = 0; i < states.length; i++) {
                    states[i] = backend.zeros(rows, cols, p);
                }
                double[] g = gradient.toDoubleArray();
                p0 = param.toDoubleArray();
                for (long step = 1; step <= 3; step++) {
                    kernels.update(o, step, o.learningRate(), param, gradient, states);
                    if (p == Precision.FLOAT64) {
                        DoubleTraining.update(o, step, o.learningRate(), p0, g, s0, s1, 0, size);
                    } else {
                        float[] pf = toFloats(p0);
                        float[] af = s0 == null ? null : toFloats(s0);
                        float[] bf = s1 == null ? null : toFloats(s1);
                        org.vecnn.spi.FloatTraining.update(o, step, o.learningRate(), pf, toFloats(g), af, bf, 0,
                                size);
                        p0 = toDoubles(pf);
                        s0 = af == null ? null : toDoubles(af);
                        s1 = bf == null ? null : toDoubles(bf);
                    }
                }
                assertArrayEquals(p0, param.toDoubleArray(), 0.0, o + " " + p);
                if (s0 != null) {
                    assertArrayEquals(s0, states[0].toDoubleArray(), 0.0, o + " " + p + " first state");
                }
                if (s1 != null) {
                    assertArrayEquals(s1, states[1].toDoubleArray(), 0.0, o + " " + p + " second state");
                }
            }
        }
    }

    private static double[] random(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        return x;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
