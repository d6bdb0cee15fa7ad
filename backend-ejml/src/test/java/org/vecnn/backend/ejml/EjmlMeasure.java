package org.vecnn.backend.ejml;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * Indicative figures for docs/ejml-backend.md (not a test; the bench module measures with JMH). Run:
 * {@code mvn -q -o -f backend-ejml test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.vecnn.backend.ejml.EjmlMeasure -Dexec.args="64 128 256 1024"} (or "seed").
 */
public final class EjmlMeasure {
    private EjmlMeasure() {
    }

    interface Op {
        void run();
    }

    static double nsPerCall(Op op, int reps) {
        for (int i = 0; i < reps; i++) {
            op.run();
        }
        double[] r = new double[7];
        for (int t = 0; t < r.length; t++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                op.run();
            }
            r[t] = (System.nanoTime() - t0) / (double) reps;
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("seed")) {
            try (Backend b = new EjmlBackend()) {
                DenseLayer l = b.dense(b.matrix(new float[][] {{1, -3, 5}, {-2, 4, -6}}),
                        b.matrix(new float[][] {{-1, 1, 2}}), Activation.SIGMOID);
                Matrix x = b.matrix(new float[][] {{200, 17}});
                Matrix out = b.zeros(1, 3, Precision.FLOAT32);
                System.out.printf("ejml seed forward(x, out) %.0f ns, forward(x) + close %.0f ns%n",
                        nsPerCall(() -> l.forward(x, out), 200_000), nsPerCall(() -> l.forward(x).close(), 200_000));
            }
            FMatrixRMaj x = new FMatrixRMaj(1, 2, true, 200, 17);
            FMatrixRMaj w = new FMatrixRMaj(2, 3, true, 1, -3, 5, -2, 4, -6);
            FMatrixRMaj c = new FMatrixRMaj(1, 3);
            float[] bias = {-1, 1, 2};
            System.out.printf("EJML direct: CommonOps_FDRM.mult + bias + sigmoid loop %.0f ns%n", nsPerCall(() -> {
                CommonOps_FDRM.mult(x, w, c);
                for (int j = 0; j < 3; j++) {
                    c.data[j] = (float) Activation.SIGMOID.apply(c.data[j] + bias[j]);
                }
            }, 200_000));
            return;
        }
        Random random = new Random(1);
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            double flops = 2.0 * n * n * n;
            int reps = (int) Math.max(2, 4e8 / flops);
            float[] data = new float[n * n];
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextFloat() - 0.5f;
            }
            FMatrixRMaj a = FMatrixRMaj.wrap(n, n, data.clone());
            FMatrixRMaj c = new FMatrixRMaj(n, n);
            double single = flops / nsPerCall(() -> CommonOps_FDRM.mult(a, a, c), reps);
            double mt = flops / nsPerCall(() -> CommonOps_MT_FDRM.mult(a, a, c), reps);
            try (Backend b = new EjmlBackend()) {
                Matrix m = b.matrix(n, n, data);
                Matrix out = b.zeros(n, n, Precision.FLOAT32);
                double backend = flops / nsPerCall(() -> m.matmul(m, out), reps);
                System.out.printf("n=%d EJML direct single %.2f GFLOPS, MT %.2f GFLOPS (MT/single %.2f);"
                        + " backend matmul %.2f GFLOPS (%.0f%% of the faster direct call)%n", n, single, mt,
                        mt / single, backend, 100 * backend / Math.max(single, mt));
            }
        }
    }
}
