package org.vecnn.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractMatrix;

/**
 * A matrix of the {@code nd4j} backend: an off-heap {@link INDArray} in 'c' order, freed by {@link #close()}.
 */
public final class Nd4jMatrix extends AbstractMatrix {
    /**
     * Products of at most this many multiply-adds are computed in Java rather than by OpenBLAS: the two take
     * about as long at 4&times;4&middot;4&times;4 (docs/benchmarks.md, "Holding operands while closing").
     */
    static final long TINY_PRODUCT = 64;

    /**
     * Matrices of at most this many elements (256 or 512 bytes) are used by calls without a hold (see
     * {@link AbstractMatrix}): a fence per call is measurable on their calls, and the free of one that another
     * thread closes while it may be in use is left to the garbage collector.
     */
    static final int USED_WITHOUT_HOLD_UP_TO = 64;

    private final INDArray array;
    // Views of the array's memory: a BLAS pointer and an NIO buffer. Valid until close(); every use is
    // behind AbstractMatrix's open checks.
    private final FloatPointer fp;
    private final DoublePointer dp;
    private final FloatBuffer f;
    private final DoubleBuffer d;

    Nd4jMatrix(Nd4jBackend owner, INDArray array) {
        super(owner, (int) array.rows(), (int) array.columns(),
                array.dataType() == DataType.DOUBLE ? Precision.FLOAT64 : Precision.FLOAT32,
                array.length() <= USED_WITHOUT_HOLD_UP_TO ? array::close : null);
        this.array = array;
        if (array.dataType() == DataType.DOUBLE) {
            dp = new DoublePointer(array.data().addressPointer());
            d = array.data().asNioDouble();
            fp = null;
            f = null;
        } else {
            fp = new FloatPointer(array.data().addressPointer());
            f = array.data().asNioFloat();
            dp = null;
            d = null;
        }
    }

    /**
     * The ND4J array behind this matrix, shared, not copied: writing into it changes this matrix. Do not
     * close it; close the matrix.
     *
     * @return the array, 'c' order, rows()&times;cols()
     * @throws IllegalStateException when this matrix is closed
     */
    public INDArray ndArray() {
        checkOpen("ndArray");
        return array;
    }

    FloatBuffer floats() {
        return f;
    }

    DoubleBuffer doubles() {
        return d;
    }

    @Override
    protected double element(int row, int col) {
        int i = row * cols() + col;
        return f != null ? f.get(i) : d.get(i);
    }

    @Override
    protected float[] readFloats() {
        float[] out = new float[rows() * cols()];
        if (f != null) {
            f.get(0, out);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) d.get(i);
            }
        }
        return out;
    }

    @Override
    protected double[] readDoubles() {
        double[] out = new double[rows() * cols()];
        if (d != null) {
            d.get(0, out);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = f.get(i);
            }
        }
        return out;
    }

    @Override
    protected void matmulInto(Matrix b, Matrix out) {
        gemm(this, (Nd4jMatrix) b, (Nd4jMatrix) out);
    }

    /** c = a&middot;b with the BLAS nd4j-native links; c is neither a nor b and need not be initialised. */
    static void gemm(Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix c) {
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        if ((long) m * k * n <= TINY_PRODUCT) {
            tinyGemm(a, b, c, m, k, n);
        } else if (a.f != null) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, m, n, k, 1f, a.fp, k, b.fp, n, 0f, c.fp, n);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, m, n, k, 1.0, a.dp, k, b.dp, n, 0.0, c.dp, n);
        }
    }

    // c = a·b in Java over the buffers, each element summed in increasing p: for the few multiply-adds of a tiny
    // product the call into OpenBLAS (JNI, and a mutex its buffer allocator takes on every call) costs more than
    // the arithmetic.
    private static void tinyGemm(Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix c, int m, int k, int n) {
        if (a.f != null) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a.f.get(i * k + p) * b.f.get(p * n + j);
                    }
                    c.f.put(i * n + j, s);
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.d.get(i * k + p) * b.d.get(p * n + j);
                }
                c.d.put(i * n + j, s);
            }
        }
    }

    @Override
    protected void addRowVectorInto(Matrix row, Matrix out) {
        Nd4jKernels.apply(Activation.LINEAR, this, (Nd4jMatrix) row, (Nd4jMatrix) out);
    }

    @Override
    protected void applyInto(Activation activation, Matrix out) {
        Nd4jKernels.apply(activation, this, null, (Nd4jMatrix) out);
    }

    @Override
    protected void transposeInto(Matrix out) {
        Nd4jMatrix o = (Nd4jMatrix) out;
        int m = rows();
        int n = cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (f != null) {
                    o.f.put(j * m + i, f.get(i * n + j));
                } else {
                    o.d.put(j * m + i, d.get(i * n + j));
                }
            }
        }
    }

    @Override
    protected void release() {
        array.close();
    }
}
