package org.vecnn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fallback FMA-peak probe in the Java Vector API: {@link FloatFmaChains} (or its FLOAT64 twin) on every
 * thread, timed. Loaded only when the JVM has {@code jdk.incubator.vector}.
 */
final class VectorFmaProbe {
    private static final int REPS = 5;

    private VectorFmaProbe() {
    }

    static int bits() {
        return FloatFmaChains.SPECIES.vectorBitSize();
    }

    static double gflops(int threads, boolean doubles) {
        int lanes = doubles ? DoubleFmaChains.SPECIES.length() : FloatFmaChains.SPECIES.length();
        long iterations = 1 << 16;
        while (run(threads, iterations, doubles) < 0.15 && iterations < (1L << 40)) {
            iterations *= 2;
        }
        double[] g = new double[REPS];
        for (int r = 0; r < REPS; r++) {
            g[r] = 2.0 * lanes * 12 * iterations * threads / run(threads, iterations, doubles) * 1e-9;
        }
        Arrays.sort(g);
        return g[REPS / 2];
    }

    private static double run(int threads, long iterations, boolean doubles) {
        List<Thread> workers = new ArrayList<>();
        double[] sink = new double[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> sink[id] = doubles ? DoubleFmaChains.run(iterations)
                    : FloatFmaChains.run(iterations));
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
        return (System.nanoTime() - start) * 1e-9;
    }
}
