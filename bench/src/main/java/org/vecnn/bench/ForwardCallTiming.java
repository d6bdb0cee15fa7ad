package org.vecnn.bench;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.spi.BackendProvider;

/**
 * The calls {@link VersionComparison} times, written against the public api only so that one class file runs
 * against any build of vecnn: {@code apply("<backend> <layer> <call>")} (backend {@code loop}, {@code ejml} or
 * {@code nd4j}; layer {@code seed} or {@code dense-64}; call {@code forwardInto} or {@code forward}) prepares the
 * layer and returns a timer, which runs the call n times and returns the nanoseconds taken. The types crossing
 * to the caller are the JDK's, so the caller may have loaded vecnn in another class loader.
 */
public final class ForwardCallTiming implements Function<String, LongUnaryOperator> {
    private static volatile Object sink;

    /** For {@link VersionComparison}, which creates it by reflection in each version's class loader. */
    public ForwardCallTiming() {
    }

    @Override
    public LongUnaryOperator apply(String cell) {
        String[] parts = cell.split(" ");
        Backend backend = provider(parts[0]).create();
        DenseLayer dense;
        Matrix input;
        if (parts[1].equals("seed")) {
            dense = backend.dense(backend.matrix(new float[][] {{1, -3, 5}, {-2, 4, -6}}),
                    backend.matrix(new float[][] {{-1, 1, 2}}), Activation.SIGMOID);
            input = backend.matrix(new float[][] {{200, 17}});
        } else {
            SplittableRandom random = new SplittableRandom(784_256_64L);
            dense = backend.dense(backend.matrix(784, 256, uniform(random, 784 * 256, 1 / 28.0)),
                    backend.matrix(1, 256, uniform(random, 256, 1)), Activation.SIGMOID);
            input = backend.matrix(64, 784, uniform(random, 64 * 784, 1));
        }
        Matrix output = backend.zeros(input.rows(), dense.units(), input.precision());
        if (parts[2].equals("forwardInto")) {
            return calls -> {
                long start = System.nanoTime();
                for (long i = 0; i < calls; i++) {
                    sink = dense.forward(input, output);
                }
                return System.nanoTime() - start;
            };
        }
        return calls -> {
            long start = System.nanoTime();
            for (long i = 0; i < calls; i++) {
                Matrix out = dense.forward(input);
                out.close();
                sink = out;
            }
            return System.nanoTime() - start;
        };
    }

    // The backends are run-time dependencies of the bench: their providers are found by name, in this class's
    // own class loader (a build's, under VersionComparison).
    private static BackendProvider provider(String name) {
        String type;
        switch (name) {
            case "loop":
                type = "org.vecnn.backend.loop.LoopBackendProvider";
                break;
            case "ejml":
                type = "org.vecnn.backend.ejml.EjmlBackendProvider";
                break;
            case "nd4j":
                type = "org.vecnn.backend.nd4j.Nd4jBackendProvider";
                break;
            default:
                throw new IllegalArgumentException("backend " + name + ": loop, ejml or nd4j");
        }
        try {
            return (BackendProvider) Class.forName(type, true, ForwardCallTiming.class.getClassLoader())
                    .getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("backend " + name + ": " + type + " cannot be created: " + e, e);
        }
    }

    private static float[] uniform(SplittableRandom random, int count, double scale) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) random.nextDouble(-scale, scale);
        }
        return v;
    }
}
