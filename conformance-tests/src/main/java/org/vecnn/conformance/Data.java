package org.vecnn.conformance;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/** Seeded test data, and a cache of reference results shared by every backend a JVM tests. */
final class Data {
    private static final long SEED = 0x5EED_2024_0001L;
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private Data() {
    }

    /** A generator seeded by the check's name, so every backend and every run sees the same data. */
    static SplittableRandom random(String name) {
        return new SplittableRandom(SEED ^ name.hashCode());
    }

    /** Uniform values in [-scale, scale), rounded to the precision. */
    static double[] uniform(SplittableRandom random, int count, double scale, Precision p) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextDouble(-scale, scale);
        }
        return Reference.round(v, p);
    }

    /** A matrix holding the values, created from a float[] for FLOAT32 and a double[] for FLOAT64. */
    static Matrix upload(Backend backend, int rows, int cols, double[] values, Precision p) {
        if (p == Precision.FLOAT64) {
            return backend.matrix(rows, cols, values);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return backend.matrix(rows, cols, f);
    }

    static double[] filled(int count, double value) {
        double[] v = new double[count];
        java.util.Arrays.fill(v, value);
        return v;
    }

    /** A reference computed once per JVM: the data behind a name is the same for every backend. */
    @SuppressWarnings("unchecked")
    static <T> T cached(String key, Supplier<T> compute) {
        Object value = CACHE.get(key);
        if (value == null) {
            value = compute.get();
            Object raced = CACHE.putIfAbsent(key, value);
            if (raced != null) {
                value = raced;
            }
        }
        return (T) value;
    }
}
