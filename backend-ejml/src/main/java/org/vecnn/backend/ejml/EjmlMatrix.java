package org.vecnn.backend.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.simd.DoubleActivationPass;
import org.vecnn.simd.FloatActivationPass;
import org.vecnn.spi.AbstractMatrix;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;

/**
 * A matrix of the {@code ejml} backend: an {@link FMatrixRMaj} (FLOAT32) or a {@link DMatrixRMaj} (FLOAT64)
 * whose row-major array is the matrix's storage.
 */
public final class EjmlMatrix extends AbstractMatrix {
    private final EjmlBackend owner;
    // Exactly one is non-null. Kept after close: a product on another thread may still be reading it (a heap
    // backend takes no holds, see AbstractBackend); the garbage collector frees it with the matrix.
    private final FMatrixRMaj f;
    private final DMatrixRMaj d;

    EjmlMatrix(EjmlBackend owner, FMatrixRMaj f) {
        super(owner, f.numRows, f.numCols, Precision.FLOAT32);
        this.owner = owner;
        this.f = f;
        this.d = null;
    }

    EjmlMatrix(EjmlBackend owner, DMatrixRMaj d) {
        super(owner, d.numRows, d.numCols, Precision.FLOAT64);
        this.owner = owner;
        this.f = null;
        this.d = d;
    }

    /**
     * The FLOAT32 storage, shared, not copied: writing into it changes this matrix.
     *
     * @return the wrapped EJML matrix
     * @throws IllegalStateException when this matrix is FLOAT64 or closed
     */
    public FMatrixRMaj ejmlFloat() {
        checkOpen("ejmlFloat");
        if (f == null) {
            throw new IllegalStateException("ejmlFloat: matrix " + rows() + "×" + cols() + " is "
                    + precision() + "; use ejmlDouble()");
        }
        return f;
    }

    /**
     * The FLOAT64 storage, shared, not copied: writing into it changes this matrix.
     *
     * @return the wrapped EJML matrix
     * @throws IllegalStateException when this matrix is FLOAT32 or closed
     */
    public DMatrixRMaj ejmlDouble() {
        checkOpen("ejmlDouble");
        if (d == null) {
            throw new IllegalStateException("ejmlDouble: matrix " + rows() + "×" + cols() + " is "
                    + precision() + "; use ejmlFloat()");
        }
        return d;
    }

    FMatrixRMaj f() {
        return f;
    }

    DMatrixRMaj d() {
        return d;
    }

    @Override
    protected double element(int row, int col) {
        int i = row * cols() + col;
        return f != null ? f.data[i] : d.data[i];
    }

    @Override
    protected float[] readFloats() {
        if (f != null) {
            return f.data.clone();
        }
        double[] src = d.data;
        float[] out = new float[rows() * cols()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) src[i];
        }
        return out;
    }

    @Override
    protected double[] readDoubles() {
        if (d != null) {
            return d.data.clone();
        }
        float[] src = f.data;
        double[] out = new double[rows() * cols()];
        for (int i = 0; i < out.length; i++) {
            out[i] = src[i];
        }
        return out;
    }

    @Override
    protected void matmulInto(Matrix b, Matrix out) {
        EjmlMatrix bb = (EjmlMatrix) b;
        EjmlMatrix o = (EjmlMatrix) out;
        if (f != null) {
            owner.mult(f, bb.f, o.f);
        } else {
            owner.mult(d, bb.d, o.d);
        }
    }

    @Override
    protected void addRowVectorInto(Matrix row, Matrix out) {
        EjmlMatrix v = (EjmlMatrix) row;
        EjmlMatrix o = (EjmlMatrix) out;
        if (f != null) {
            FloatActivations.biasApply(Activation.LINEAR, f.data, v.f.data, o.f.data, rows(), cols());
        } else {
            DoubleActivations.biasApply(Activation.LINEAR, d.data, v.d.data, o.d.data, rows(), cols());
        }
    }

    @Override
    protected void applyInto(Activation activation, Matrix out) {
        EjmlMatrix o = (EjmlMatrix) out;
        if (f != null) {
            FloatActivationPass.biasApply(activation, f.data, null, o.f.data, 0, rows(), cols());
        } else {
            DoubleActivationPass.biasApply(activation, d.data, null, o.d.data, 0, rows(), cols());
        }
    }

    @Override
    protected void transposeInto(Matrix out) {
        EjmlMatrix o = (EjmlMatrix) out;
        if (f != null) {
            CommonOps_FDRM.transpose(f, o.f);
        } else {
            CommonOps_DDRM.transpose(d, o.d);
        }
    }

    @Override
    protected void release() {
        // heap memory: nothing to free while a product may still read it
    }
}
