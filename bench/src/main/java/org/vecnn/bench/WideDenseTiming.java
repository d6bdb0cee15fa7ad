package org.vecnn.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * Times the wide dense layer of the GPU target (batch 4096, 4096&rarr;4096, relu, FLOAT32) on named backends,
 * so that the CPU side of "the GPU is at least 20&times; the best CPU backend" is measured by the same call as
 * the GPU side ({@code GpuBench} in backend-cuda). One call takes seconds on a CPU, too long for the harness's
 * rounds of many calls, hence this plain program: one warm-up call, then the median of the given rounds.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp cli/target/vecnn.jar org.vecnn.bench.WideDenseTiming 5 nd4j loop</pre>
 */
public final class WideDenseTiming {
    private static final int N = 4096;

    private WideDenseTiming() {
    }

    /**
     * @param args the rounds, then one or more backend names
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: WideDenseTiming ROUNDS BACKEND...");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        Random random = new Random(1);
        float[] x = uniform(random, N * N);
        float[] w = uniform(random, N * N);
        float[] b = uniform(random, N);
        for (String name : Arrays.asList(args).subList(1, args.length)) {
            try (Backend backend = Backends.get(name);
                    Matrix input = backend.matrix(N, N, x);
                    Matrix weights = backend.matrix(N, N, w);
                    Matrix bias = backend.matrix(1, N, b);
                    DenseLayer layer = backend.dense(weights, bias, Activation.RELU);
                    Matrix out = backend.zeros(N, N, Precision.FLOAT32)) {
                layer.forward(input, out);
                double[] ms = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    layer.forward(input, out);
                    out.get(0, 0); // a device backend finishes its queued work here
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(ms);
                double median = ms[rounds / 2];
                System.out.printf(Locale.ROOT,
                        "%s dense FLOAT32 batch=%d %d->%d relu: median %.3f ms (min %.3f, max %.3f, %d rounds), "
                                + "%.1f GFLOPS%n",
                        name, N, N, N, median, ms[0], ms[rounds - 1], rounds, 2.0 * N * N * N / (median / 1e3) / 1e9);
            }
        }
    }

    private static float[] uniform(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }
}
