package org.vecnn.conformance;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.AbstractMatrix;

/**
 * "Another backend" for the checks on mixing backends and on copying between them: it only holds data
 * (in double, rounded to the matrix's precision); it computes nothing.
 */
final class ForeignBackend extends AbstractBackend {
    static final String NAME = "conformance-foreign";

    ForeignBackend() {
        super(NAME, false);
    }

    @Override
    protected Matrix wrap(int rows, int cols, float[] data) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return new Held(this, rows, cols, Precision.FLOAT32, d);
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        return new Held(this, rows, cols, Precision.FLOAT64, data);
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        return new Held(this, rows, cols, precision, new double[rows * cols]);
    }

    private static final class Held extends AbstractMatrix {
        private final double[] data;

        Held(ForeignBackend backend, int rows, int cols, Precision precision, double[] data) {
            super(backend, rows, cols, precision);
            this.data = data;
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
            throw unsupported();
        }

        @Override
        protected void addRowVectorInto(Matrix row, Matrix out) {
            throw unsupported();
        }

        @Override
        protected void applyInto(Activation activation, Matrix out) {
            throw unsupported();
        }

        @Override
        protected void transposeInto(Matrix out) {
            throw unsupported();
        }

        @Override
        protected void release() {
        }

        private static UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException(NAME + " only holds data for the kit's checks");
        }
    }
}
