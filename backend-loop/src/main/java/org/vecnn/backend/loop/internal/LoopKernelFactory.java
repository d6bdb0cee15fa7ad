package org.vecnn.backend.loop.internal;

import java.util.Locale;

/**
 * Chooses the kernels of a loop backend. The Vector API micro-kernels are used only when the running JVM
 * has {@code jdk.incubator.vector} (started with {@code --add-modules jdk.incubator.vector}); their classes
 * are then loaded by name and checked on a small product, so that a JVM without the module, or with a
 * broken one, gets the scalar kernels and a reason instead of a {@link NoClassDefFoundError}.
 */
public final class LoopKernelFactory {
    /** System property: {@code false} forces the scalar kernels even when the Vector API is present. */
    public static final String VECTOR_PROPERTY = "vecnn.loop.vector";
    /** System property: the number of threads a large product is split across (default: the cores). */
    public static final String THREADS_PROPERTY = "vecnn.loop.threads";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private LoopKernelFactory() {
    }

    /** @return the loop-naive kernels */
    public static LoopKernels naive() {
        return new NaiveLoopKernels();
    }

    /**
     * @return the loop kernels as the system properties {@value #VECTOR_PROPERTY} and
     *     {@value #THREADS_PROPERTY} ask
     * @throws IllegalArgumentException when a property has a value that means nothing, naming it
     */
    public static LoopKernels configured() {
        return blocked(vectorRequested(), threadsRequested());
    }

    /**
     * @param useVector whether to use the Vector API micro-kernels when the JVM has them
     * @param threads the number of chunks a large product is split into, at least 1
     * @return the loop kernels
     */
    public static LoopKernels blocked(boolean useVector, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("loop: threads must be at least 1, got " + threads);
        }
        String count = threads + (threads == 1 ? " thread" : " threads");
        Object simd = useVector ? Simd.KERNELS : null;
        if (simd instanceof SimdKernels) {
            FloatMicroKernel f = ((SimdKernels) simd).floats();
            DoubleMicroKernel d = ((SimdKernels) simd).doubles();
            return new BlockedLoopKernels(new FloatGemm(f, threads), new DoubleGemm(d, threads),
                    "Vector API, " + f.describe() + ", " + count);
        }
        String why = useVector ? (String) simd : VECTOR_PROPERTY + "=false";
        return new BlockedLoopKernels(new FloatGemm(null, threads), new DoubleGemm(null, threads),
                "scalar kernels, " + count + ": " + why);
    }

    /**
     * @return the width in bits of the SIMD lanes {@link #configured()} kernels run (512 with AVX-512, 256 with
     *     AVX2), or 0 for the scalar kernels (no Vector API, or {@value #VECTOR_PROPERTY}=false)
     * @throws IllegalArgumentException when {@value #VECTOR_PROPERTY} has a value that means nothing
     */
    public static int simdBits() {
        return vectorRequested() && vectorAvailable() ? SimdWidth.bits() : 0;
    }

    /** @return whether the Vector API kernels can run in this JVM */
    public static boolean vectorAvailable() {
        return Simd.KERNELS instanceof SimdKernels;
    }

    static boolean vectorRequested() {
        String value = System.getProperty(VECTOR_PROPERTY);
        if (value == null || value.isBlank()) {
            return true;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(VECTOR_PROPERTY + "=" + value
                        + " means nothing; use true (the default: SIMD when the JVM has " + VECTOR_MODULE
                        + ") or false (scalar kernels)");
        }
    }

    static int threadsRequested() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return LoopThreads.defaultThreads();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + "=" + value
                + " is not a positive whole number; leave it unset to use all " + LoopThreads.defaultThreads()
                + " processors");
    }

    private record SimdKernels(FloatMicroKernel floats, DoubleMicroKernel doubles) {
    }

    // Loaded once, on the first backend that asks: either the SimdKernels or the reason why not.
    private static final class Simd {
        static final Object KERNELS = load();

        private static Object load() {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return VECTOR_MODULE + " not in this JVM; run with --add-modules " + VECTOR_MODULE;
            }
            try {
                String pkg = LoopKernelFactory.class.getPackageName();
                String tile = SimdWidth.bits() >= 512 ? "WideSimdKernel" : "SimdKernel";
                FloatMicroKernel f = (FloatMicroKernel) Class.forName(pkg + ".Float" + tile)
                        .getDeclaredConstructor().newInstance();
                DoubleMicroKernel d = (DoubleMicroKernel) Class.forName(pkg + ".Double" + tile)
                        .getDeclaredConstructor().newInstance();
                String wrong = selfTest(f, d);
                if (wrong != null) {
                    return "the Vector API kernels gave a wrong result (" + wrong + ")";
                }
                return new SimdKernels(f, d);
            } catch (Throwable e) { // NoClassDefFoundError, IllegalAccessError, ExceptionInInitializerError, ...
                return "the Vector API could not be used (" + e + ")";
            }
        }

        // One tile with small integers, exact in both precisions: catches a kernel that runs but is wrong.
        private static String selfTest(FloatMicroKernel f, DoubleMicroKernel d) {
            int kc = 3;
            float[] fa = new float[f.mr * kc];
            float[] fb = new float[f.nr * kc];
            double[] da = new double[d.mr * kc];
            double[] db = new double[d.nr * kc];
            for (int i = 0; i < fa.length; i++) {
                fa[i] = i % 7 - 3;
            }
            for (int i = 0; i < fb.length; i++) {
                fb[i] = i % 5 - 2;
            }
            for (int i = 0; i < da.length; i++) {
                da[i] = i % 7 - 3;
            }
            for (int i = 0; i < db.length; i++) {
                db[i] = i % 5 - 2;
            }
            float[] fc = new float[f.mr * f.nr];
            double[] dc = new double[d.mr * d.nr];
            f.compute(kc, fa, 0, fb, 0, fc, 0, f.nr, false);
            d.compute(kc, da, 0, db, 0, dc, 0, d.nr, false);
            for (int r = 0; r < f.mr; r++) {
                for (int j = 0; j < f.nr; j++) {
                    double want = 0;
                    for (int p = 0; p < kc; p++) {
                        want += fa[p * f.mr + r] * fb[p * f.nr + j];
                    }
                    if (fc[r * f.nr + j] != want) {
                        return "FLOAT32 element (" + r + ", " + j + ") is " + fc[r * f.nr + j] + ", not " + want;
                    }
                }
            }
            for (int r = 0; r < d.mr; r++) {
                for (int j = 0; j < d.nr; j++) {
                    double want = 0;
                    for (int p = 0; p < kc; p++) {
                        want += da[p * d.mr + r] * db[p * d.nr + j];
                    }
                    if (dc[r * d.nr + j] != want) {
                        return "FLOAT64 element (" + r + ", " + j + ") is " + dc[r * d.nr + j] + ", not " + want;
                    }
                }
            }
            return null;
        }
    }
}
