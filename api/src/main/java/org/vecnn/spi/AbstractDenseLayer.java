package org.vecnn.spi;

import java.lang.ref.Cleaner;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import org.vecnn.ShapeMismatchException;

/**
 * A base for dense layers: it checks inputs with the api's messages, allocates outputs and owns the
 * weights. By default it computes the layer as three operations of its backend (product, bias, activation
 * in place); a backend overrides {@link #forwardInto} to fuse them.
 *
 * <p><b>Closing while other threads compute.</b> Closing the layer, W, B, a matrix or the backend while
 * {@code forward} runs makes later calls throw {@link IllegalStateException}. On a backend that tracks its
 * resources, the layer holds the backend, W and B from its construction until it is closed and no call is in it
 * (or, never closed, until it is unreachable), and {@code forward} holds the layer, the input and a given output
 * from its checks until it returns (see {@link AbstractBackend}), so nothing is freed until the calls in flight
 * have returned and {@link #forwardInto} always runs on live memory; on a heap backend nothing is freed under it
 * anyway. W or B closed directly closes the layer in effect: their memory is freed once the layer is closed,
 * which its backend's close does, and so does the first call that finds them closed.
 */
public abstract class AbstractDenseLayer implements DenseLayer {
    private final Matrix weights;
    private final Matrix bias;
    private final Activation activation;
    private final OutputAllocator outputs;
    // On a backend whose calls hold their operands: the backend, else null. The layer then holds the backend,
    // W and B (one entry each) from its construction until free() below, so a call holding the layer runs on a
    // live backend and reads live W and B however they are closed meanwhile.
    private final AbstractBackend holder;
    // Leaves those holds once: at free(), or when the layer became unreachable without a close.
    private final Cleaner.Cleanable holds;
    private final Lifetime lifetime = new Lifetime() {
        @Override
        void free() {
            closeWeights();
        }
    };

    /**
     * A layer whose outputs are new matrices of zeros from its backend's {@link Backend#zeros}.
     *
     * @param weights W, inputs&times;units, validated by {@link AbstractBackend#dense}
     * @param bias B, 1&times;units
     * @param activation g
     * @throws IllegalStateException when W or B was closed since it was validated
     */
    protected AbstractDenseLayer(Matrix weights, Matrix bias, Activation activation) {
        this(weights, bias, activation, (rows, cols, precision) -> weights.backend().zeros(rows, cols, precision));
    }

    /**
     * A layer whose outputs come from its backend's own allocation, e.g. uninitialised native memory.
     *
     * @param weights W, inputs&times;units, validated by {@link AbstractBackend#dense}
     * @param bias B, 1&times;units
     * @param activation g
     * @param outputs allocates the outputs of {@link #forward(Matrix)} on the weights' backend
     * @throws IllegalStateException when W or B was closed since it was validated
     */
    protected AbstractDenseLayer(Matrix weights, Matrix bias, Activation activation, OutputAllocator outputs) {
        this.weights = weights;
        this.bias = bias;
        this.activation = activation;
        this.outputs = outputs;
        Backend backend = weights.backend();
        this.holder = backend instanceof AbstractBackend && ((AbstractBackend) backend).holdsCalls()
                ? (AbstractBackend) backend : null;
        if (holder == null) {
            this.holds = null;
            return;
        }
        holder.enter("dense");
        if (!hold(weights)) {
            holder.leave();
            throw Shapes.closed("dense", "W", weights);
        }
        if (!hold(bias)) {
            release(weights);
            holder.leave();
            throw Shapes.closed("dense", "B", bias);
        }
        this.holds = Holds.CLEANER.register(this, new Holds(holder, weights, bias));
        holder.track(this);
        // The backend's close sets its closed bit, then closes the layers it tracks: either it saw this layer,
        // or this sees the bit.
        if (holder.isClosed()) {
            close();
            throw closed("dense");
        }
    }

    /**
     * out = g(input&middot;W + B).
     *
     * @param input batch&times;inputs, validated and open
     * @param out batch&times;units, validated and open, not the input
     */
    protected void forwardInto(Matrix input, Matrix out) {
        input.matmul(weights, out);
        out.addRowVector(bias, out);
        out.apply(activation, out);
    }

    @Override
    public final int inputs() {
        return weights.rows();
    }

    @Override
    public final int units() {
        return weights.cols();
    }

    @Override
    public final Activation activation() {
        return activation;
    }

    @Override
    public final Matrix weights() {
        return weights;
    }

    @Override
    public final Matrix bias() {
        return bias;
    }

    @Override
    public final Backend backend() {
        return weights.backend();
    }

    @Override
    public final Precision precision() {
        return weights.precision();
    }

    @Override
    public final Matrix forward(Matrix input) {
        checkInput(input);
        enter(input, null);
        try {
            Matrix out = outputs.allocate(input.rows(), units(), precision());
            try {
                forwardInto(input, out);
                return out;
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
        } finally {
            leave(input, null);
        }
    }

    @Override
    public final Matrix forward(Matrix input, Matrix out) {
        checkInput(input);
        Shapes.compatible("forward", "W", weights, "out", out);
        Shapes.open("forward", "out", out);
        Shapes.output("forward", out, input.rows(), units());
        if (out == input) {
            throw new IllegalArgumentException("forward: out must be a matrix other than a_in");
        }
        enter(input, out);
        try {
            forwardInto(input, out);
            return out;
        } finally {
            leave(input, out);
        }
    }

    @Override
    public final boolean isClosed() {
        return lifetime.isClosed() || weights.isClosed() || bias.isClosed();
    }

    /**
     * Marks the layer closed and closes W and B: later calls throw {@link IllegalStateException}; the memory
     * of W and B is freed when the calls in flight have returned. Idempotent; never throws.
     */
    @Override
    public final void close() {
        lifetime.close();
    }

    @Override
    public String toString() {
        return "DenseLayer[" + inputs() + "→" + units() + " " + activation.label() + ", " + precision()
                + " on " + backend().name() + "]";
    }

    // Holds the layer, the input and out (when not null) for one call. The backend, W and B are held by the
    // layer, and the input and out are on the same backend.
    private void enter(Matrix input, Matrix out) {
        if (holder == null) {
            return;
        }
        if (!lifetime.enter()) {
            throw closed("forward");
        }
        if (!hold(input)) {
            lifetime.leave();
            throw Shapes.closed("forward", "a_in", input);
        }
        if (out != null && !hold(out)) {
            release(input);
            lifetime.leave();
            throw Shapes.closed("forward", "out", out);
        }
    }

    private void leave(Matrix input, Matrix out) {
        if (holder != null) {
            if (out != null) {
                release(out);
            }
            release(input);
            lifetime.leave();
        }
    }

    // The layer's free(): runs once, closed and with no call in it.
    private void closeWeights() {
        weights.close();
        bias.close();
        if (holder != null) {
            holder.untrack(this);
            holds.clean();
        }
    }

    /** The holds a layer takes for its life; must not refer to the layer, or the cleaner would never run it. */
    private static final class Holds implements Runnable {
        static final Cleaner CLEANER = Cleaner.create();
        private final AbstractBackend backend;
        private final Matrix weights;
        private final Matrix bias;

        Holds(AbstractBackend backend, Matrix weights, Matrix bias) {
            this.backend = backend;
            this.weights = weights;
            this.bias = bias;
        }

        @Override
        public void run() {
            release(bias);
            release(weights);
            backend.leave();
        }
    }

    private static boolean hold(Matrix m) {
        return m instanceof AbstractMatrix ? ((AbstractMatrix) m).lifetime().enter() : !m.isClosed();
    }

    private static void release(Matrix m) {
        if (m instanceof AbstractMatrix) {
            ((AbstractMatrix) m).lifetime().leave();
        }
    }

    private IllegalStateException closed(String operation) {
        return new IllegalStateException(operation + ": the layer " + inputs() + "→" + units() + " on backend '"
                + backend().name() + "' is closed" + (backend().isClosed() ? " (its backend was closed)" : ""));
    }

    private void checkInput(Matrix input) {
        if (weights.isClosed() || bias.isClosed()) {
            // W or B closed directly: the layer still holds them, until it is closed.
            close();
            throw closed("forward");
        }
        if (lifetime.isClosed()) {
            throw closed("forward");
        }
        Shapes.compatible("forward", "W", weights, "a_in", input);
        Shapes.open("forward", "a_in", input);
        if (input.cols() != inputs()) {
            throw new ShapeMismatchException("forward: a_in is " + Shapes.of(input) + ", W is "
                    + Shapes.of(weights) + ": a_in.cols (" + input.cols() + ") must equal W.rows ("
                    + inputs() + ")");
        }
    }
}
