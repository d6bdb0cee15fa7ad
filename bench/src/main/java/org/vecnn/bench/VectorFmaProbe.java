package org.vecnn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fallback FMA-peak probe in the Java Vector API: the loop of {@code fma_peak.c}, twelve independent
 * chains acc = acc&middot;x + y of the preferred vector width per thread. Loaded only when the JVM has
 * {@code jdk.incubator.vector}.
 */
final class VectorFmaProbe {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int REPS = 5;

    private VectorFmaProbe() {
    }

    static int bits() {
        return FLOATS.vectorBitSize();
    }

    static double gflops(int threads, boolean doubles) {
        int lanes = doubles ? DOUBLES.length() : FLOATS.length();
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
            Thread w = new Thread(() -> sink[id] = doubles ? chainsD(iterations) : chainsF(iterations));
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

    private static double chainsF(long iterations) {
        FloatVector x = FloatVector.broadcast(FLOATS, 1.0000001f);
        FloatVector y = FloatVector.broadcast(FLOATS, 0.9999999f);
        FloatVector a0 = FloatVector.broadcast(FLOATS, 0), a1 = FloatVector.broadcast(FLOATS, 1);
        FloatVector a2 = FloatVector.broadcast(FLOATS, 2), a3 = FloatVector.broadcast(FLOATS, 3);
        FloatVector a4 = FloatVector.broadcast(FLOATS, 4), a5 = FloatVector.broadcast(FLOATS, 5);
        FloatVector a6 = FloatVector.broadcast(FLOATS, 6), a7 = FloatVector.broadcast(FLOATS, 7);
        FloatVector a8 = FloatVector.broadcast(FLOATS, 8), a9 = FloatVector.broadcast(FLOATS, 9);
        FloatVector a10 = FloatVector.broadcast(FLOATS, 10), a11 = FloatVector.broadcast(FLOATS, 11);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static double chainsD(long iterations) {
        DoubleVector x = DoubleVector.broadcast(DOUBLES, 1.0000000001);
        DoubleVector y = DoubleVector.broadcast(DOUBLES, 0.9999999999);
        DoubleVector a0 = DoubleVector.broadcast(DOUBLES, 0), a1 = DoubleVector.broadcast(DOUBLES, 1);
        DoubleVector a2 = DoubleVector.broadcast(DOUBLES, 2), a3 = DoubleVector.broadcast(DOUBLES, 3);
        DoubleVector a4 = DoubleVector.broadcast(DOUBLES, 4), a5 = DoubleVector.broadcast(DOUBLES, 5);
        DoubleVector a6 = DoubleVector.broadcast(DOUBLES, 6), a7 = DoubleVector.broadcast(DOUBLES, 7);
        DoubleVector a8 = DoubleVector.broadcast(DOUBLES, 8), a9 = DoubleVector.broadcast(DOUBLES, 9);
        DoubleVector a10 = DoubleVector.broadcast(DOUBLES, 10), a11 = DoubleVector.broadcast(DOUBLES, 11);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
