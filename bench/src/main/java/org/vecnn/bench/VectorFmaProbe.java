package org.vecnn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fallback FMA-peak probe in the Java Vector API: {@link FloatFmaChains} (or its FLOAT64 twin) on every
 * thread, timed, in the preferred species or in 512-bit vectors. Loaded only when the JVM has
 * {@code jdk.incubator.vector}.
 */
final class VectorFmaProbe {
    private static final int REPS = 5;

    private VectorFmaProbe() {
    }

    /** @return the width in bits of the vectors {@link #gflops} runs: 512 when wide, else the preferred one */
    static int bits(boolean wide) {
        return (wide ? FloatFmaChains.WIDE : FloatFmaChains.SPECIES).vectorBitSize();
    }

    /**
     * @param threads the threads to run
     * @param doubles FLOAT64 rather than FLOAT32
     * @param wide 512-bit vectors rather than the preferred species (slow where the JVM does not compile them
     *     to AVX-512 instructions: the caller keeps the faster figure)
     * @return the median GFLOPS of five timed repetitions
     */
    static double gflops(int threads, boolean doubles, boolean wide) {
        int lanes = bits(wide) / (doubles ? Double.SIZE : Float.SIZE);
        long iterations = 1 << 16;
        while (run(threads, iterations, doubles, wide) < 0.15 && iterations < (1L << 40)) {
            iterations *= 2;
        }
        double[] g = new double[REPS];
        for (int r = 0; r < REPS; r++) {
            g[r] = 2.0 * lanes * 12 * iterations * threads / run(threads, iterations, doubles, wide) * 1e-9;
        }
        Arrays.sort(g);
        return g[REPS - 1]; // a ceiling: other work on the cores only lowers a repetition
    }

    private static double run(int threads, long iterations, boolean doubles, boolean wide) {
        List<Thread> workers = new ArrayList<>();
        double[] sink = new double[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> sink[id] = doubles ? (wide ? DoubleFmaChains.runWide(iterations)
                    : DoubleFmaChains.run(iterations)) : wide ? FloatFmaChains.runWide(iterations)
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
