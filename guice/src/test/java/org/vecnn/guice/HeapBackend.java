package org.vecnn.guice;

import java.util.concurrent.atomic.AtomicInteger;
import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.AbstractMatrix;
import org.vecnn.spi.ArrayActivations;

/** A small heap backend on the SPI base classes; FLOAT32 elements are rounded to float on every store. */
final class HeapBackend extends AbstractBackend {
    private final AtomicInteger live = new AtomicInteger();

    HeapBackend(String name) {
        super(name, true);
    }

    /** @return matrices created and not yet closed */
    int liveMatrices() {
        return live.get();
    }

    @Override
    protected Matrix wrap(int rows, int cols, float[] data) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return new HeapMatrix(rows, cols, Precision.FLOAT32, d);
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        return new HeapMatrix(rows, cols, Precision.FLOAT64, data);
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        return new HeapMatrix(rows, cols, precision, new double[rows * cols]);
    }

    private final class HeapMatrix extends AbstractMatrix {
        private final double[] data;

        HeapMatrix(int rows, int cols, Precision precision, double[] data) {
            super(HeapBackend.this, rows, cols, precision);
            this.data = data;
            live.incrementAndGet();
        }

        private void store(int i, double v) {
            data[i] = precision() == Precision.FLOAT32 ? (float) v : v;
        }

        @Override
        protected double element(int row, int col) {
            return data[row * cols() + col];
        }

        @Override
        protected float[] readFloats() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return f;
        }

        @Override
        protected double[] readDoubles() {
            return data.clone();
        }

        @Override
        protected void matmulInto(Matrix b, Matrix out) {
            double[] bd = ((HeapMatrix) b).data;
            HeapMatrix o = (HeapMatrix) out;
            int k = cols();
            int n = b.cols();
            for (int i = 0; i < rows(); i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += data[i * k + p] * bd[p * n + j];
                    }
                    o.store(i * n + j, s);
                }
            }
        }

        @Override
        protected void addRowVectorInto(Matrix row, Matrix out) {
            double[] v = ((HeapMatrix) row).data;
            HeapMatrix o = (HeapMatrix) out;
            for (int i = 0; i < data.length; i++) {
                o.store(i, data[i] + v[i % cols()]);
            }
        }

        @Override
        protected void applyInto(Activation activation, Matrix out) {
            HeapMatrix o = (HeapMatrix) out;
            ArrayActivations.apply(activation, data, o.data, rows(), cols());
            for (int i = 0; i < o.data.length; i++) {
                o.store(i, o.data[i]);
            }
        }

        @Override
        protected void transposeInto(Matrix out) {
            HeapMatrix o = (HeapMatrix) out;
            for (int i = 0; i < rows(); i++) {
                for (int j = 0; j < cols(); j++) {
                    o.data[j * rows() + i] = data[i * cols() + j];
                }
            }
        }

        @Override
        protected void release() {
            live.decrementAndGet();
        }
    }
}
