package org.vecnn.backend.nd4j;

import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vecnn.spi.ProbeResult;

/**
 * Loads ND4J once per JVM, applies the backend's thread settings, and remembers the outcome. Every failure,
 * the {@code UnsatisfiedLinkError} of a missing native library and the {@code NoClassDefFoundError: Could
 * not initialize class Nd4j} that follows it included, becomes an unavailable probe result.
 */
final class Nd4jRuntime {
    /**
     * System property: the threads OpenBLAS uses for one product, set once when ND4J is loaded. Unset (the
     * default), nothing is changed: OpenBLAS keeps what the host chose (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS
     * or all cores).
     */
    static final String BLAS_THREADS = "vecnn.nd4j.blasThreads";

    static final String HINT = "the nd4j backend needs org.nd4j:nd4j-native with its linux-x86_64 classifier and"
            + " org.bytedeco:openblas/javacpp linux-x86_64 natives on the class path, on Linux x86-64 with glibc;"
            + " another backend (loop, ejml) is chosen meanwhile";

    private static volatile ProbeResult cached;

    private Nd4jRuntime() {
    }

    /** @return the probe result, loading ND4J on the first call only */
    static ProbeResult probe() {
        ProbeResult result = cached;
        if (result == null) {
            synchronized (Nd4jRuntime.class) {
                result = cached;
                if (result == null) {
                    result = probe(Nd4jRuntime::load);
                    cached = result;
                }
            }
        }
        return result;
    }

    /**
     * Runs a loader and turns whatever it throws into an unavailable result.
     *
     * @param loader loads the library and describes what runs
     * @return available with the loader's description, or unavailable naming the failure
     */
    static ProbeResult probe(Callable<String> loader) {
        try {
            return ProbeResult.available(loader.call());
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
            return ProbeResult.failed("loading ND4J's native library (nd4j-native " + platform() + ")", t, HINT);
        }
    }

    private static String platform() {
        try {
            return Loader.getPlatform();
        } catch (Throwable t) {
            return "linux-x86_64";
        }
    }

    static String load() throws Exception {
        long start = System.nanoTime();
        // One tiny product through ND4J proves the native library and the executioner work.
        INDArray one = Nd4j.create(new float[] {2f}, new long[] {1, 1}, 'c');
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 1}, 'c');
        Nd4j.gemm(one, one, out, false, false, 1.0, 0.0);
        if (out.getFloat(0) != 4f) {
            throw new IllegalStateException("ND4J computed 2·2 = " + out.getFloat(0));
        }
        one.close();
        out.close();
        // The same libopenblas_nolapack that libnd4jcpu links; the backend calls its gemm directly.
        Loader.load(openblas_nolapack.class);
        String threads = applyThreadSettings();
        long ms = (System.nanoTime() - start) / 1_000_000;
        return "ND4J " + version() + " (nd4j-native " + Loader.getPlatform() + ") on "
                + Nd4j.factory().blas().getBlasVendor() + ", " + threads + ", loaded in " + ms + " ms";
    }

    private static String applyThreadSettings() {
        String value = System.getProperty(BLAS_THREADS);
        if (value != null && !value.isBlank()) {
            int threads;
            try {
                threads = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                threads = 0;
            }
            if (threads < 1) {
                throw new IllegalArgumentException(BLAS_THREADS + " must be a whole number of threads"
                        + " of at least 1, got '" + value + "'");
            }
            Nd4j.factory().blas().setMaxThreads(threads);
        }
        int blas = Nd4j.factory().blas().getMaxThreads();
        return blas + " BLAS thread" + (blas == 1 ? "" : "s");
    }

    private static String version() {
        try (InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "?");
            }
        } catch (Exception ignored) {
            // the version is decoration; a jar without pom.properties still works
        }
        return "?";
    }
}
