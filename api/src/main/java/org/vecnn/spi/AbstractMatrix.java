package org.vecnn.spi;

import java.lang.ref.Reference;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.MatrixScope;
import org.vecnn.Precision;

/**
 * A base for matrices: it holds the shape, precision and owner, checks every argument with the api's
 * messages, allocates outputs, registers the matrix with the open {@link MatrixScope} and with its
 * backend, and makes {@link #close()} idempotent. A subclass supplies storage and the kernels, which
 * are called only with validated, open operands of its own backend and precision.
 *
 * <p><b>Closing while other threads compute.</b> {@link #close()} marks the matrix closed at once, so that
 * later calls throw {@link IllegalStateException}. On a backend that tracks its resources (native or device
 * memory), every public operation holds its operands (this matrix, the other operand, a given output, and the
 * backend) from its checks until it returns, and {@link #release()} runs only when every call in flight on the
 * backend at the close has left (see {@link AbstractBackend}): a kernel never sees its operands' memory freed
 * under it, and a subclass needs no synchronisation of its own for closing. Holding costs the calling thread one
 * volatile store to a slot of its own on entry and a release store on exit, whatever the number of operands. On
 * a heap backend nothing is held and {@code release()} runs at the close.
 *
 * <p><b>Small matrices: calls that hold nothing.</b> The one volatile store is a full fence, which is measurable on
 * a call of a few dozen nanoseconds. A matrix constructed with an <em>unreachable release</em> (see
 * {@link #AbstractMatrix(AbstractBackend, int, int, Precision, Runnable)}) is kept alive instead by being
 * reachable: an operation that allocates no matrix ({@code get}, {@code toFloatArray}, {@code toDoubleArray},
 * {@code matmul(b, out)}, {@code addRowVector(row, out)}, {@code apply(g, out)}, and a layer's
 * {@code forward(a_in, out)}) and whose operands all have one takes no hold; it notes its thread on each
 * operand (a plain read once noted) and keeps them reachable until it returns. Such a matrix is freed by
 * {@code release()} at its close as above, except when a thread other than the closing one used it that way: then
 * its unreachable release runs once the garbage collector finds it unreachable, since no call can be using it by
 * then.
 */
public abstract class AbstractMatrix implements Matrix {
    private final AbstractBackend backend;
    private final int rows;
    private final int cols;
    private final Precision precision;
    // The calls in flight on the backend, or null when its calls hold nothing.
    private final CallsInFlight calls;
    private final Lifetime lifetime;

    /**
     * @param backend the owner, which created this matrix
     * @param rows m &ge; 1
     * @param cols n &ge; 1
     * @param precision the element type
     * @throws IllegalArgumentException when the shape is empty or too large
     */
    protected AbstractMatrix(AbstractBackend backend, int rows, int cols, Precision precision) {
        this(backend, rows, cols, precision, null);
    }

    /**
     * A matrix that calls may use without holding it (see the class comment): for small matrices of a backend
     * that tracks its resources, whose kernels on such matrices need nothing but the matrices' own memory (no
     * other resource that the backend's close frees), and for which a free by the garbage collector, when a
     * matrix is closed by another thread than the ones that used it, is acceptable.
     *
     * @param backend the owner, which created this matrix
     * @param rows m &ge; 1
     * @param cols n &ge; 1
     * @param precision the element type
     * @param unreachableRelease frees this matrix's memory as {@link #release()} does, but without referring to
     *     the matrix (it runs once the matrix is unreachable); null for a matrix every call holds
     * @throws IllegalArgumentException when the shape is empty or too large
     */
    protected AbstractMatrix(AbstractBackend backend, int rows, int cols, Precision precision,
            Runnable unreachableRelease) {
        Shapes.size("matrix", rows, cols);
        this.backend = backend;
        this.rows = rows;
        this.cols = cols;
        this.precision = precision;
        this.calls = backend.calls();
        this.lifetime = new Lifetime(calls == null ? null : unreachableRelease) {
            @Override
            void free() {
                try {
                    release();
                } finally {
                    backend.untrack(AbstractMatrix.this);
                }
            }

            @Override
            void forget() {
                backend.untrack(AbstractMatrix.this);
            }
        };
        backend.track(this);
        MatrixScope.register(this);
    }

    /**
     * @param row a valid row index
     * @param col a valid column index
     * @return element (row, col)
     */
    protected abstract double element(int row, int col);

    /** @return a new row-major float copy of the elements */
    protected abstract float[] readFloats();

    /** @return a new row-major double copy of the elements */
    protected abstract double[] readDoubles();

    /**
     * out = this&middot;b.
     *
     * @param b k&times;n, this being m&times;k; same backend and precision
     * @param out m&times;n, neither this nor b
     */
    protected abstract void matmulInto(Matrix b, Matrix out);

    /**
     * out<sub>ij</sub> = this<sub>ij</sub> + row<sub>j</sub>.
     *
     * @param row 1&times;n
     * @param out m&times;n, possibly this
     */
    protected abstract void addRowVectorInto(Matrix row, Matrix out);

    /**
     * out = g(this), element-wise, or row-wise for SOFTMAX and LOG_SOFTMAX.
     *
     * @param activation g
     * @param out of this shape, possibly this
     */
    protected abstract void applyInto(Activation activation, Matrix out);

    /**
     * out = this<sup>T</sup>.
     *
     * @param out n&times;m, not this
     */
    protected abstract void transposeInto(Matrix out);

    /**
     * Frees this matrix's memory. Called once, after {@link #close()} (or the backend's close). On a backend
     * that tracks its resources, when no operation holds the matrix any more: possibly on the thread of the
     * last operation that used it, not the one that closed it. On a heap backend, at the close, while kernels
     * may still read the matrix: it must then free nothing they read. Must not throw.
     */
    protected abstract void release();

    /**
     * Converts through a host copy; backends may override with a faster path.
     *
     * @param target the target precision
     * @return a new matrix of this backend in that precision
     */
    protected Matrix convert(Precision target) {
        return target == Precision.FLOAT64 ? backend.wrap(rows, cols, readDoubles())
                : backend.wrap(rows, cols, readFloats());
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    @Override
    public final Precision precision() {
        return precision;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final double get(int row, int col) {
        CallsInFlight.Slot held = enter(null, null);
        try {
            checkOpen("get");
            if (row < 0 || row >= rows || col < 0 || col >= cols) {
                throw new IndexOutOfBoundsException("get: (" + row + ", " + col + ") is outside the " + rows
                        + "×" + cols + " matrix");
            }
            return element(row, col);
        } finally {
            leave(held, null, null);
        }
    }

    @Override
    public final float[] toFloatArray() {
        CallsInFlight.Slot held = enter(null, null);
        try {
            checkOpen("toFloatArray");
            return readFloats();
        } finally {
            leave(held, null, null);
        }
    }

    @Override
    public final double[] toDoubleArray() {
        CallsInFlight.Slot held = enter(null, null);
        try {
            checkOpen("toDoubleArray");
            return readDoubles();
        } finally {
            leave(held, null, null);
        }
    }

    @Override
    public final Matrix matmul(Matrix b) {
        CallsInFlight.Slot held = enter();
        try {
            checkBinary("matmul", "b", b);
            Shapes.matmul("matmul", this, b);
            Matrix out = backend.allocate(rows, b.cols(), precision);
            return computeInto(out, () -> matmulInto(b, out));
        } finally {
            leave(held);
        }
    }

    @Override
    public final Matrix matmul(Matrix b, Matrix out) {
        CallsInFlight.Slot held = enter(b, out);
        try {
            checkBinary("matmul", "b", b);
            Shapes.matmul("matmul", this, b);
            checkOutput("matmul", out, rows, b.cols());
            if (out == this || out == b) {
                throw new IllegalArgumentException("matmul: out must be a matrix other than a and b");
            }
            matmulInto(b, out);
            return out;
        } finally {
            leave(held, b, out);
        }
    }

    @Override
    public final Matrix addRowVector(Matrix row) {
        CallsInFlight.Slot held = enter();
        try {
            checkBinary("addRowVector", "row", row);
            Shapes.rowVector("addRowVector", this, row);
            Matrix out = backend.allocate(rows, cols, precision);
            return computeInto(out, () -> addRowVectorInto(row, out));
        } finally {
            leave(held);
        }
    }

    @Override
    public final Matrix addRowVector(Matrix row, Matrix out) {
        CallsInFlight.Slot held = enter(row, out);
        try {
            checkBinary("addRowVector", "row", row);
            Shapes.rowVector("addRowVector", this, row);
            checkOutput("addRowVector", out, rows, cols);
            addRowVectorInto(row, out);
            return out;
        } finally {
            leave(held, row, out);
        }
    }

    @Override
    public final Matrix apply(Activation activation) {
        CallsInFlight.Slot held = enter();
        try {
            checkOpen("apply");
            requireActivation(activation);
            Matrix out = backend.allocate(rows, cols, precision);
            return computeInto(out, () -> applyInto(activation, out));
        } finally {
            leave(held);
        }
    }

    @Override
    public final Matrix apply(Activation activation, Matrix out) {
        CallsInFlight.Slot held = enter(out, null);
        try {
            checkOpen("apply");
            requireActivation(activation);
            checkOutput("apply", out, rows, cols);
            applyInto(activation, out);
            return out;
        } finally {
            leave(held, out, null);
        }
    }

    @Override
    public final Matrix transpose() {
        CallsInFlight.Slot held = enter();
        try {
            checkOpen("transpose");
            Matrix out = backend.allocate(cols, rows, precision);
            return computeInto(out, () -> transposeInto(out));
        } finally {
            leave(held);
        }
    }

    @Override
    public final Matrix toPrecision(Precision target) {
        CallsInFlight.Slot held = enter();
        try {
            checkOpen("toPrecision");
            if (target == null) {
                throw new IllegalArgumentException("toPrecision: precision is null");
            }
            return convert(target);
        } finally {
            leave(held);
        }
    }

    @Override
    public final boolean isClosed() {
        return lifetime.isClosed() || backend.isClosed();
    }

    /**
     * Marks this matrix closed: every later operation on it, or with it as an operand, throws
     * {@link IllegalStateException}. Its memory is freed ({@link #release()}) now when no call is in flight on
     * its backend, otherwise once those in flight have left. Idempotent; never throws; never waits.
     */
    @Override
    public final void close() {
        lifetime.close(calls);
    }

    Lifetime lifetime() {
        return lifetime;
    }

    /**
     * Throws when this matrix is closed.
     *
     * @param operation the operation, for the message
     * @throws IllegalStateException when closed, naming the matrix
     */
    protected final void checkOpen(String operation) {
        if (isClosed()) {
            throw new IllegalStateException(operation + ": matrix " + rows + "×" + cols + " " + precision
                    + " on backend '" + backend.name() + "' is closed"
                    + (backend.isClosed() ? " (its backend was closed)" : ""));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rows + "×" + cols + " " + precision + " on "
                + backend.name() + (isClosed() ? ", closed]" : "]");
    }

    // Holds this matrix and the operands for the duration of an operation on a backend whose calls hold them:
    // the thread enters the backend's calls in flight before the operation checks its operands open.
    private CallsInFlight.Slot enter() {
        return calls == null ? null : calls.enter();
    }

    private void leave(CallsInFlight.Slot held) {
        if (held != null) {
            calls.leave(held);
        }
    }

    // Enters an operation on this matrix and up to two more operands (null when absent).
    private CallsInFlight.Slot enter(Matrix other, Matrix out) {
        return enter(calls, this, other, out, null);
    }

    // Ends what enter(other, out) began.
    private void leave(CallsInFlight.Slot held, Matrix other, Matrix out) {
        leave(calls, held, this, other, out);
    }

    /**
     * Enters a call on up to four operands (null when absent) of a backend whose calls are {@code calls}: no hold
     * when each operand may be used without one, only the calling thread noted on each; otherwise a hold. Call
     * it before the call checks its operands open.
     *
     * @return the slot for {@link #leave}, or null when nothing is held
     */
    static CallsInFlight.Slot enter(CallsInFlight calls, Matrix a, Matrix b, Matrix c, Matrix d) {
        if (calls == null) {
            return null;
        }
        long thread = Thread.currentThread().getId();
        if (notedFor(a, thread) && notedFor(b, thread) && notedFor(c, thread) && notedFor(d, thread)) {
            return null;
        }
        if (usableWithoutHold(a) && usableWithoutHold(b) && usableWithoutHold(c) && usableWithoutHold(d)) {
            useWithoutHold(a, thread);
            useWithoutHold(b, thread);
            useWithoutHold(c, thread);
            useWithoutHold(d, thread);
            return null;
        }
        return calls.enter();
    }

    /**
     * Ends what {@link #enter(CallsInFlight, Matrix, Matrix, Matrix, Matrix)} began, in a finally. The objects
     * given stay reachable until here, so that no unreachable release runs under a call that holds nothing.
     */
    static void leave(CallsInFlight calls, CallsInFlight.Slot held, Object a, Object b, Object c) {
        if (held != null) {
            calls.leave(held);
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
    }

    // The common case, a thread calling again with what it used before: each operand is noted for it already.
    private static boolean notedFor(Matrix m, long thread) {
        return m == null || m instanceof AbstractMatrix && ((AbstractMatrix) m).lifetime.notedFor(thread);
    }

    private static boolean usableWithoutHold(Matrix m) {
        return m == null || m instanceof AbstractMatrix && ((AbstractMatrix) m).lifetime.usableWithoutHold();
    }

    private static void useWithoutHold(Matrix m, long thread) {
        if (m != null) {
            ((AbstractMatrix) m).lifetime.useWithoutHold(thread);
        }
    }

    private void checkBinary(String operation, String name, Matrix other) {
        checkOpen(operation);
        Shapes.compatible(operation, "a", this, name, other);
        Shapes.open(operation, name, other);
    }

    private void checkOutput(String operation, Matrix out, int outRows, int outCols) {
        Shapes.compatible(operation, "a", this, "out", out);
        Shapes.open(operation, "out", out);
        Shapes.output(operation, out, outRows, outCols);
    }

    private static void requireActivation(Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("apply: activation is null");
        }
    }

    private static Matrix computeInto(Matrix out, Runnable kernel) {
        try {
            kernel.run();
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }
}
