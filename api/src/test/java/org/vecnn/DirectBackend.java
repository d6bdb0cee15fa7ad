package org.vecnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.AbstractMatrix;
import org.vecnn.spi.ArrayActivations;

/**
 * A test backend whose matrices live in native memory ({@link ByteBuffer#allocateDirect}) and that counts
 * what is still allocated, as a backend over a C library or a device would.
 */
final class DirectBackend extends AbstractBackend {
    private final AtomicInteger liveMatrices = new AtomicInteger();
    private final AtomicLong liveBytes = new AtomicLong();
    // Matrices of at most this many elements get an unreachable release: calls use them without a hold.
    private final int usedWithoutHoldUpTo;

    DirectBackend(String name) {
        this(name, 0);
    }

    /**
     * @param name the backend's name
     * @param usedWithoutHoldUpTo matrices of at most this many elements are used by calls without a hold
     */
    DirectBackend(String name, int usedWithoutHoldUpTo) {
        super(name, true);
        this.usedWithoutHoldUpTo = usedWithoutHoldUpTo;
    }

    /** @return matrices allocated and not yet released */
    int liveMatrices() {
        return liveMatrices.get();
    }

    /**
     * Waits until a release by the garbage collector's thread brings the live matrices down to at most
     * {@code expected}, or the timeout passes.
     *
     * @return whether it got there
     */
    boolean awaitLiveMatrices(int expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (liveMatrices) {
            while (liveMatrices.get() > expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                System.gc();
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(liveMatrices, Math.min(left, 50_000_000L));
            }
            return true;
        }
    }

    /** @return native bytes allocated and not yet released */
    long liveBytes() {
        return liveBytes.get();
    }

    @Override
    protected Matrix wrap(int rows, int cols, float[] data) {
        DirectMatrix m = new DirectMatrix(rows, cols, Precision.FLOAT32);
        for (int i = 0; i < data.length; i++) {
            m.put(i, data[i]);
        }
        return m;
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        DirectMatrix m = new DirectMatrix(rows, cols, Precision.FLOAT64);
        for (int i = 0; i < data.length; i++) {
            m.put(i, data[i]);
        }
        return m;
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        return new DirectMatrix(rows, cols, precision);
    }

    private static int bytes(int rows, int cols, Precision precision) {
        return rows * cols * (precision == Precision.FLOAT32 ? Float.BYTES : Double.BYTES);
    }

    // A release that refers to the counters only, not to the matrix.
    private static Runnable uncount(AtomicInteger matrices, AtomicLong bytes, int size) {
        return () -> {
            bytes.addAndGet(-size);
            synchronized (matrices) {
                matrices.decrementAndGet();
                matrices.notifyAll();
            }
        };
    }

    private final class DirectMatrix extends AbstractMatrix {
        private final int bytes;
        private ByteBuffer memory;

        DirectMatrix(int rows, int cols, Precision precision) {
            super(DirectBackend.this, rows, cols, precision, rows * cols <= usedWithoutHoldUpTo
                    ? uncount(liveMatrices, liveBytes, bytes(rows, cols, precision)) : null);
            bytes = bytes(rows, cols, precision);
            memory = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            liveMatrices.incrementAndGet();
            liveBytes.addAndGet(bytes);
        }

        double at(int i) {
            return precision() == Precision.FLOAT32 ? memory.getFloat(i * Float.BYTES)
                    : memory.getDouble(i * Double.BYTES);
        }

        void put(int i, double v) {
            if (precision() == Precision.FLOAT32) {
                memory.putFloat(i * Float.BYTES, (float) v);
            } else {
                memory.putDouble(i * Double.BYTES, v);
            }
        }

        @Override
        protected double element(int row, int col) {
            return at(row * cols() + col);
        }

        @Override
        protected float[] readFloats() {
            float[] f = new float[rows() * cols()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) at(i);
            }
            return f;
        }

        @Override
        protected double[] readDoubles() {
            double[] d = new double[rows() * cols()];
            for (int i = 0; i < d.length; i++) {
                d[i] = at(i);
            }
            return d;
        }

        @Override
        protected void matmulInto(Matrix b, Matrix out) {
            DirectMatrix bm = (DirectMatrix) b;
            DirectMatrix o = (DirectMatrix) out;
            int k = cols();
            int n = b.cols();
            for (int i = 0; i < rows(); i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += at(i * k + p) * bm.at(p * n + j);
                    }
                    o.put(i * n + j, s);
                }
            }
        }

        @Override
        protected void addRowVectorInto(Matrix row, Matrix out) {
            DirectMatrix v = (DirectMatrix) row;
            DirectMatrix o = (DirectMatrix) out;
            for (int i = 0; i < rows() * cols(); i++) {
                o.put(i, at(i) + v.at(i % cols()));
            }
        }

        @Override
        protected void applyInto(Activation activation, Matrix out) {
            double[] d = readDoubles();
            ArrayActivations.apply(activation, d, d, rows(), cols());
            DirectMatrix o = (DirectMatrix) out;
            for (int i = 0; i < d.length; i++) {
                o.put(i, d[i]);
            }
        }

        @Override
        protected void transposeInto(Matrix out) {
            DirectMatrix o = (DirectMatrix) out;
            for (int i = 0; i < rows(); i++) {
                for (int j = 0; j < cols(); j++) {
                    o.put(j * rows() + i, at(i * cols() + j));
                }
            }
        }

        @Override
        protected void release() {
            memory = null;
            liveMatrices.decrementAndGet();
            liveBytes.addAndGet(-bytes);
        }
    }
}
