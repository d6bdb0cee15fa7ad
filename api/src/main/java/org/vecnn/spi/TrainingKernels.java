package org.vecnn.spi;

import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Matrix;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * The operations a backend runs to train a dense network: the training forward pass, the loss and its
 * gradient, the backward pass of a dense layer and the optimizer's update. Every matrix stays on the backend;
 * a training step moves only the batch in and the loss (a scalar) out.
 *
 * <p>Obtain a backend's kernels with {@link #of(Backend)}. A backend built on {@link AbstractBackend}
 * supplies its own by overriding {@link AbstractBackend#trainingKernels()}; every other backend, and every
 * one that does not override it, gets {@link ComposedTrainingKernels}, which composes the operations from the
 * backend's forward primitives and host copies, and so trains correctly on any backend that meets the forward
 * contract. {@link #path()} says which is in use.
 *
 * <p>The caller (the {@link org.vecnn.train.Trainer}, the conformance kit) has checked every operand: all are
 * open, on this backend and of one precision, with the shapes stated; an output is distinct from the inputs
 * unless the method says otherwise. Methods modify only their output (and, for {@link #update}, the parameter
 * and its states). Implementations are stateless between calls and safe to share between threads that work
 * on distinct outputs; for equal inputs they give bitwise equal outputs.
 */
public interface TrainingKernels {

    /**
     * Returns a backend's training kernels.
     *
     * @param backend an open backend
     * @return its own kernels when it is an {@link AbstractBackend} that supplies them, else the composed ones;
     *     on a backend that tracks native or device memory, each call holds its operands as the forward
     *     operations do, so that a close racing with it makes it throw {@link IllegalStateException} or frees
     *     nothing until it has returned
     * @throws IllegalArgumentException when backend is null
     * @throws IllegalStateException when backend is closed
     */
    static TrainingKernels of(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("training: backend is null");
        }
        if (backend.isClosed()) {
            throw new IllegalStateException("training: backend '" + backend.name() + "' is closed");
        }
        if (backend instanceof AbstractBackend) {
            AbstractBackend base = (AbstractBackend) backend;
            TrainingKernels own = base.trainingKernels();
            TrainingKernels kernels = own != null ? own : new ComposedTrainingKernels(backend);
            // Kernels that read native or device memory directly are held as forward calls are.
            return base.holdsCalls() ? new HeldTrainingKernels(base, kernels) : kernels;
        }
        return new ComposedTrainingKernels(backend);
    }

    /**
     * @return which implementation runs, for reports and test names: {@code "composed"} for
     *     {@link ComposedTrainingKernels}, else the backend's own word, e.g. {@code "loop"}
     */
    String path();

    /** @return true when the backend computes the operations itself, false for the composed default */
    boolean isNative();

    /**
     * The training forward pass of one dense layer: Z = A<sub>in</sub>&middot;W + B, A<sub>out</sub> = g(Z), with the
     * activation formulas of the forward pass ({@link FloatActivations}).
     *
     * @param input A<sub>in</sub>, m&times;k
     * @param weights W, k&times;n
     * @param bias B, 1&times;n
     * @param activation g
     * @param logits receives Z, m&times;n, or null when Z is not needed (then only output is written)
     * @param output receives A<sub>out</sub>, m&times;n
     */
    void denseForward(Matrix input, Matrix weights, Matrix bias, Activation activation, Matrix logits,
            Matrix output);

    /**
     * A product with optionally transposed operands: out = op(a)&middot;op(b), op(x) = x<sup>T</sup> when its
     * flag is set, else x; out<sub>ij</sub> = &Sigma;<sub>p</sub> op(a)<sub>ip</sub> op(b)<sub>pj</sub>. This gives
     * dW = A<sub>in</sub><sup>T</sup>&middot;dZ and dA<sub>in</sub> = dZ&middot;W<sup>T</sup>. A backend's own
     * kernels read the transposed operand through the library's transpose flag or its packing, never through a
     * materialized transpose.
     *
     * @param a op(a) is m&times;k
     * @param transposeA whether op(a) = a<sup>T</sup> (a is then k&times;m)
     * @param b op(b) is k&times;n
     * @param transposeB whether op(b) = b<sup>T</sup> (b is then n&times;k)
     * @param out receives the m&times;n product
     */
    void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out);

    /**
     * Column sums, the bias gradient dB from dZ: out<sub>0j</sub> = &Sigma;<sub>i</sub> a<sub>ij</sub>, summed in
     * increasing i.
     *
     * @param a m&times;n
     * @param out receives the 1&times;n sums
     */
    void columnSums(Matrix a, Matrix out);

    /**
     * The activation's backward pass from the layer's output A = g(Z): dZ = g'(Z) &#8857; dA element-wise, with
     * g' written in terms of A (sigmoid a(1 - a), tanh 1 - a<sup>2</sup>, relu 1 where a &gt; 0 else 0, leaky relu
     * 1 where a &gt; 0 else &alpha;, for &alpha; &ge; 0, linear 1), and for the row-wise kinds the Jacobian-vector
     * product per row: softmax dz<sub>j</sub> = a<sub>j</sub>(da<sub>j</sub> - &Sigma;<sub>k</sub> a<sub>k</sub>
     * da<sub>k</sub>), log-softmax dz<sub>j</sub> = da<sub>j</sub> - e<sup>a<sub>j</sub></sup> &Sigma;<sub>k</sub>
     * da<sub>k</sub>. The formulas are {@link FloatTraining}'s.
     *
     * @param activation g
     * @param output A, m&times;n
     * @param gradOutput dA = dL/dA, m&times;n
     * @param gradLogits receives dZ = dL/dZ, m&times;n; may be gradOutput itself (in place)
     */
    void activationBackward(Activation activation, Matrix output, Matrix gradOutput, Matrix gradLogits);

    /**
     * The loss of a batch and, when asked, its gradient w.r.t. the output layer's logits, by
     * {@link FloatTraining}'s formulas: for the fused pairs (softmax with categorical, sigmoid with binary
     * cross-entropy) dZ = (A - Y)/m; for log-softmax with categorical cross-entropy (the negative log-likelihood)
     * dZ = (e<sup>A</sup> - Y)/m; for mean squared error dA = 2(A - Y)/(m&middot;n), then
     * {@link #activationBackward}.
     *
     * @param loss the loss; a fused loss needs an activation it {@link Loss#accepts accepts}
     * @param activation the output layer's g
     * @param logits Z, m&times;n
     * @param output A = g(Z), m&times;n
     * @param targets Y, m&times;n
     * @param gradLogits receives dL/dZ, m&times;n, or null for the value only
     * @return L, the mean over the m rows of the per-row loss (see {@link Loss}); NaN when an input is NaN
     */
    double loss(Loss loss, Activation activation, Matrix logits, Matrix output, Matrix targets, Matrix gradLogits);

    /**
     * Counts the rows predicted right, as {@link org.vecnn.train.Evaluation} defines it: the first largest
     * column of the output equals the first largest of the target, or for n = 1, (a &ge; 0.5) = (y &ge; 0.5).
     *
     * @param output A, m&times;n
     * @param targets Y, m&times;n
     * @return the number of rows right, 0..m
     */
    long countCorrect(Matrix output, Matrix targets);

    /**
     * Applies one optimizer step to a parameter in place, as {@link Optimizer} defines it, by
     * {@link FloatTraining}'s formulas.
     *
     * @param optimizer the rule and its constants
     * @param step t, the number of this update of this parameter, from 1 (Adam's bias correction uses it)
     * @param learningRate &eta; of this step (the schedule applied)
     * @param parameter &theta;, any shape, updated in place
     * @param gradient g, the shape of &theta;; not modified
     * @param state the parameter's own {@link Optimizer#stateCount()} state matrices, the shape of &theta;,
     *     zero before step 1 and updated in place: v for SGD with momentum, m then v for Adam(W)
     */
    void update(Optimizer optimizer, long step, double learningRate, Matrix parameter, Matrix gradient,
            Matrix... state);

    /**
     * Copies a matrix into another of its shape on the backend (snapshots of the weights).
     *
     * @param source the matrix to copy
     * @param target receives the copy; not source
     */
    void copy(Matrix source, Matrix target);
}
