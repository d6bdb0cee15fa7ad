package org.vecnn.backend.cuda;

import jcuda.driver.CUdeviceptr;
import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractMatrix;

/**
 * A matrix in GPU memory, row-major. Its elements cross to the host only in {@code get}, {@code toFloatArray}
 * and {@code toDoubleArray}; every operation runs on the GPU and leaves its result there.
 */
final class CudaMatrix extends AbstractMatrix {
    private final CudaBackend owner;
    private final DeviceBuffer buffer;

    CudaMatrix(CudaBackend owner, int rows, int cols, Precision precision, DeviceBuffer buffer) {
        super(owner, rows, cols, precision);
        this.owner = owner;
        this.buffer = buffer;
        buffer.watch(this);
    }

    CUdeviceptr pointer() {
        return buffer.pointer();
    }

    long bytes() {
        return (long) rows() * cols() * precision().bytes();
    }

    @Override
    protected double element(int row, int col) {
        long index = (long) row * cols() + col;
        return owner.context().call("get", () -> {
            if (precision() == Precision.FLOAT32) {
                float[] value = new float[1];
                owner.context().download(value, pointer(), index, "get");
                return (double) value[0];
            }
            double[] value = new double[1];
            owner.context().download(value, pointer(), index, "get");
            return value[0];
        });
    }

    @Override
    protected float[] readFloats() {
        if (precision() == Precision.FLOAT32) {
            float[] data = new float[rows() * cols()];
            owner.context().run("toFloatArray", () -> owner.context().download(data, pointer(), 0, "toFloatArray"));
            return data;
        }
        double[] wide = readDoubles();
        float[] data = new float[wide.length];
        for (int i = 0; i < wide.length; i++) {
            data[i] = (float) wide[i];
        }
        return data;
    }

    @Override
    protected double[] readDoubles() {
        if (precision() == Precision.FLOAT64) {
            double[] data = new double[rows() * cols()];
            owner.context().run("toDoubleArray", () -> owner.context().download(data, pointer(), 0,
                    "toDoubleArray"));
            return data;
        }
        float[] narrow = readFloats();
        double[] data = new double[narrow.length];
        for (int i = 0; i < narrow.length; i++) {
            data[i] = narrow[i];
        }
        return data;
    }

    @Override
    protected void matmulInto(Matrix b, Matrix out) {
        owner.context().run("matmul", () -> owner.kernels().dense("matmul", this, (CudaMatrix) b, null,
                (CudaMatrix) out, Activation.LINEAR));
    }

    @Override
    protected void addRowVectorInto(Matrix row, Matrix out) {
        owner.context().run("addRowVector", () -> owner.kernels().biasActivation("addRowVector", this,
                (CudaMatrix) row, (CudaMatrix) out, Activation.LINEAR));
    }

    @Override
    protected void applyInto(Activation activation, Matrix out) {
        owner.context().run("apply", () -> {
            if (activation.isRowWise()) {
                owner.kernels().rowWise("apply", activation, this, (CudaMatrix) out);
            } else {
                owner.kernels().biasActivation("apply", this, null, (CudaMatrix) out, activation);
            }
        });
    }

    @Override
    protected void transposeInto(Matrix out) {
        owner.context().run("transpose", () -> owner.kernels().transpose("transpose", this, (CudaMatrix) out));
    }

    @Override
    protected Matrix convert(Precision target) {
        CudaMatrix out = owner.allocateMatrix(rows(), cols(), target, false, "toPrecision");
        try {
            owner.context().run("toPrecision", () -> {
                if (target == precision()) {
                    owner.kernels().copy("toPrecision", this, out);
                } else {
                    owner.kernels().convert("toPrecision", this, out);
                }
            });
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /** @return a device-side copy on the same backend */
    CudaMatrix copy(String operation) {
        CudaMatrix out = owner.allocateMatrix(rows(), cols(), precision(), false, operation);
        try {
            owner.context().run(operation, () -> owner.kernels().copy(operation, this, out));
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    @Override
    protected void release() {
        buffer.release();
    }
}
