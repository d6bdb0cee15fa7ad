package org.vecnn.backend.nd4j;

import org.vecnn.*;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.ops.transforms.Transforms;
import java.util.*;

/**
 * Indicative figures for docs/nd4j-backend.md (not a test; the bench module measures with JMH). Run:
 * {@code mvn -q -o -f backend-nd4j test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.vecnn.backend.nd4j.Nd4jMeasure -Dexec.args="gemm 1024"} (args: seed | gemm N | startup).
 */
public final class Nd4jMeasure {
    private Nd4jMeasure() {
    }

    interface Op { void run(); }

    static long rss() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
    static double median(double[] x) { double[] c = x.clone(); Arrays.sort(c); return c[c.length/2]; }
    static double nsPerCall(Op op, int reps) {
        for (int i = 0; i < reps; i++) op.run();
        double[] r = new double[7];
        for (int t = 0; t < r.length; t++) { long t0 = System.nanoTime(); for (int i = 0; i < reps; i++) op.run(); r[t] = (System.nanoTime() - t0) / (double) reps; }
        return median(r);
    }
    public static void main(String[] args) {
        // args: seed | gemm N | startup
        String what = args[0];
        if (what.equals("startup")) {
            long r0 = rss();
            long t0 = System.nanoTime();
            org.vecnn.spi.ProbeResult p = new Nd4jBackendProvider().probe();
            long t1 = System.nanoTime();
            long r1 = rss();
            try (Backend b = new Nd4jBackendProvider().create()) {
                DenseLayer l = b.dense(b.matrix(new float[][]{{1, -3, 5}, {-2, 4, -6}}), b.matrix(new float[][]{{-1, 1, 2}}), Activation.SIGMOID);
                float[] out = l.forward(b.matrix(new float[][]{{200, 17}})).toFloatArray();
                long t2 = System.nanoTime();
                System.out.printf("probe %d ms (RSS %d -> %d MiB), first seed result %s after %d ms, RSS %d MiB; %s%n",
                        (t1 - t0) / 1_000_000, r0, r1, Arrays.toString(out), (t2 - t0) / 1_000_000, rss(), p.reason());
            }
            return;
        }
        Random rnd = new Random(1);
        if (what.equals("seed")) {
            try (Backend bn = new Nd4jBackend()) {
                for (Backend b : new Backend[]{bn}) {
                    DenseLayer l = b.dense(b.matrix(new float[][]{{1,-3,5},{-2,4,-6}}), b.matrix(new float[][]{{-1,1,2}}), Activation.SIGMOID);
                    Matrix x = b.matrix(new float[][]{{200,17}});
                    Matrix out = b.zeros(1, 3, Precision.FLOAT32);
                    double into = nsPerCall(() -> l.forward(x, out), 200000);
                    double alloc = nsPerCall(() -> l.forward(x).close(), 200000);
                    System.out.printf("%s seed forward(x,out) %.0f ns, forward(x)+close %.0f ns%n", b.name(), into, alloc);
                }
            }
            float[] bias = {-1, 1, 2};
            INDArray a = Nd4j.create(new float[]{200, 17}, new long[]{1, 2}, 'c');
            INDArray ww = Nd4j.create(new float[]{1,-3,5,-2,4,-6}, new long[]{2, 3}, 'c');
            INDArray bb = Nd4j.create(new float[]{-1,1,2}, new long[]{1, 3}, 'c');
            INDArray o = Nd4j.createUninitialized(DataType.FLOAT, new long[]{1,3}, 'c');
            System.out.printf("nd4j direct Nd4j.gemm+addiRowVector+sigmoid (preallocated) %.0f ns%n", nsPerCall(() -> { Nd4j.gemm(a, ww, o, false, false, 1.0, 0.0); o.addiRowVector(bb); Transforms.sigmoid(o, false); }, 20000));
            System.out.printf("nd4j direct Nd4j.gemm only (preallocated) %.0f ns%n", nsPerCall(() -> Nd4j.gemm(a, ww, o, false, false, 1.0, 0.0), 20000));
            org.bytedeco.javacpp.FloatPointer pa = new org.bytedeco.javacpp.FloatPointer(a.data().addressPointer()), pw = new org.bytedeco.javacpp.FloatPointer(ww.data().addressPointer()), po = new org.bytedeco.javacpp.FloatPointer(o.data().addressPointer());
            java.nio.FloatBuffer ob = o.data().asNioFloat();
            System.out.printf("nd4j direct cblas_sgemm + Java bias/sigmoid on its memory %.0f ns%n", nsPerCall(() -> { org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm(101, 111, 111, 1, 3, 2, 1f, pa, 2, pw, 3, 0f, po, 3); for (int j = 0; j < 3; j++) ob.put(j, (float) Activation.SIGMOID.apply(ob.get(j) + bias[j])); }, 200000));
            return;
        }
        int n = Integer.parseInt(args[1]);
        double flops = 2.0 * n * n * n;
        int reps = (int) Math.max(2, 4e8 / flops);
        float[] av = new float[n*n]; for (int i = 0; i < av.length; i++) av[i] = rnd.nextFloat() - 0.5f;
            try (Backend b = new Nd4jBackend()) {
                Matrix m = b.matrix(n, n, av), out = b.zeros(n, n, Precision.FLOAT32);
                INDArray a = ((Nd4jMatrix) m).ndArray(), c = Nd4j.createUninitialized(DataType.FLOAT, new long[]{n, n}, 'c');
                double raw = flops / nsPerCall(() -> Nd4j.gemm(a, a, c, false, false, 1.0, 0.0), reps);
                double be = flops / nsPerCall(() -> m.matmul(m, out), reps);
                double mmul = flops / nsPerCall(() -> a.mmul(a).close(), reps);
                DenseLayer l = b.dense(b.copyOf(m), b.zeros(1, n, Precision.FLOAT32), Activation.RELU);
                double dense = flops / nsPerCall(() -> l.forward(m, out), reps);
                DenseLayer ls = b.dense(b.copyOf(m), b.zeros(1, n, Precision.FLOAT32), Activation.SIGMOID);
                double denseS = flops / nsPerCall(() -> ls.forward(m, out), reps);
                System.out.printf("n=%d Nd4j.gemm preallocated %.2f GFLOPS; backend matmul(b,out) %.2f (%.0f%%); INDArray.mmul %.2f (%.0f%%); dense relu %.2f, dense sigmoid %.2f GFLOPS%n", n, raw, be, 100 * be / raw, mmul, 100 * mmul / raw, dense, denseS);
            }
    }
}
