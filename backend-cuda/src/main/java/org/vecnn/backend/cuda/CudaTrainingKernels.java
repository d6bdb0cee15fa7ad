package org.vecnn.backend.cuda;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.spi.ComposedTrainingKernels;
import org.vecnn.spi.FloatTraining;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The training kernels of the {@code cuda} backend: weights, gradients and optimizer states stay in GPU memory,
 * and a training step moves only the batch in and the loss (and the count of right rows) out. Products with a
 * transposed operand run the GEMM's transposed-operand variants (the operand read in place, never copied); the
 * forward pass is the fused GEMM of {@link CudaDenseLayer}; column sums, activation backward, the fused loss
 * gradient with its loss value summed on the GPU, the count of right rows, the optimizer updates (in place, states
 * included) and copies are kernels of {@code src/main/cuda/training.cu} with the formulas of
 * {@link FloatTraining}/{@code DoubleTraining}.
 */
final class CudaTrainingKernels extends ComposedTrainingKernels {
    private final CudaBackend owner;

    CudaTrainingKernels(CudaBackend owner) {
        super(owner, CudaBackendProvider.NAME);
        this.owner = owner;
    }

    @Override
    public void denseForward(Matrix input, Matrix weights, Matrix bias, Activation activation, Matrix logits,
            Matrix output) {
        owner.context().run("denseForward", () -> {
            if (logits == null) {
                owner.kernels().dense("denseForward", (CudaMatrix) input, (CudaMatrix) weights, (CudaMatrix) bias,
                        (CudaMatrix) output, activation);
            } else {
                owner.kernels().dense("denseForward", (CudaMatrix) input, (CudaMatrix) weights, (CudaMatrix) bias,
                        (CudaMatrix) logits, Activation.LINEAR);
                if (activation.isRowWise()) {
                    owner.kernels().rowWise("denseForward", activation, (CudaMatrix) logits, (CudaMatrix) output);
                } else {
                    owner.kernels().biasActivation("denseForward", (CudaMatrix) logits, null, (CudaMatrix) output,
                            activation);
                }
            }
        });
    }

    @Override
    public void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        owner.context().run("multiply", () -> owner.kernels().product("multiply", (CudaMatrix) a, transposeA,
                (CudaMatrix) b, transposeB, null, (CudaMatrix) out, Activation.LINEAR));
    }

    @Override
    public void columnSums(Matrix a, Matrix out) {
        owner.context().run("columnSums", () -> owner.kernels().columnSums("columnSums", (CudaMatrix) a,
                (CudaMatrix) out));
    }

    @Override
    public void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits) {
        owner.context().run("activationBackward", () -> owner.kernels().activationBackward("activationBackward",
                activation, (CudaMatrix) output, (CudaMatrix) gradOutput, (CudaMatrix) gradLogits));
    }

    @Override
    public double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets,
            Matrix gradLogits) {
        if (!loss.accepts(activation)) {
            throw new IllegalArgumentException("loss: " + loss.label() + " needs a " + loss.outputNames()
                    + " output layer, not " + activation.label());
        }
        int m = output.rows();
        int n = output.cols();
        int code = LaunchGeometry.lossCode(loss);
        double total = owner.context().call("loss", () -> owner.kernels().lossSum("loss", code, activation,
                (CudaMatrix) logits, (CudaMatrix) output, (CudaMatrix) targets, (CudaMatrix) gradLogits));
        if (loss == Loss.MEAN_SQUARED_ERROR) {
            total /= n;
        }
        return total / m;
    }

    @Override
    public long countCorrect(Matrix output, Matrix targets) {
        return owner.context().call("countCorrect", () -> owner.kernels().countCorrect("countCorrect",
                (CudaMatrix) output, (CudaMatrix) targets));
    }

    @Override
    public void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state) {
        int rule = LaunchGeometry.optimizerRule(optimizer, state.length);
        // the constants as FloatTraining.update computes them, in double; the launch rounds them to the element type
        double[] constants = {learningRate, optimizer.l2(), optimizer.momentum(), optimizer.beta1(),
            optimizer.beta2(), 1 - optimizer.beta1(), 1 - optimizer.beta2(), 1 - Math.pow(optimizer.beta1(), step),
            1 - Math.pow(optimizer.beta2(), step), optimizer.epsilon(), 1 - learningRate * optimizer.weightDecay()};
        boolean decay = optimizer.kind() == Optimizer.Kind.ADAMW && optimizer.weightDecay() != 0;
        CudaMatrix s0 = state.length > 0 ? (CudaMatrix) state[0] : null;
        CudaMatrix s1 = state.length > 1 ? (CudaMatrix) state[1] : null;
        owner.context().run("update", () -> owner.kernels().update("update", rule, decay, constants,
                (CudaMatrix) parameter, (CudaMatrix) gradient, s0, s1));
    }

    @Override
    public void copy(Matrix source, Matrix target) {
        owner.context().run("copy", () -> owner.kernels().copy("copy", (CudaMatrix) source, (CudaMatrix) target));
    }
}
