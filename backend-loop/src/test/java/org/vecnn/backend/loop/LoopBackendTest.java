package org.vecnn.backend.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.backend.loop.internal.LoopKernelFactory;

/**
 * What the loop backends do beyond the conformance kit (which each of them passes, see
 * {@code LoopConformanceTest}, {@code LoopScalarConformanceTest} and {@code LoopNaiveConformanceTest}): a
 * layer may write into its own weights, and a layer whose W is written after it was built (so that its
 * packed copy of W is stale) computes with the new W. Runs on loop (SIMD where the JVM has it), loop with scalar kernels,
 * and loop-naive.
 */
class LoopBackendTest {

    static Stream<Backend> backends() {
        return Stream.of(new LoopBackendProvider().create(),
                new LoopBackend("loop", LoopKernelFactory.blocked(false, 2)),
                new LoopNaiveBackendProvider().create());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void forwardIntoTheLayersOwnWeightsComputesBeforeOverwriting(Backend backend) {
        try (backend) {
            // W is 2×2 and so is the result of a 2-row batch: out may legally be W itself
            Matrix w = backend.matrix(new double[][] {{1, 2}, {3, 4}}, Precision.FLOAT64);
            DenseLayer layer = backend.dense(w, backend.matrix(new double[][] {{0, 0}}, Precision.FLOAT64),
                    Activation.LINEAR);
            Matrix x = backend.matrix(new double[][] {{1, 0}, {0, 1}}, Precision.FLOAT64);
            layer.forward(x, w);
            assertArrayEquals(new double[] {1, 2, 3, 4}, w.toDoubleArray());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aLayerUsesItsWeightsAsTheyAreAfterTheyWereWritten(Backend backend) {
        try (backend) {
            for (Precision precision : Precision.values()) {
                // large enough for the packed path (several tiles, more than one KC slice of k)
                int batch = 30;
                int inputs = 300;
                int units = 70;
                Random random = new Random(7);
                Matrix w = backend.matrix(inputs, units, gaussian(random, inputs * units), precision);
                Matrix bias = backend.matrix(1, units, gaussian(random, units), precision);
                DenseLayer layer = backend.dense(w, bias, Activation.TANH);
                Matrix x = backend.matrix(batch, inputs, gaussian(random, batch * inputs), precision);
                double[] before = layer.forward(x).toDoubleArray();
                assertArrayEquals(reference(x, w, bias), before, precision + " before");
                w.apply(Activation.SIGMOID, w); // W written in place through the api
                double[] after = layer.forward(x).toDoubleArray();
                assertArrayEquals(reference(x, w, bias), after, precision + " after W was written");
                assertFalse(java.util.Arrays.equals(before, after), "the new W changes the result");
            }
        }
    }

    // The same layer computed by separate operations, which the kernels give bit for bit.
    private static double[] reference(Matrix x, Matrix w, Matrix bias) {
        try (Matrix z = x.matmul(w)) {
            z.addRowVector(bias, z);
            z.apply(Activation.TANH, z);
            return z.toDoubleArray();
        }
    }

    private static double[] gaussian(Random random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextGaussian() * 0.1;
        }
        return values;
    }
}
