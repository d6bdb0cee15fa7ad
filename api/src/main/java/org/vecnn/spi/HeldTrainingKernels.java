package org.vecnn.spi;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * A backend's training kernels with every call held as the forward operations are (see {@link AbstractBackend}):
 * the thread enters the backend's calls in flight, the backend and each operand are checked open, and only then
 * does the kernel run, so a close racing with training either makes the call throw
 * {@link IllegalStateException} naming what is closed or frees nothing until it has returned. Used for the
 * backends that track native or device memory, whose own kernels read that memory directly.
 */
final class HeldTrainingKernels implements TrainingKernels {
    private final AbstractBackend backend;
    private final TrainingKernels kernels;

    HeldTrainingKernels(AbstractBackend backend, TrainingKernels kernels) {
        this.backend = backend;
        this.kernels = kernels;
    }

    @Override
    public String path() {
        return kernels.path();
    }

    @Override
    public boolean isNative() {
        return kernels.isNative();
    }

    @Override
    public void denseForward(Matrix input, Matrix weights, Matrix bias, Activation activation, Matrix logits,
            Matrix output) {
        CallsInFlight.Slot held = enter("denseForward", input, weights, bias, logits, output);
        try {
            kernels.denseForward(input, weights, bias, activation, logits, output);
        } finally {
            leave(held);
        }
    }

    @Override
    public void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        CallsInFlight.Slot held = enter("multiply", a, b, out);
        try {
            kernels.multiply(a, transposeA, b, transposeB, out);
        } finally {
            leave(held);
        }
    }

    @Override
    public void columnSums(Matrix a, Matrix out) {
        CallsInFlight.Slot held = enter("columnSums", a, out);
        try {
            kernels.columnSums(a, out);
        } finally {
            leave(held);
        }
    }

    @Override
    public void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits) {
        CallsInFlight.Slot held = enter("activationBackward", output, gradOutput, gradLogits);
        try {
            kernels.activationBackward(activation, output, gradOutput, gradLogits);
        } finally {
            leave(held);
        }
    }

    @Override
    public double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets,
            Matrix gradLogits) {
        CallsInFlight.Slot held = enter("loss", logits, output, targets, gradLogits);
        try {
            return kernels.loss(loss, activation, logits, output, targets, gradLogits);
        } finally {
            leave(held);
        }
    }

    @Override
    public long countCorrect(Matrix output, Matrix targets) {
        CallsInFlight.Slot held = enter("countCorrect", output, targets);
        try {
            return kernels.countCorrect(output, targets);
        } finally {
            leave(held);
        }
    }

    @Override
    public void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state) {
        Matrix[] operands = new Matrix[state.length + 2];
        operands[0] = parameter;
        operands[1] = gradient;
        System.arraycopy(state, 0, operands, 2, state.length);
        CallsInFlight.Slot held = enter("update", operands);
        try {
            kernels.update(optimizer, step, learningRate, parameter, gradient, state);
        } finally {
            leave(held);
        }
    }

    @Override
    public void copy(Matrix source, Matrix target) {
        CallsInFlight.Slot held = enter("copy", source, target);
        try {
            kernels.copy(source, target);
        } finally {
            leave(held);
        }
    }

    // Operands are named by their place in the call: "training multiply: operand 2 (…) is closed".
    private CallsInFlight.Slot enter(String operation, Matrix... operands) {
        CallsInFlight calls = backend.calls();
        CallsInFlight.Slot held = calls.enter();
        String what = "training " + operation;
        if (backend.isClosed()) {
            calls.leave(held);
            throw backend.closed(what);
        }
        for (int i = 0; i < operands.length; i++) {
            Matrix m = operands[i];
            if (m != null && m.isClosed()) {
                calls.leave(held);
                throw Shapes.closed(what, "operand " + (i + 1), m);
            }
        }
        return held;
    }

    private void leave(CallsInFlight.Slot held) {
        backend.calls().leave(held);
    }
}
