package org.vecnn.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.Matrix;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;
import org.vecnn.spi.ProbeResult;

/**
 * EJML called directly: {@code CommonOps_FDRM.mult}/{@code CommonOps_DDRM.mult} ({@code raw:ejml}), or their
 * concurrent variants {@code CommonOps_MT_*.mult} ({@code raw:ejml-mt}), on heap row-major matrices.
 */
final class EjmlRaw extends RawSubject<Matrix> {
    private final boolean concurrent;

    EjmlRaw(boolean concurrent) {
        super(concurrent ? "ejml-mt" : "ejml");
        this.concurrent = concurrent;
    }

    @Override
    ProbeResult load() {
        return ProbeResult.available("EJML " + org.ejml.EjmlVersion.VERSION + ", "
                + (concurrent ? "CommonOps_MT_FDRM/DDRM.mult (concurrent, "
                        + Runtime.getRuntime().availableProcessors() + " cores)"
                        : "CommonOps_FDRM/DDRM.mult (one thread)"));
    }

    @Override
    Matrix create(int rows, int cols, double[] data, Precision precision) {
        if (precision == Precision.FLOAT32) {
            return data == null ? new FMatrixRMaj(rows, cols)
                    : new FMatrixRMaj(rows, cols, true, WorkloadData.toFloat(data));
        }
        return data == null ? new DMatrixRMaj(rows, cols) : new DMatrixRMaj(rows, cols, true, data.clone());
    }

    @Override
    void gemm(Matrix a, Matrix b, Matrix c, int m, int k, int n, Precision precision) {
        if (precision == Precision.FLOAT32) {
            if (concurrent) {
                CommonOps_MT_FDRM.mult((FMatrixRMaj) a, (FMatrixRMaj) b, (FMatrixRMaj) c);
            } else {
                CommonOps_FDRM.mult((FMatrixRMaj) a, (FMatrixRMaj) b, (FMatrixRMaj) c);
            }
        } else if (concurrent) {
            CommonOps_MT_DDRM.mult((DMatrixRMaj) a, (DMatrixRMaj) b, (DMatrixRMaj) c);
        } else {
            CommonOps_DDRM.mult((DMatrixRMaj) a, (DMatrixRMaj) b, (DMatrixRMaj) c);
        }
    }

    @Override
    void biasActivate(Matrix z, int rows, int cols, Object bias, Activation g, Precision precision) {
        if (precision == Precision.FLOAT32) {
            float[] c = ((FMatrixRMaj) z).data;
            FloatActivations.biasApply(g, c, (float[]) bias, c, rows, cols);
        } else {
            double[] c = ((DMatrixRMaj) z).data;
            DoubleActivations.biasApply(g, c, (double[]) bias, c, rows, cols);
        }
    }

    @Override
    double[] read(Matrix m, int length, Precision precision) {
        double[] out = new double[length];
        if (precision == Precision.FLOAT32) {
            float[] f = ((FMatrixRMaj) m).data;
            for (int i = 0; i < length; i++) {
                out[i] = f[i];
            }
        } else {
            System.arraycopy(((DMatrixRMaj) m).data, 0, out, 0, length);
        }
        return out;
    }

    @Override
    void free(Matrix m) {
    }
}
