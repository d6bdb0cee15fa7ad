package org.vecnn.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * A base for backends: it validates every argument with the api's messages, copies input arrays once,
 * and handles closing. A subclass supplies storage ({@link #wrap(int, int, float[])} and friends) and,
 * optionally, a fused dense layer ({@link #newDense}). Backends whose storage is not a heap array override
 * {@link #copyIn(int, int, float[])} so that a caller's array is copied once, straight into that storage.
 *
 * <p>Backends that hold native or device memory pass {@code tracksResources = true}: every matrix they
 * create is then remembered (weakly, so an unreachable matrix can still be cleaned) and closed when the
 * backend closes. Heap backends need no tracking: their matrices report themselves closed once the
 * backend is.
 *
 * <p><b>Closing while other threads compute.</b> {@link #close()} marks the backend closed at once, so that
 * later calls throw {@link IllegalStateException}. A backend that tracks its resources holds native or device
 * memory, so every public method of this class, and every operation of its matrices and layers, holds what it
 * touches from its checks until it returns: the calling thread marks itself in a call on the backend (one
 * volatile store to a slot of its own, no atomic read-modify-write on shared memory), then checks the backend
 * and each operand open. A close of the backend, a matrix or a layer marks it closed and frees its memory (a
 * matrix's {@code release()}; for the backend, its tracked matrices and then {@link #release()}) only once
 * every call that was in flight on the backend at the close has left: at once when there was none, otherwise
 * at the closing thread's own return from its outermost call, or on a daemon thread that watches the calls.
 * So no memory is freed under a kernel, and neither the close nor any call waits. Calls on small matrices
 * built with an unreachable release take no hold at all ({@link AbstractMatrix}, "Small matrices"). A heap backend
 * ({@code tracksResources = false}) takes no holds: its matrices' {@code release()} runs at their close, while
 * kernels may still read them, so it must free nothing a kernel reads (the garbage collector frees heap arrays
 * once no kernel holds them). A backend whose {@code release()} frees memory kernels read must track its
 * resources.
 */
public abstract class AbstractBackend implements Backend {
    private static final System.Logger LOG = System.getLogger("org.vecnn.spi");

    private final String name;
    private final Map<AutoCloseable, Boolean> resources;
    // The calls in flight on a backend that tracks its resources; null on a heap backend, whose calls hold nothing.
    private final CallsInFlight calls;
    // A thread that called close(): it was in no call then, and refuses every call it makes after.
    private volatile long closedBy;
    private final Lifetime lifetime = new Lifetime() {
        @Override
        void free() {
            closeResources();
        }
    };

    /**
     * @param name the backend's name, as its provider reports it
     * @param tracksResources whether created matrices must be closed when the backend closes: true for a
     *     backend that holds native or device memory, whose calls then hold their operands until they return
     */
    protected AbstractBackend(String name, boolean tracksResources) {
        this.name = Objects.requireNonNull(name, "name");
        this.resources = tracksResources ? Collections.synchronizedMap(new WeakHashMap<>()) : null;
        this.calls = tracksResources ? new CallsInFlight() : null;
    }

    /**
     * Wraps fresh row-major FLOAT32 data, which the backend may keep.
     *
     * @param rows m, validated
     * @param cols n, validated
     * @param data m&middot;n elements, a private copy no one else holds
     * @return a new matrix
     */
    protected abstract Matrix wrap(int rows, int cols, float[] data);

    /**
     * Wraps fresh row-major FLOAT64 data, which the backend may keep.
     *
     * @param rows m, validated
     * @param cols n, validated
     * @param data m&middot;n elements, a private copy no one else holds
     * @return a new matrix
     */
    protected abstract Matrix wrap(int rows, int cols, double[] data);

    /**
     * Copies a caller's row-major FLOAT32 array into a new matrix. The array is borrowed: read it during this
     * call only. The default wraps a private copy; backends that copy into native or device memory anyway
     * override it to make that the only copy.
     *
     * @param rows m, validated
     * @param cols n, validated
     * @param rowMajor m&middot;n elements, the caller's
     * @return a new matrix
     */
    protected Matrix copyIn(int rows, int cols, float[] rowMajor) {
        return wrap(rows, cols, rowMajor.clone());
    }

    /**
     * Copies a caller's row-major FLOAT64 array into a new matrix; see {@link #copyIn(int, int, float[])}.
     *
     * @param rows m, validated
     * @param cols n, validated
     * @param rowMajor m&middot;n elements, the caller's
     * @return a new matrix
     */
    protected Matrix copyIn(int rows, int cols, double[] rowMajor) {
        return wrap(rows, cols, rowMajor.clone());
    }

    /**
     * Allocates a matrix of zeros.
     *
     * @param rows m, validated
     * @param cols n, validated
     * @param precision the precision
     * @return a new matrix of zeros
     */
    protected abstract Matrix allocateZeros(int rows, int cols, Precision precision);

    /**
     * Allocates a matrix whose every element is about to be overwritten (an operation's output).
     * Backends whose memory starts zeroed need not override this.
     *
     * @param rows m, validated
     * @param cols n, validated
     * @param precision the precision
     * @return a new matrix with unspecified elements
     */
    protected Matrix allocate(int rows, int cols, Precision precision) {
        return allocateZeros(rows, cols, precision);
    }

    /**
     * Creates a dense layer from validated weights. The default computes the three steps as three
     * operations of this backend; backends override it to fuse them.
     *
     * @param weights W, inputs&times;units, on this backend
     * @param bias B, 1&times;units, same precision
     * @param activation g
     * @return a new layer
     */
    protected DenseLayer newDense(Matrix weights, Matrix bias, Activation activation) {
        return new AbstractDenseLayer(weights, bias, activation, this::allocate) {
        };
    }

    /**
     * Supplies the backend's training kernels, which {@link TrainingKernels#of(org.vecnn.Backend)} returns. The
     * default composes them from this backend's forward primitives ({@link ComposedTrainingKernels}); a backend
     * overrides it to compute them itself, typically by extending ComposedTrainingKernels and overriding the
     * operations it has kernels for.
     *
     * @return the kernels; called once per trainer, so it may create them afresh each time
     */
    protected TrainingKernels trainingKernels() {
        return new ComposedTrainingKernels(this);
    }

    /**
     * Frees what the backend itself holds (contexts, handles). Called once, after {@link #close()}, when no
     * call holds the backend any more and its tracked matrices were closed; possibly on the thread of the
     * last call, not the one that closed the backend.
     */
    protected void release() {
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Matrix matrix(int rows, int cols, float[] rowMajor) {
        enter("matrix");
        try {
            Shapes.data("matrix", rows, cols, rowMajor == null ? -1 : rowMajor.length);
            return copyIn(rows, cols, rowMajor);
        } finally {
            leave();
        }
    }

    @Override
    public final Matrix matrix(int rows, int cols, double[] rowMajor) {
        enter("matrix");
        try {
            Shapes.data("matrix", rows, cols, rowMajor == null ? -1 : rowMajor.length);
            return copyIn(rows, cols, rowMajor);
        } finally {
            leave();
        }
    }

    @Override
    public final Matrix matrix(int rows, int cols, double[] rowMajor, Precision precision) {
        enter("matrix");
        try {
            Shapes.data("matrix", rows, cols, rowMajor == null ? -1 : rowMajor.length);
            Shapes.precision("matrix", precision);
            return precision == Precision.FLOAT64 ? copyIn(rows, cols, rowMajor)
                    : wrap(rows, cols, HostArrays.toFloats(rowMajor));
        } finally {
            leave();
        }
    }

    @Override
    public final Matrix matrix(float[][] rows) {
        enter("matrix");
        try {
            int cols = Shapes.rows("matrix", rows, HostArrays.lengths(rows));
            float[] data = HostArrays.flatten(rows, cols);
            return wrap(rows.length, cols, data);
        } finally {
            leave();
        }
    }

    @Override
    public final Matrix matrix(double[][] rows, Precision precision) {
        enter("matrix");
        try {
            int cols = Shapes.rows("matrix", rows, HostArrays.lengths(rows));
            Shapes.precision("matrix", precision);
            return precision == Precision.FLOAT64 ? wrap(rows.length, cols, HostArrays.flatten(rows, cols))
                    : wrap(rows.length, cols, HostArrays.flattenToFloats(rows, cols));
        } finally {
            leave();
        }
    }

    @Override
    public final Matrix zeros(int rows, int cols, Precision precision) {
        enter("zeros");
        try {
            Shapes.size("zeros", rows, cols);
            Shapes.precision("zeros", precision);
            return allocateZeros(rows, cols, precision);
        } finally {
            leave();
        }
    }

    /**
     * Copies a validated, open source, held for the duration of the call, into a new matrix of this backend.
     * The default copies through host arrays; backends override it for a faster path between their own
     * matrices.
     *
     * @param source an open matrix of this or any other backend
     * @return a new matrix on this backend with the same shape, precision and elements
     */
    protected Matrix copy(Matrix source) {
        return source.precision() == Precision.FLOAT64
                ? wrap(source.rows(), source.cols(), source.toDoubleArray())
                : wrap(source.rows(), source.cols(), source.toFloatArray());
    }

    @Override
    public final Matrix copyOf(Matrix source) {
        enter("copyOf");
        try {
            if (source == null) {
                throw new IllegalArgumentException("copyOf: source is null");
            }
            // Checked after entering: a source of this backend is held with the call; another backend's source is
            // held by its own operations in copy.
            if (source.isClosed()) {
                throw closedSource(source);
            }
            return copy(source);
        } finally {
            leave();
        }
    }

    private static IllegalStateException closedSource(Matrix source) {
        return new IllegalStateException("copyOf: source " + Shapes.of(source) + " " + source.precision()
                + " on backend '" + source.backend().name() + "' is closed");
    }

    @Override
    public final DenseLayer dense(Matrix weights, Matrix bias, Activation activation) {
        enter("dense");
        try {
            if (weights == null) {
                throw new IllegalArgumentException("dense: weights is null");
            }
            if (activation == null) {
                throw new IllegalArgumentException("dense: activation is null");
            }
            if (weights.backend() != this) {
                throw new IllegalArgumentException("dense: W (" + Shapes.of(weights) + ") is on backend '"
                        + weights.backend().name()
                        + "'" + (weights.backend().name().equals(name) ? " (another instance)" : "")
                        + " but the layer is built on '" + name + "'; move it with copyOf(W)");
            }
            Shapes.compatible("dense", "W", weights, "B", bias);
            Shapes.open("dense", "W", weights);
            Shapes.open("dense", "B", bias);
            if (bias.rows() != 1 || bias.cols() != weights.cols()) {
                throw new org.vecnn.ShapeMismatchException("dense: W is " + Shapes.of(weights) + ", B is "
                        + Shapes.of(bias) + ": B must be 1×" + weights.cols() + " (1×W.cols)");
            }
            return newDense(weights, bias, activation);
        } finally {
            leave();
        }
    }

    @Override
    public final boolean isClosed() {
        return lifetime.isClosed();
    }

    /**
     * Marks the backend closed: every later call on it, its matrices or its layers throws
     * {@link IllegalStateException}. When no call is in flight on it (now, or once the calls in flight at the
     * close have left), its tracked matrices are freed and {@link #release()} runs. Idempotent; never throws;
     * never waits.
     */
    @Override
    public final void close() {
        closedBy = Thread.currentThread().getId();
        lifetime.close(calls);
    }

    private void closeResources() {
        if (resources != null) {
            List<AutoCloseable> open;
            synchronized (resources) {
                open = new ArrayList<>(resources.keySet());
                resources.clear();
            }
            for (AutoCloseable resource : open) {
                try {
                    if (resource instanceof AbstractMatrix) {
                        // Closed now or earlier: no call can use it any more, whether its own free ran or not.
                        ((AbstractMatrix) resource).lifetime().freeAtBackendClose(closedBy);
                    } else {
                        resource.close();
                    }
                } catch (Exception | LinkageError e) {
                    // close() never throws; one failing resource must not keep the others open
                    LOG.log(System.Logger.Level.WARNING, "backend '" + name + "': closing " + resource + " failed", e);
                }
            }
        }
        try {
            release();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "backend '" + name + "': release() failed", e);
        }
    }

    /**
     * Throws when the backend is closed.
     *
     * @param operation the operation, for the message
     * @throws IllegalStateException when closed
     */
    protected final void ensureOpen(String operation) {
        if (lifetime.isClosed()) {
            throw closed(operation);
        }
    }

    /**
     * Holds the backend for a call: until {@link #leave()}, closing it or any of its matrices frees nothing. Every
     * public method of the base classes does this first, and checks its operands open after it; a backend's own
     * public methods that touch its memory must do the same (a matrix checked open before the enter may be freed
     * under the call).
     *
     * @param operation the operation, for the message
     * @throws IllegalStateException when the backend is closed
     */
    protected final void enter(String operation) {
        if (calls == null) {
            ensureOpen(operation);
            return;
        }
        CallsInFlight.Slot s = calls.enter();
        if (lifetime.isClosed()) {
            calls.leave(s);
            throw closed(operation);
        }
    }

    /** Ends a hold taken by {@link #enter(String)}; call it exactly once per successful enter, in a finally. */
    protected final void leave() {
        if (calls != null) {
            calls.leave(calls.current());
        }
    }

    /** @return whether calls hold their operands: true for a backend that tracks its resources */
    final boolean holdsCalls() {
        return calls != null;
    }

    /** @return the calls in flight on this backend, or null when its calls hold nothing */
    final CallsInFlight calls() {
        return calls;
    }

    IllegalStateException closed(String operation) {
        return new IllegalStateException(operation + ": backend '" + name + "' is closed");
    }

    /**
     * Remembers a resource to close with the backend; a no-op for backends that do not track.
     *
     * @param resource a matrix or other resource created by this backend
     */
    protected final void track(AutoCloseable resource) {
        if (resources != null) {
            resources.put(resource, Boolean.TRUE);
        }
    }

    /**
     * Forgets a resource that was closed on its own.
     *
     * @param resource a resource passed to {@link #track}
     */
    protected final void untrack(AutoCloseable resource) {
        if (resources != null) {
            resources.remove(resource);
        }
    }

    /** @return how many tracked matrices are still open (0 for backends that do not track) */
    protected final int trackedCount() {
        if (resources == null) {
            return 0;
        }
        synchronized (resources) {
            return (int) resources.keySet().stream().filter(Matrix.class::isInstance).count();
        }
    }

    @Override
    public String toString() {
        return "Backend[" + name + (isClosed() ? ", closed]" : "]");
    }
}
