package org.vecnn.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

/**
 * ND4J called directly along its fastest path: {@code Nd4j.gemm} into a preallocated 'c'-order result
 * (not {@code INDArray.mmul}, which allocates and is several times slower on large products), then
 * {@code addiRowVector} and the in-place activation. The baseline of {@code nd4j}'s per-call overhead.
 */
final class Nd4jRaw extends RawSubject<INDArray> {

    Nd4jRaw() {
        super("nd4j");
    }

    @Override
    ProbeResult load() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        return ProbeResult.available("ND4J " + Versions.of("org.nd4j", "nd4j-native") + " (" + backend
                + "), Nd4j.gemm into a preallocated result, " + Nd4j.getEnvironment().maxThreads()
                + " OpenMP threads");
    }

    @Override
    String hint() {
        return "the org.nd4j:nd4j-native linux-x86_64 natives must be on the class path";
    }

    @Override
    INDArray create(int rows, int cols, double[] data, Precision precision) {
        long[] shape = {rows, cols};
        if (precision == Precision.FLOAT32) {
            return Nd4j.create(data == null ? new float[rows * cols] : WorkloadData.toFloat(data), shape, 'c');
        }
        return Nd4j.create(data == null ? new double[rows * cols] : data, shape, 'c');
    }

    @Override
    void gemm(INDArray a, INDArray b, INDArray c, int m, int k, int n, Precision precision) {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }

    @Override
    Object bias(double[] bias, Precision precision) {
        return create(1, bias.length, bias, precision);
    }

    @Override
    void freeBias(Object bias) {
        ((INDArray) bias).close();
    }

    @Override
    void biasActivate(INDArray z, int rows, int cols, Object bias, Activation g, Precision precision) {
        z.addiRowVector((INDArray) bias);
        switch (g.kind()) {
            case SIGMOID:
                Transforms.sigmoid(z, false);
                break;
            case RELU:
                Transforms.relu(z, false);
                break;
            case TANH:
                Transforms.tanh(z, false);
                break;
            case LEAKY_RELU:
                Transforms.leakyRelu(z, g.alpha(), false);
                break;
            case SOFTMAX:
                Transforms.softmax(z, false);
                break;
            case LINEAR:
                break;
            default:
                throw new UnsupportedOperationException("raw:nd4j: " + g.label() + " is not an activation of the "
                        + "bench's workloads (linear, sigmoid, relu, leaky_relu, tanh, softmax)");
        }
    }

    @Override
    double[] read(INDArray m, int length, Precision precision) {
        double[][] rows = m.toDoubleMatrix();
        double[] out = new double[length];
        int cols = rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * cols, cols);
        }
        return out;
    }

    @Override
    void free(INDArray m) {
        m.close();
    }
}
