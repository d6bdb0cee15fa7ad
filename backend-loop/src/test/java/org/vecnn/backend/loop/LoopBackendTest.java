package org.vecnn.backend.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
 * layer may write into its own weights. Runs on loop (SIMD where the JVM has it), loop with scalar kernels,
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
}
