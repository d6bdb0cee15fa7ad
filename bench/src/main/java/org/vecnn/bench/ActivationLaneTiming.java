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
 * The dense layer 784&rarr;256 sigmoid (FLOAT32) on named backends at the batches given, with the activation
 * pass in the Vector API's lanes and with the api's scalar formulas, in alternating rounds of one JVM (the
 * system property {@code vecnn.loop.vector} of module simd-activations, read on every pass, switched between
 * rounds), so that the ratio comes from one run. Each figure: the median of 11 rounds of calls after a
 * warm-up. Where {@code loop-naive} is named as well, prints the ratio of each backend's lane figure to it.
 *
 * <p>With {@code pass} instead of backend names: the sigmoid pass alone over batch&times;256 outputs with a bias,
 * in alternating rounds: {@code FloatActivationPass} on an array (lanes) against {@code FloatActivations} (the
 * api's scalar formulas), and on a direct NIO buffer as nd4j calls it (row blocks copied to a heap scratch)
 * against the api's buffer pass (one row at a time).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp CLASSPATH bench/src/main/java/org/vecnn/bench/ActivationLaneTiming.java
 *     64,1024 ejml nd4j loop loop-naive
 * java --add-modules jdk.incubator.vector -cp CLASSPATH bench/src/main/java/org/vecnn/bench/ActivationLaneTiming.java
 *     64,1024 pass</pre>
 */
public final class ActivationLaneTiming {
    private static final int INPUTS = 784;
    private static final int UNITS = 256;
    private static final String SWITCH = "vecnn.loop.vector";

    private ActivationLaneTiming() {
    }

    /**
     * @param args the batches, comma-separated, then one or more backend names
     */
    public static void main(String[] args) {
        if (args.length > 1 && args[1].equals("pass")) {
            for (String batchText : args[0].split(",")) {
                passes(Integer.parseInt(batchText.trim()));
            }
            return;
        }
        for (String batchText : args[0].split(",")) {
            int batch = Integer.parseInt(batchText.trim());
            double naive = Double.NaN;
            StringBuilder lines = new StringBuilder();
            double[] laneTimes = new double[args.length];
            for (int a = 1; a < args.length; a++) {
                String name = args[a];
                boolean slow = name.equals("loop-naive");
                double[] t = time(name, batch, slow ? 1 : 11, slow);
                laneTimes[a] = t[0];
                if (slow) {
                    naive = t[0];
                    lines.append(String.format(Locale.ROOT, "batch %d %s: %.3f ms%n", batch, name, t[0]));
                } else {
                    lines.append(String.format(Locale.ROOT, "batch %d %s: lanes %.3f ms, scalar %.3f ms, "
                            + "scalar/lanes %.2f%n", batch, name, t[0], t[1], t[1] / t[0]));
                }
            }
            System.out.print(lines);
            if (!Double.isNaN(naive)) {
                for (int a = 1; a < args.length; a++) {
                    if (!args[a].equals("loop-naive")) {
                        System.out.printf(Locale.ROOT, "batch %d loop-naive / %s: %.1fx%n", batch, args[a],
                                naive / laneTimes[a]);
                    }
                }
            }
        }
    }

    private static void passes(int batch) {
        Random random = new Random(2);
        float[] z = new float[batch * UNITS];
        float[] bias = new float[UNITS];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 4);
        }
        for (int j = 0; j < UNITS; j++) {
            bias[j] = random.nextFloat() - 0.5f;
        }
        float[] out = new float[z.length];
        java.nio.FloatBuffer src = java.nio.ByteBuffer.allocateDirect(4 * z.length)
                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        src.put(0, z);
        java.nio.FloatBuffer dst = java.nio.ByteBuffer.allocateDirect(4 * z.length)
                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        Activation g = Activation.SIGMOID;
        Runnable[] variants = {
            () -> org.vecnn.simd.FloatActivationPass.biasApply(g, z, bias, out, 0, batch, UNITS),
            () -> org.vecnn.spi.FloatActivations.biasApply(g, z, bias, out, batch, UNITS),
            () -> org.vecnn.simd.FloatActivationPass.biasApply(g, src, bias, dst, 0, batch, UNITS),
            () -> org.vecnn.spi.FloatActivations.biasApply(g, src, bias, dst, 0, batch, UNITS),
        };
        String[] names = {"array lanes", "array api", "direct buffer lanes", "direct buffer api"};
        int calls = Math.max(1, 4_000_000 / z.length);
        double[][] ms = new double[variants.length][31];
        for (int r = -10; r < 31; r++) {
            for (int v = 0; v < variants.length; v++) {
                long start = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    variants[v].run();
                }
                if (r >= 0) {
                    ms[v][r] = (System.nanoTime() - start) / 1e6 / calls;
                }
            }
        }
        StringBuilder line = new StringBuilder("sigmoid pass " + batch + "x" + UNITS + ":");
        for (int v = 0; v < variants.length; v++) {
            Arrays.sort(ms[v]);
            line.append(String.format(Locale.ROOT, " %s %.4f ms;", names[v], ms[v][15]));
        }
        line.append(String.format(Locale.ROOT, " api/lanes: array %.2fx, buffer %.2fx",
                ms[1][15] / ms[0][15], ms[3][15] / ms[2][15]));
        System.out.println(line);
    }

    // {lanes ms, scalar ms}: medians of alternating rounds
    private static double[] time(String name, int batch, int rounds, boolean lanesOnly) {
        Random random = new Random(1);
        float[] x = new float[batch * INPUTS];
        float[] w = new float[INPUTS * UNITS];
        float[] b = new float[UNITS];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (random.nextFloat() * 2 - 1) / 28;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() - 0.5f;
        }
        try (Backend backend = Backends.get(name);
                Matrix input = backend.matrix(batch, INPUTS, x);
                Matrix out = backend.zeros(batch, UNITS, Precision.FLOAT32);
                DenseLayer layer = backend.dense(backend.matrix(INPUTS, UNITS, w), backend.matrix(1, UNITS, b),
                        Activation.SIGMOID)) {
            int calls = Math.max(1, (int) (200_000_000L / ((long) batch * INPUTS * UNITS)));
            if (lanesOnly) {
                calls = 1;
            }
            double[] lanes = new double[rounds];
            double[] scalar = new double[rounds];
            for (int warm = 0; warm < (lanesOnly ? 1 : 10); warm++) {
                round(layer, input, out, calls, "false");
                round(layer, input, out, calls, "true");
            }
            for (int r = 0; r < rounds; r++) {
                lanes[r] = round(layer, input, out, calls, "true");
                if (!lanesOnly) {
                    scalar[r] = round(layer, input, out, calls, "false");
                }
            }
            System.clearProperty(SWITCH);
            Arrays.sort(lanes);
            Arrays.sort(scalar);
            return new double[] {lanes[rounds / 2], scalar[rounds / 2]};
        }
    }

    private static double round(DenseLayer layer, Matrix input, Matrix out, int calls, String lanes) {
        System.setProperty(SWITCH, lanes);
        long start = System.nanoTime();
        for (int c = 0; c < calls; c++) {
            layer.forward(input, out);
        }
        out.get(0, 0);
        return (System.nanoTime() - start) / 1e6 / calls;
    }
}
