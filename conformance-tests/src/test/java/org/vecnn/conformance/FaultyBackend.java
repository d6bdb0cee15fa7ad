package org.vecnn.conformance;

import org.vecnn.Activation;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.spi.AbstractBackend;
import org.vecnn.spi.AbstractDenseLayer;
import org.vecnn.spi.AbstractMatrix;
import org.vecnn.spi.ComposedTrainingKernels;
import org.vecnn.spi.TrainingKernels;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * A plain heap backend on the SPI base classes, with a switch for one deliberate fault. With
 * {@link Fault#NONE} it is a correct backend: FLOAT32 is computed in float, accumulating left to right, the
 * least accurate order the kit must accept.
 */
final class FaultyBackend extends AbstractBackend {

    /** The faults the kit must catch. */
    enum Fault {
        /** A correct backend. */
        NONE,
        /** matmul reads W as if it were stored column-major. */
        W_TRANSPOSED,
        /** The dense layer forgets B. */
        BIAS_DROPPED,
        /** sigmoid is 1e-4 too large, relative. */
        SIGMOID_OFF,
        /** The dense layer applies g twice. */
        ACTIVATION_TWICE,
        /** softmax without subtracting the row's maximum: e^z overflows for large z. */
        SOFTMAX_UNSTABLE,
        /** relu written as z &gt; 0 ? z : 0, which turns NaN into 0. */
        RELU_DROPS_NAN,
        /** leaky relu with the default slope 0.01 whatever the activation's own slope. */
        LEAKY_SLOPE_IGNORED,
        /** log-softmax as z - log &Sigma; e<sup>z</sup>, without subtracting the row's maximum: overflows for large z. */
        LOG_SOFTMAX_UNSTABLE,
        /** The provider's probe says the backend cannot run here. */
        UNAVAILABLE,
        /** matmul skips the zero elements of A, so 0&middot;&infin; and 0&middot;NaN in W vanish instead of giving NaN. */
        ZERO_SKIP,
        /** addRowVector adds only the finite elements of the row: NaN and &plusmn;&infin; in B read as 0. */
        BIAS_SPECIALS_DROPPED,
        /** sigmoid returns exactly 1 above z = 12 and 0 below −12: saturated too early in both precisions. */
        SIGMOID_EARLY_SATURATION,
        /** The dense layer leaves the bias out of the last row of an odd batch of 1000 rows or more. */
        LAST_ROW_OF_LARGE_ODD_BATCH,
        /**
         * A forward on a thread other than the one that created the backend is one ulp off in its first
         * element: the thread checks fail, with a bitwise difference, and must not disturb the checks after them.
         */
        OTHER_THREADS_ONE_ULP_OFF,
        /** The training product Aᵀ·B ignores the transpose when A is square (dW = A·dZ): shapes cannot tell. */
        DW_NOT_TRANSPOSED,
        /** The bias gradient is the first row of dZ, not its column sums over the batch. */
        BIAS_GRADIENT_NOT_SUMMED,
        /** The fused cross-entropy gradient is A - Y, not divided by the batch size. */
        CROSS_ENTROPY_NOT_AVERAGED,
        /** relu's derivative is 1 where the output is 0 (negative inputs): a &ge; 0 instead of a &gt; 0. */
        RELU_BACKWARD_AT_NEGATIVE_INPUTS,
        /** Adam without its bias corrections 1 - &beta;<sup>t</sup>. */
        ADAM_WITHOUT_BIAS_CORRECTION,
        /** One momentum buffer per parameter shape, shared by every parameter of that shape. */
        MOMENTUM_SHARED,
        /**
         * Closing a matrix frees its memory at once, under the kernels still reading it, as nd4j did before
         * issue 15: from the close on, a running product or bias pass reads garbage (8e28) where the closed
         * operand was. The layer computes in one pass over the arrays, with no nested checks.
         */
        FREES_AT_CLOSE
    }

    /**
     * On the kit's worker threads only (the race checks), holds a faulty product until an operand is closed, at
     * most 20 ms: the close then lands inside a running call however the threads are scheduled, so the planted
     * fault shows on every run, not only on runs whose timing happens to expose it.
     */
    private static void awaitCloseOnKitWorker(Matrix a, Matrix b) {
        if (!Thread.currentThread().getName().startsWith(Workers.THREAD_PREFIX)) {
            return;
        }
        long deadline = System.nanoTime() + 20_000_000L;
        while (!a.isClosed() && !b.isClosed() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    /** What a kernel reads from the memory of a matrix that was freed under it. */
    static final double GARBAGE = 8e28;

    private final java.util.Map<String, double[]> sharedMomentum = new java.util.HashMap<>();

    private final Fault fault;
    private final Thread creator = Thread.currentThread();

    FaultyBackend(String name, Fault fault) {
        super(name, false);
        this.fault = fault;
    }

    @Override
    protected Matrix wrap(int rows, int cols, float[] data) {
        return new Heap(this, rows, cols, data, null);
    }

    @Override
    protected Matrix wrap(int rows, int cols, double[] data) {
        return new Heap(this, rows, cols, null, data);
    }

    @Override
    protected Matrix allocateZeros(int rows, int cols, Precision precision) {
        return precision == Precision.FLOAT32 ? new Heap(this, rows, cols, new float[rows * cols], null)
                : new Heap(this, rows, cols, null, new double[rows * cols]);
    }

    @Override
    protected TrainingKernels trainingKernels() {
        return fault.ordinal() >= Fault.DW_NOT_TRANSPOSED.ordinal()
                ? new FaultyTrainingKernels() : super.trainingKernels();
    }

    /** The composed kernels with the fault planted, reporting the path "faulty". */
    private final class FaultyTrainingKernels extends ComposedTrainingKernels {
        FaultyTrainingKernels() {
            super(FaultyBackend.this);
        }

        @Override
        public String path() {
            return "faulty";
        }

        @Override
        public boolean isNative() {
            return true;
        }

        @Override
        public void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
            boolean skip = fault == Fault.DW_NOT_TRANSPOSED && transposeA && a.rows() == a.cols();
            super.multiply(a, transposeA && !skip, b, transposeB, out);
        }

        @Override
        public void columnSums(Matrix a, Matrix out) {
            if (fault != Fault.BIAS_GRADIENT_NOT_SUMMED) {
                super.columnSums(a, out);
                return;
            }
            double[] first = java.util.Arrays.copyOf(a.toDoubleArray(), a.cols());
            writeAny(first, out);
        }

        @Override
        public double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets,
                Matrix gradLogits) {
            double value = super.loss(loss, activation, logits, output, targets, gradLogits);
            if (fault == Fault.CROSS_ENTROPY_NOT_AVERAGED && loss.isFused() && gradLogits != null) {
                double[] g = gradLogits.toDoubleArray();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= output.rows();
                }
                writeAny(g, gradLogits);
            }
            return value;
        }

        @Override
        public void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits) {
            if (fault != Fault.RELU_BACKWARD_AT_NEGATIVE_INPUTS || activation != Activation.RELU) {
                super.activationBackward(activation, output, gradOutput, gradLogits);
                return;
            }
            double[] a = output.toDoubleArray();
            double[] d = gradOutput.toDoubleArray();
            for (int i = 0; i < d.length; i++) {
                d[i] = a[i] >= 0 ? d[i] : 0;
            }
            writeAny(d, gradLogits);
        }

        @Override
        public void update(Optimizer o, long step, double lr, Matrix parameter, Matrix gradient, Matrix... state) {
            if (fault == Fault.ADAM_WITHOUT_BIAS_CORRECTION && o.kind() != Optimizer.Kind.SGD) {
                double[] p = parameter.toDoubleArray();
                double[] g = gradient.toDoubleArray();
                double[] m = state[0].toDoubleArray();
                double[] v = state[1].toDoubleArray();
                for (int i = 0; i < p.length; i++) {
                    double grad = g[i] + o.l2() * p[i];
                    m[i] = o.beta1() * m[i] + (1 - o.beta1()) * grad;
                    v[i] = o.beta2() * v[i] + (1 - o.beta2()) * grad * grad;
                    double theta = o.kind() == Optimizer.Kind.ADAMW ? p[i] * (1 - lr * o.weightDecay()) : p[i];
                    p[i] = theta - lr * m[i] / (Math.sqrt(v[i]) + o.epsilon());
                }
                writeAny(p, parameter);
                writeAny(m, state[0]);
                writeAny(v, state[1]);
                return;
            }
            if (fault == Fault.MOMENTUM_SHARED && o.kind() == Optimizer.Kind.SGD && o.momentum() > 0) {
                double[] p = parameter.toDoubleArray();
                double[] g = gradient.toDoubleArray();
                double[] v;
                synchronized (sharedMomentum) {
                    v = sharedMomentum.computeIfAbsent(parameter.rows() + "x" + parameter.cols() + parameter.precision(),
                            k -> new double[p.length]);
                }
                for (int i = 0; i < p.length; i++) {
                    double grad = g[i] + o.l2() * p[i];
                    v[i] = o.momentum() * v[i] + grad;
                    p[i] -= lr * (o.nesterov() ? grad + o.momentum() * v[i] : v[i]);
                }
                writeAny(p, parameter);
                writeAny(v, state[0]);
                return;
            }
            super.update(o, step, lr, parameter, gradient, state);
        }

        private void writeAny(double[] values, Matrix target) {
            if (target.precision() == Precision.FLOAT64) {
                write(values, target);
            } else {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                write(f, target);
            }
        }
    }

    @Override
    protected DenseLayer newDense(Matrix weights, Matrix bias, Activation activation) {
        return new AbstractDenseLayer(weights, bias, activation) {
            @Override
            protected void forwardInto(Matrix input, Matrix out) {
                if (fault == Fault.FREES_AT_CLOSE) {
                    ((Heap) input).matmulInto(weights(), out);
                    ((Heap) out).addRowVectorInto(bias(), out);
                    ((Heap) out).applyInto(activation(), out);
                    return;
                }
                input.matmul(weights(), out);
                if (fault != Fault.BIAS_DROPPED) {
                    out.addRowVector(bias(), out);
                }
                int rows = out.rows();
                if (fault == Fault.LAST_ROW_OF_LARGE_ODD_BATCH && rows >= 1000 && rows % 2 == 1) {
                    Heap z = (Heap) out;
                    Heap b = (Heap) bias();
                    int n = out.cols();
                    for (int j = 0; j < n; j++) {
                        int i = (rows - 1) * n + j;
                        if (z.f != null) {
                            z.f[i] -= b.f[j];
                        } else {
                            z.d[i] -= b.d[j];
                        }
                    }
                }
                out.apply(activation(), out);
                if (fault == Fault.ACTIVATION_TWICE) {
                    out.apply(activation(), out);
                }
                if (fault == Fault.OTHER_THREADS_ONE_ULP_OFF && Thread.currentThread() != creator) {
                    Heap a = (Heap) out;
                    if (a.f != null) {
                        a.f[0] = Math.nextUp(a.f[0]);
                    } else {
                        a.d[0] = Math.nextUp(a.d[0]);
                    }
                }
            }
        };
    }

    /** Row-major data in the matrix's precision: exactly one of the arrays is set. */
    private static final class Heap extends AbstractMatrix {
        private final float[] f;
        private final double[] d;

        Heap(FaultyBackend backend, int rows, int cols, float[] f, double[] d) {
            super(backend, rows, cols, f != null ? Precision.FLOAT32 : Precision.FLOAT64);
            this.f = f;
            this.d = d;
        }

        private Fault fault() {
            return ((FaultyBackend) backend()).fault;
        }

        @Override
        protected double element(int row, int col) {
            int i = row * cols() + col;
            return f != null ? f[i] : d[i];
        }

        @Override
        protected float[] readFloats() {
            if (f != null) {
                return f.clone();
            }
            float[] copy = new float[d.length];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = (float) d[i];
            }
            return copy;
        }

        @Override
        protected double[] readDoubles() {
            if (d != null) {
                return d.clone();
            }
            double[] copy = new double[f.length];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = f[i];
            }
            return copy;
        }

        @Override
        protected void matmulInto(Matrix other, Matrix result) {
            Heap b = (Heap) other;
            Heap out = (Heap) result;
            int m = rows();
            int k = cols();
            int n = b.cols();
            boolean transposed = fault() == Fault.W_TRANSPOSED;
            if (fault() == Fault.FREES_AT_CLOSE) {
                awaitCloseOnKitWorker(this, b);
            }
            // i-k-j: each element still sums its k terms left to right, in the matrix's precision
            for (int i = 0; i < m; i++) {
                int row = i * n;
                if (fault() == Fault.FREES_AT_CLOSE && (isClosed() || b.isClosed())) {
                    if (f != null) {
                        java.util.Arrays.fill(out.f, row, row + n, (float) GARBAGE);
                    } else {
                        java.util.Arrays.fill(out.d, row, row + n, GARBAGE);
                    }
                    continue;
                }
                if (f != null) {
                    java.util.Arrays.fill(out.f, row, row + n, 0f);
                } else {
                    java.util.Arrays.fill(out.d, row, row + n, 0d);
                }
                for (int t = 0; t < k; t++) {
                    if (fault() == Fault.ZERO_SKIP && (f != null ? f[i * k + t] : d[i * k + t]) == 0) {
                        continue;
                    }
                    if (f != null) {
                        float a = f[i * k + t];
                        for (int j = 0; j < n; j++) {
                            out.f[row + j] += a * b.f[transposed ? j * k + t : t * n + j];
                        }
                    } else {
                        double a = d[i * k + t];
                        for (int j = 0; j < n; j++) {
                            out.d[row + j] += a * b.d[transposed ? j * k + t : t * n + j];
                        }
                    }
                }
            }
        }

        @Override
        protected void addRowVectorInto(Matrix vector, Matrix result) {
            Heap row = (Heap) vector;
            Heap out = (Heap) result;
            int n = cols();
            boolean finiteOnly = fault() == Fault.BIAS_SPECIALS_DROPPED;
            for (int i = 0; i < rows() * n; i++) {
                double r = row.f != null ? row.f[i % n] : row.d[i % n];
                if (fault() == Fault.FREES_AT_CLOSE && i % n == 0 && row.isClosed()) {
                    r = GARBAGE;
                }
                if (finiteOnly && !Double.isFinite(r)) {
                    r = 0;
                }
                if (f != null) {
                    out.f[i] = f[i] + (float) r;
                } else {
                    out.d[i] = d[i] + r;
                }
            }
        }

        @Override
        protected void applyInto(Activation g, Matrix result) {
            Heap out = (Heap) result;
            int n = cols();
            if (g == Activation.SOFTMAX) {
                for (int r = 0; r < rows(); r++) {
                    softmax(r * n, n, out);
                }
                return;
            }
            if (g == Activation.LOG_SOFTMAX) {
                for (int r = 0; r < rows(); r++) {
                    logSoftmax(r * n, n, out);
                }
                return;
            }
            for (int i = 0; i < rows() * n; i++) {
                double z = f != null ? f[i] : d[i];
                double a;
                switch (g.kind()) {
                    case LINEAR:
                        a = z;
                        break;
                    case RELU:
                        a = fault() == Fault.RELU_DROPS_NAN ? (z > 0 ? z : 0) : (z < 0 ? 0 : z);
                        break;
                    case SIGMOID:
                        a = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
                        if (fault() == Fault.SIGMOID_OFF) {
                            a *= 1 + 1e-4;
                        }
                        if (fault() == Fault.SIGMOID_EARLY_SATURATION && Math.abs(z) > 12) {
                            a = z > 0 ? 1 : 0;
                        }
                        break;
                    case LEAKY_RELU:
                        double slope = fault() == Fault.LEAKY_SLOPE_IGNORED ? 0.01 : g.alpha();
                        a = z < 0 ? slope * z : z;
                        break;
                    case TANH:
                        a = Math.tanh(z);
                        break;
                    default:
                        throw new IllegalArgumentException("apply: " + g + " is not element-wise");
                }
                if (out.f != null) {
                    out.f[i] = (float) a;
                } else {
                    out.d[i] = a;
                }
            }
        }

        private void logSoftmax(int base, int n, Heap out) {
            boolean stable = fault() != Fault.LOG_SOFTMAX_UNSTABLE;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < n; c++) {
                max = Math.max(max, f != null ? f[base + c] : d[base + c]);
            }
            double shift = stable ? max : 0;
            double sum = 0;
            for (int c = 0; c < n; c++) {
                sum += Math.exp((f != null ? f[base + c] : d[base + c]) - shift);
            }
            double lse = shift + Math.log(sum);
            for (int c = 0; c < n; c++) {
                double a = (f != null ? f[base + c] : d[base + c]) - lse;
                if (out.f != null) {
                    out.f[base + c] = (float) a;
                } else {
                    out.d[base + c] = a;
                }
            }
        }

        private void softmax(int base, int n, Heap out) {
            boolean stable = fault() != Fault.SOFTMAX_UNSTABLE;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < n; c++) {
                max = Math.max(max, f != null ? f[base + c] : d[base + c]);
            }
            double shift = stable ? max : 0;
            double[] e = new double[n];
            double sum = 0;
            for (int c = 0; c < n; c++) {
                double x = Math.exp((f != null ? f[base + c] : d[base + c]) - shift);
                e[c] = f != null ? (float) x : x; // FLOAT32 overflows at e^88.7
                sum += e[c];
            }
            for (int c = 0; c < n; c++) {
                if (out.f != null) {
                    out.f[base + c] = (float) (e[c] / sum);
                } else {
                    out.d[base + c] = e[c] / sum;
                }
            }
        }

        @Override
        protected void transposeInto(Matrix result) {
            Heap out = (Heap) result;
            int m = rows();
            int n = cols();
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < n; c++) {
                    if (f != null) {
                        out.f[c * m + r] = f[r * n + c];
                    } else {
                        out.d[c * m + r] = d[r * n + c];
                    }
                }
            }
        }

        @Override
        protected void release() {
        }
    }
}
