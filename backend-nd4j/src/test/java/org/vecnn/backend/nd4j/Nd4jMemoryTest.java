package org.vecnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;

/**
 * Native memory must come back on close(), not whenever the garbage collector runs. The module's surefire
 * JVM has a fixed 256 MiB heap, so that the Java heap's own growth (ND4J makes a few KiB of garbage per
 * array) does not show up as resident memory.
 */
@Tag("slow")
class Nd4jMemoryTest {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final int N = 128;
    /** Cycles whose (closed) objects stay reachable, so that only close() can free their arrays. */
    private static final int KEPT = 2_000;
    /** Allowed growth of the resident set over 100,000 cycles after warm-up. */
    private static final long MARGIN_KIB = 64 * 1024;

    /**
     * Each cycle creates a 128×128 layer, a 2×128 input and the 2×128 output (65.5 KiB off-heap, FLOAT32)
     * and closes them. The last 2,000 cycles' objects stay reachable: were close() to free nothing, they
     * alone would hold 128 MiB, twice the margin. The warm-up keeps nothing, so that the allocator's
     * high-water mark before the measured cycles is that of a correct run.
     */
    @Test
    void hundredThousandCreateForwardCloseCyclesKeepResidentMemoryFlat() throws IOException {
        assumeTrue(Files.isReadable(STATUS), "needs /proc/self/status (Linux) to read the resident set");
        Random random = new Random(42);
        float[] w = new float[N * N];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextFloat() - 0.5f;
        }
        float[] b = new float[N];
        float[] x = new float[2 * N];
        try (Nd4jBackend backend = new Nd4jBackend()) {
            cycles(backend, w, b, x, 10_000, null);
            System.gc();
            long before = residentKiB();
            Object[] kept = new Object[3 * KEPT];
            double sink = cycles(backend, w, b, x, 100_000, kept);
            System.gc();
            long after = residentKiB();
            assertEquals(0, backend.openMatrices(), "every matrix was closed");
            assertTrue(Double.isFinite(sink));
            assertTrue(after - before < MARGIN_KIB, "resident set grew by " + (after - before)
                    + " KiB over 100,000 cycles (from " + before + " KiB); margin " + MARGIN_KIB + " KiB");
            assertEquals(3 * KEPT, java.util.Arrays.stream(kept).filter(o -> o != null).count());
        }
    }

    private static double cycles(Nd4jBackend backend, float[] w, float[] b, float[] x, int count, Object[] kept) {
        double sink = 0;
        for (int i = 0; i < count; i++) {
            DenseLayer layer = backend.dense(backend.matrix(N, N, w), backend.matrix(1, N, b), Activation.TANH);
            Matrix in = backend.matrix(2, N, x);
            Matrix out = layer.forward(in);
            sink += out.get(1, N - 1);
            out.close();
            in.close();
            layer.close();
            if (kept != null) {
                int slot = 3 * (i % KEPT);
                kept[slot] = layer;
                kept[slot + 1] = in;
                kept[slot + 2] = out;
            }
        }
        return sink;
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS line in " + STATUS);
    }
}
