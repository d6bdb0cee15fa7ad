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
 * Where the time of the typical dense layer (784&rarr;256, batch 1024, FLOAT32) goes on named backends: the
 * product alone ({@code matmul(w, out)}), the layer with a linear activation (product and bias), and with
 * sigmoid (product, bias and one exp per output). Medians of 15 rounds of 10 calls after 20 warm-up calls.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp cli/target/vecnn.jar org.vecnn.bench.DenseCostTiming nd4j loop</pre>
 */
public final class DenseCostTiming {
    private static final int BATCH = 1024;
    private static final int INPUTS = 784;
    private static final int UNITS = 256;

    private DenseCostTiming() {
    }

    /**
     * @param args one or more backend names
     */
    public static void main(String[] args) {
        Random random = new Random(1);
        float[] x = new float[BATCH * INPUTS];
        float[] w = new float[INPUTS * UNITS];
        float[] b = new float[UNITS];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (random.nextFloat() * 2 - 1) / 28;
        }
        for (String name : args) {
            try (Backend backend = Backends.get(name);
                    Matrix input = backend.matrix(BATCH, INPUTS, x);
                    Matrix weights = backend.matrix(INPUTS, UNITS, w);
                    Matrix out = backend.zeros(BATCH, UNITS, Precision.FLOAT32);
                    DenseLayer linear = backend.dense(backend.matrix(INPUTS, UNITS, w), backend.matrix(1, UNITS, b),
                            Activation.LINEAR);
                    DenseLayer sigmoid = backend.dense(backend.matrix(INPUTS, UNITS, w),
                            backend.matrix(1, UNITS, b), Activation.SIGMOID)) {
                double product = median(() -> input.matmul(weights, out), out);
                double withBias = median(() -> linear.forward(input, out), out);
                double withSigmoid = median(() -> sigmoid.forward(input, out), out);
                System.out.printf(Locale.ROOT, "%s: product %.2f ms, product + bias %.2f ms, product + bias + sigmoid "
                        + "%.2f ms (medians of 15 rounds)%n", name, product, withBias, withSigmoid);
            }
        }
    }

    private static double median(Runnable call, Matrix out) {
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        double[] ms = new double[15];
        for (int r = 0; r < ms.length; r++) {
            long start = System.nanoTime();
            for (int c = 0; c < 10; c++) {
                call.run();
            }
            out.get(0, 0); // a device backend finishes its queued work here
            ms[r] = (System.nanoTime() - start) / 1e6 / 10;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
