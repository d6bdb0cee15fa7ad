package org.vecnn.spi;

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
 * resources, {@code forward} holds the layer, its W and B, the input and a given output from its checks until
 * it returns (see {@link AbstractBackend}), so nothing is freed until the calls in flight have left and
 * {@link #forwardInto} always runs on live memory; on a heap backend nothing is freed under it anyway. W or B
 * closed directly closes the layer: its next {@code forward} refuses. {@code forward(a_in, out)} on operands that
 * may all be used without a hold (small matrices, see {@link AbstractMatrix}) takes none: it notes its thread on
 * W, B, the input and out, and keeps them reachable until it returns.
 */
public abstract class AbstractDenseLayer implements DenseLayer {
    private final Matrix weights;
    private final Matrix bias;
    private final Activation activation;
    private final OutputAllocator outputs;
    // The calls in flight on a backend whose calls hold their operands, else null.
    private final CallsInFlight calls;
    private final Lifetime lifetime = new Lifetime() {
        @Override
        void free() {
            weights.close();
            bias.close();
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
        this.calls = backend instanceof AbstractBackend ? ((AbstractBackend) backend).calls() : null;
        if (weights.isClosed()) {
            throw Shapes.closed("dense", "W", weights);
        }
        if (bias.isClosed()) {
            throw Shapes.closed("dense", "B", bias);
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
        CallsInFlight.Slot held = enter();
        try {
            checkInput(input);
            Matrix out = outputs.allocate(input.rows(), units(), precision());
            try {
                forwardInto(input, out);
                return out;
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
        } finally {
            leave(held);
        }
    }

    @Override
    public final Matrix forward(Matrix input, Matrix out) {
        CallsInFlight.Slot held = enter(input, out);
        try {
            checkInput(input);
            Shapes.compatible("forward", "W", weights, "out", out);
            Shapes.open("forward", "out", out);
            Shapes.output("forward", out, input.rows(), units());
            if (out == input) {
                throw new IllegalArgumentException("forward: out must be a matrix other than a_in");
            }
            forwardInto(input, out);
            return out;
        } finally {
            leave(held, input, out);
        }
    }

    @Override
    public final boolean isClosed() {
        return lifetime.isClosed() || weights.isClosed() || bias.isClosed();
    }

    /**
     * Marks the layer closed and closes W and B: later calls throw {@link IllegalStateException}; the memory
     * of W and B is freed once the calls in flight have left. Idempotent; never throws; never waits.
     */
    @Override
    public final void close() {
        lifetime.close(null);
    }

    @Override
    public String toString() {
        return "DenseLayer[" + inputs() + "→" + units() + " " + activation.label() + ", " + precision()
                + " on " + backend().name() + "]";
    }

    // Holds the layer, W, B, the input and out for one call on a backend whose calls hold them: the thread enters
    // the backend's calls in flight before the call checks them open (W's and B's checks cover the backend).
    private CallsInFlight.Slot enter() {
        return calls == null ? null : calls.enter();
    }

    private void leave(CallsInFlight.Slot held) {
        if (held != null) {
            calls.leave(held);
        }
    }

    // Enters forward(input, out): no hold when W, B, the input and out may all be used without one.
    private CallsInFlight.Slot enter(Matrix input, Matrix out) {
        return AbstractMatrix.enter(calls, weights, bias, input, out);
    }

    // Ends what enter(input, out) began; the layer (with W and B) and the operands stay reachable until here.
    private void leave(CallsInFlight.Slot held, Matrix input, Matrix out) {
        AbstractMatrix.leave(calls, held, this, input, out);
    }

    private IllegalStateException closed(String operation) {
        return new IllegalStateException(operation + ": the layer " + inputs() + "→" + units() + " on backend '"
                + backend().name() + "' is closed" + (backend().isClosed() ? " (its backend was closed)" : ""));
    }

    private void checkInput(Matrix input) {
        if (weights.isClosed() || bias.isClosed()) {
            // W or B closed directly (or the backend): the layer is closed with them.
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
