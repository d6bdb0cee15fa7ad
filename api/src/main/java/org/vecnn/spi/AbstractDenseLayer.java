package org.vecnn.spi;

import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p><b>Closing while other threads compute.</b> Closing the layer, a matrix or the backend while
 * {@code forward} runs makes later calls throw {@link IllegalStateException}. On a backend that tracks its
 * resources, {@code forward} holds the backend, W, B, the input and a given output from its checks until it
 * returns (see {@link AbstractBackend}), so nothing is freed until the calls in flight have returned and
 * {@link #forwardInto} always runs on live memory; on a heap backend nothing is freed under it anyway.
 */
public abstract class AbstractDenseLayer implements DenseLayer {
    private final Matrix weights;
    private final Matrix bias;
    private final Activation activation;
    private final OutputAllocator outputs;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A layer whose outputs are new matrices of zeros from its backend's {@link Backend#zeros}.
     *
     * @param weights W, inputs&times;units, validated by {@link AbstractBackend#dense}
     * @param bias B, 1&times;units
     * @param activation g
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
     */
    protected AbstractDenseLayer(Matrix weights, Matrix bias, Activation activation, OutputAllocator outputs) {
        this.weights = weights;
        this.bias = bias;
        this.activation = activation;
        this.outputs = outputs;
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
        AbstractBackend backend = owner();
        if (backend != null) {
            Operands.enter("forward", backend, "W", weights, "B", bias, "a_in", input, null, null);
        }
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
            if (backend != null) {
                Operands.leave(backend, weights, bias, input, null);
            }
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
        AbstractBackend backend = owner();
        if (backend != null) {
            Operands.enter("forward", backend, "W", weights, "B", bias, "a_in", input, "out", out);
        }
        try {
            forwardInto(input, out);
            return out;
        } finally {
            if (backend != null) {
                Operands.leave(backend, weights, bias, input, out);
            }
        }
    }

    @Override
    public final boolean isClosed() {
        return closed.get() || weights.isClosed() || bias.isClosed();
    }

    /**
     * Marks the layer closed and closes W and B: later calls throw {@link IllegalStateException}; the memory
     * of W and B is freed when the calls in flight have returned. Idempotent; never throws.
     */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            weights.close();
            bias.close();
        }
    }

    @Override
    public String toString() {
        return "DenseLayer[" + inputs() + "→" + units() + " " + activation.label() + ", " + precision()
                + " on " + backend().name() + "]";
    }

    // The backend when its calls hold their operands, else null (nothing to hold).
    private AbstractBackend owner() {
        Backend backend = weights.backend();
        return backend instanceof AbstractBackend && ((AbstractBackend) backend).holdsCalls()
                ? (AbstractBackend) backend : null;
    }

    private void checkInput(Matrix input) {
        if (isClosed()) {
            throw new IllegalStateException("forward: the layer " + inputs() + "→" + units() + " on backend '"
                    + backend().name() + "' is closed");
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
