package org.vecnn.conformance;

import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * A backend written against the api directly (not the SPI base classes, whose factories always copy) whose
 * 2-D factories keep the caller's rows instead of copying them: a matrix made from rows reads them live.
 * Everything else is a correct {@link FaultyBackend}'s.
 */
final class RowAliasingBackend implements Backend {
    private final Backend inner = new FaultyBackend("aliasing", FaultyBackend.Fault.NONE);

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Matrix matrix(int rows, int cols, float[] rowMajor) {
        return inner.matrix(rows, cols, rowMajor);
    }

    @Override
    public Matrix matrix(int rows, int cols, double[] rowMajor) {
        return inner.matrix(rows, cols, rowMajor);
    }

    @Override
    public Matrix matrix(int rows, int cols, double[] rowMajor, Precision precision) {
        return inner.matrix(rows, cols, rowMajor, precision);
    }

    @Override
    public Matrix matrix(float[][] rows) {
        return new Rows(this, rows, null, Precision.FLOAT32);
    }

    @Override
    public Matrix matrix(double[][] rows, Precision precision) {
        return new Rows(this, null, rows, precision);
    }

    @Override
    public Matrix zeros(int rows, int cols, Precision precision) {
        return inner.zeros(rows, cols, precision);
    }

    @Override
    public Matrix copyOf(Matrix source) {
        return inner.copyOf(source);
    }

    @Override
    public DenseLayer dense(Matrix weights, Matrix bias, Activation activation) {
        return inner.dense(weights, bias, activation);
    }

    @Override
    public boolean isClosed() {
        return inner.isClosed();
    }

    @Override
    public void close() {
        inner.close();
    }

    /** A view of the caller's rows: the fault. Only reading is supported. */
    private static final class Rows implements Matrix {
        private final Backend owner;
        private final float[][] f;
        private final double[][] d;
        private final Precision precision;
        private boolean closed;

        Rows(Backend owner, float[][] f, double[][] d, Precision precision) {
            this.owner = owner;
            this.f = f;
            this.d = d;
            this.precision = precision;
        }

        @Override
        public int rows() {
            return f != null ? f.length : d.length;
        }

        @Override
        public int cols() {
            return f != null ? f[0].length : d[0].length;
        }

        @Override
        public Precision precision() {
            return precision;
        }

        @Override
        public Backend backend() {
            return owner;
        }

        @Override
        public double get(int row, int col) {
            double v = f != null ? f[row][col] : d[row][col];
            return precision == Precision.FLOAT32 ? (float) v : v;
        }

        @Override
        public float[] toFloatArray() {
            float[] out = new float[rows() * cols()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) get(i / cols(), i % cols());
            }
            return out;
        }

        @Override
        public double[] toDoubleArray() {
            double[] out = new double[rows() * cols()];
            for (int i = 0; i < out.length; i++) {
                out[i] = get(i / cols(), i % cols());
            }
            return out;
        }

        @Override
        public Matrix matmul(Matrix b) {
            throw new UnsupportedOperationException("matmul");
        }

        @Override
        public Matrix matmul(Matrix b, Matrix out) {
            throw new UnsupportedOperationException("matmul");
        }

        @Override
        public Matrix addRowVector(Matrix row) {
            throw new UnsupportedOperationException("addRowVector");
        }

        @Override
        public Matrix addRowVector(Matrix row, Matrix out) {
            throw new UnsupportedOperationException("addRowVector");
        }

        @Override
        public Matrix apply(Activation activation) {
            throw new UnsupportedOperationException("apply");
        }

        @Override
        public Matrix apply(Activation activation, Matrix out) {
            throw new UnsupportedOperationException("apply");
        }

        @Override
        public Matrix transpose() {
            throw new UnsupportedOperationException("transpose");
        }

        @Override
        public Matrix toPrecision(Precision target) {
            throw new UnsupportedOperationException("toPrecision");
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
