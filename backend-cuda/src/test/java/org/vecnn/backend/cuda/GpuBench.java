package org.vecnn.backend.cuda;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.train.Dataset;
import org.vecnn.train.EpochResult;
import org.vecnn.train.Optimizer;
import org.vecnn.train.Trainer;

/**
 * A plain timing program for gpu-check.sh (the GPU machine has no Maven or JMH): GEMM GFLOPS at n = 1024 ..
 * 8192 and dense-layer forward passes, each the median of several rounds, host-timed around queued work
 * closed by one synchronising read of a single element; then the trainer's samples per second per epoch on the
 * backend's training kernels. Not a test; prints one line per figure.
 *
 * <p>Arguments: {@code [rounds] [precision]}, default {@code 7 FLOAT32}.
 */
public final class GpuBench {
    private GpuBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Precision precision = args.length > 1 ? Precision.valueOf(args[1]) : Precision.FLOAT32;
        try (CudaBackend backend = (CudaBackend) new CudaBackendProvider().create()) {
            System.out.println("device: " + backend.device());
            Random random = new Random(1);
            for (int n : new int[] {1024, 2048, 4096, 8192}) {
                try (Matrix a = backend.matrix(n, n, data(random, n * n), precision);
                        Matrix b = backend.matrix(n, n, data(random, n * n), precision);
                        Matrix c = backend.zeros(n, n, precision)) {
                    int reps = Math.max(1, (int) (4L * 8192 * 8192 * 8192 / ((long) n * n * n)));
                    double seconds = median(rounds, () -> {
                        for (int r = 0; r < reps; r++) {
                            a.matmul(b, c);
                        }
                        c.get(0, 0);
                    }) / reps;
                    System.out.printf(Locale.ROOT, "gemm %s n=%d: %.1f GFLOPS (median of %d rounds of %d, %.3f ms)%n",
                            precision, n, 2.0 * n * n * n / seconds / 1e9, rounds, reps, seconds * 1e3);
                }
            }
            int[][] dense = {{4096, 4096, 4096}, {1024, 784, 256}, {64, 784, 128}, {4096, 1024, 10}};
            for (int[] d : dense) {
                int batch = d[0];
                int inputs = d[1];
                int units = d[2];
                for (Activation g : new Activation[] {Activation.RELU, Activation.SIGMOID, Activation.SOFTMAX}) {
                    try (Matrix x = backend.matrix(batch, inputs, data(random, batch * inputs), precision);
                            DenseLayer layer = backend.dense(backend.matrix(inputs, units, data(random, inputs * units),
                                    precision), backend.matrix(1, units, data(random, units), precision), g);
                            Matrix out = backend.zeros(batch, units, precision)) {
                        int reps = 20;
                        double seconds = median(rounds, () -> {
                            for (int r = 0; r < reps; r++) {
                                layer.forward(x, out);
                            }
                            out.get(0, 0);
                        }) / reps;
                        System.out.printf(Locale.ROOT, "dense %s batch=%d %d->%d %s: %.3f ms/forward, %.1f GFLOPS%n",
                                precision, batch, inputs, units, g.label(), seconds * 1e3,
                                2.0 * batch * inputs * units / seconds / 1e9);
                    }
                }
            }
            training(backend, precision, random);
            System.out.println("memory: " + backend.memoryStatistics());
        }
    }

    // The trainer on the backend's own kernels: 784 → 256 → 128 → 10, batch 128, Adam, 8192 random rows;
    // epoch 1 includes the kernels' first JIT, so the later epochs are the figure.
    private static void training(CudaBackend backend, Precision precision, Random random) {
        int rows = 8192;
        double[] x = data(random, rows * 784);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(10);
        }
        try (Trainer t = Trainer.builder(backend).precision(precision).layer(256, Activation.RELU)
                .layer(128, Activation.RELU).layer(10, Activation.SOFTMAX).optimizer(Optimizer.adam(1e-3))
                .batchSize(128).epochs(4).seed(1).build()) {
            for (EpochResult e : t.fit(Dataset.ofLabels(rows, 784, x, labels)).epochs()) {
                System.out.printf(Locale.ROOT, "train %s (%s kernels) 784-256-128-10 batch=128 adam epoch %d: "
                        + "%.0f samples/s, loss %.4f%n", precision, t.kernelsPath(), e.epoch(), e.samplesPerSecond(),
                        e.loss());
            }
        }
    }

    private static double median(int rounds, Runnable work) {
        // Warm-up for a second (at least one run): the driver's JIT of the kernels, the allocator cache, and the
        // JVM's own JIT, without which the host side of a small launch costs more than the kernel
        long warmStart = System.nanoTime();
        do {
            work.run();
        } while (System.nanoTime() - warmStart < 1_000_000_000L);
        double[] times = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            work.run();
            times[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(times);
        return times[rounds / 2];
    }

    private static double[] data(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        return x;
    }
}
