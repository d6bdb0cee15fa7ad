package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The operands of a workload, row-major, generated from a fixed seed so that every subject and every run
 * computes on the same numbers. The seed workload uses the lecture's own numbers.
 */
public final class WorkloadData {
    /** The seed of every random operand. */
    public static final long SEED = 0x5EEDL;

    private final double[] left;
    private final double[] right;
    private final double[] input;
    private final List<double[]> weights;
    private final List<double[]> biases;
    private final int[] labels;

    private WorkloadData(double[] left, double[] right, double[] input, List<double[]> weights,
            List<double[]> biases, int[] labels) {
        this.left = left;
        this.right = right;
        this.input = input;
        this.weights = weights;
        this.biases = biases;
        this.labels = labels;
    }

    /**
     * @param workload the workload
     * @return its operands
     */
    public static WorkloadData of(Workload workload) {
        SplittableRandom random = new SplittableRandom(SEED ^ workload.id().hashCode());
        switch (workload.kind()) {
            case GEMM: {
                int n = workload.size();
                return new WorkloadData(uniform(random, n * n, 1), uniform(random, n * n, 1), null, List.of(),
                        List.of(), null);
            }
            case SEED:
                return new WorkloadData(null, null, new double[] {200, 17},
                        List.of(new double[] {1, -3, 5, -2, 4, -6}), List.of(new double[] {-1, 1, 2}), null);
            default: {
                List<double[]> w = new ArrayList<>();
                List<double[]> b = new ArrayList<>();
                for (Workload.Layer layer : workload.layers()) {
                    // Weights of scale 1/sqrt(inputs) keep every layer's pre-activations of order 1.
                    w.add(uniform(random, layer.inputs() * layer.units(), 1 / Math.sqrt(layer.inputs())));
                    b.add(uniform(random, layer.units(), 0.1));
                }
                int inputs = workload.layers().get(0).inputs();
                double[] x = uniform(random, workload.batch() * inputs, 1);
                int[] labels = null;
                if (workload.kind() == Workload.Kind.TRAIN) {
                    int classes = workload.layers().get(workload.layers().size() - 1).units();
                    labels = new int[workload.batch()];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = random.nextInt(classes);
                    }
                }
                return new WorkloadData(null, null, x, List.copyOf(w), List.copyOf(b), labels);
            }
        }
    }

    private static double[] uniform(SplittableRandom random, int length, double scale) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = scale * (2 * random.nextDouble() - 1);
        }
        return x;
    }

    /** @return A of a GEMM workload, n&times;n row-major */
    public double[] left() {
        return left;
    }

    /** @return B of a GEMM workload, n&times;n row-major */
    public double[] right() {
        return right;
    }

    /** @return the input of a layer workload, batch&times;inputs row-major */
    public double[] input() {
        return input;
    }

    /** @return W of each layer, inputs&times;units row-major */
    public List<double[]> weights() {
        return weights;
    }

    /** @return B of each layer, 1&times;units */
    public List<double[]> biases() {
        return biases;
    }

    /** @return the class of each row of a training workload's batch, in [0, units of the last layer); else null */
    public int[] labels() {
        return labels;
    }

    /**
     * @param x doubles
     * @return x rounded to float, element by element
     */
    public static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
