package org.vecnn.model;

import java.util.ArrayList;
import java.util.List;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * A backend that delegates to another, counting the matrices created from host data (uploads) and, when
 * asked, failing on the n-th upload; its layers report it as their backend, so that a network built on it
 * uploads its input batches through it too.
 */
final class CountingBackend implements Backend {
    private final Backend inner;
    private final int failOnUpload;
    final List<Matrix> created = new ArrayList<>();
    int uploads;

    CountingBackend(Backend inner, int failOnUpload) {
        this.inner = inner;
        this.failOnUpload = failOnUpload;
    }

    private Matrix upload(java.util.function.Supplier<Matrix> create) {
        uploads++;
        if (uploads == failOnUpload) {
            throw new IllegalStateException("upload " + uploads + " fails, as the test asked");
        }
        Matrix m = create.get();
        created.add(m);
        return m;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Matrix matrix(int rows, int cols, float[] rowMajor) {
        return upload(() -> inner.matrix(rows, cols, rowMajor));
    }

    @Override
    public Matrix matrix(int rows, int cols, double[] rowMajor) {
        return upload(() -> inner.matrix(rows, cols, rowMajor));
    }

    @Override
    public Matrix matrix(int rows, int cols, double[] rowMajor, Precision precision) {
        return upload(() -> inner.matrix(rows, cols, rowMajor, precision));
    }

    @Override
    public Matrix matrix(float[][] rows) {
        return upload(() -> inner.matrix(rows));
    }

    @Override
    public Matrix matrix(double[][] rows, Precision precision) {
        return upload(() -> inner.matrix(rows, precision));
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
        DenseLayer layer = inner.dense(weights, bias, activation);
        Backend self = this;
        return new DenseLayer() {
            @Override
            public int inputs() {
                return layer.inputs();
            }

            @Override
            public int units() {
                return layer.units();
            }

            @Override
            public Activation activation() {
                return layer.activation();
            }

            @Override
            public Matrix weights() {
                return layer.weights();
            }

            @Override
            public Matrix bias() {
                return layer.bias();
            }

            @Override
            public Backend backend() {
                return self;
            }

            @Override
            public Precision precision() {
                return layer.precision();
            }

            @Override
            public Matrix forward(Matrix input) {
                return layer.forward(input);
            }

            @Override
            public Matrix forward(Matrix input, Matrix out) {
                return layer.forward(input, out);
            }

            @Override
            public boolean isClosed() {
                return layer.isClosed();
            }

            @Override
            public void close() {
                layer.close();
            }
        };
    }

    @Override
    public boolean isClosed() {
        return inner.isClosed();
    }

    @Override
    public void close() {
        inner.close();
    }
}
