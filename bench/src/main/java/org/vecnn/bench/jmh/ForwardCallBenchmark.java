package org.vecnn.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;

/**
 * Small forward calls through the public api on one thread, where a fixed per-call cost shows most: the seed
 * example (1×2 → 3 sigmoid) and a batch-64 784→256 sigmoid layer, into a given output and into a new one.
 * It uses the api only, so the same source measures any version of vecnn: built against two versions it
 * compares them (docs/benchmarks.md, "Holding operands while closing"). Run from the bench jar with JMH's own
 * main: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.openjdk.jmh.Main
 * ForwardCallBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ForwardCallBenchmark {

    /** The backend, by name. */
    @Param({"loop", "ejml", "nd4j"})
    public String backend;

    /** {@code seed} (1×2 → 3) or {@code dense-64} (64×784 → 256). */
    @Param({"seed", "dense-64"})
    public String layer;

    private Backend instance;
    private DenseLayer dense;
    private Matrix input;
    private Matrix output;

    /** Builds the layer, its input and an output on the backend. */
    @Setup(Level.Trial)
    public void setUp() {
        instance = Backends.get(backend);
        if (layer.equals("seed")) {
            dense = instance.dense(instance.matrix(new float[][] {{1, -3, 5}, {-2, 4, -6}}),
                    instance.matrix(new float[][] {{-1, 1, 2}}), Activation.SIGMOID);
            input = instance.matrix(new float[][] {{200, 17}});
        } else {
            SplittableRandom random = new SplittableRandom(784_256_64L);
            dense = instance.dense(instance.matrix(784, 256, uniform(random, 784 * 256, 1 / 28.0)),
                    instance.matrix(1, 256, uniform(random, 256, 1)), Activation.SIGMOID);
            input = instance.matrix(64, 784, uniform(random, 64 * 784, 1));
        }
        output = instance.zeros(input.rows(), dense.units(), input.precision());
    }

    private static float[] uniform(SplittableRandom random, int count, double scale) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) random.nextDouble(-scale, scale);
        }
        return v;
    }

    /** @return the output, written by {@code forward(a_in, out)} */
    @Benchmark
    public Matrix forwardInto() {
        return dense.forward(input, output);
    }

    /** @return a new output of {@code forward(a_in)}, closed again */
    @Benchmark
    public Matrix forward() {
        Matrix out = dense.forward(input);
        out.close();
        return out;
    }

    /** Closes the backend and so everything made on it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        instance.close();
    }
}
