package org.vecnn.backend.cuda;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.spi.AbstractDenseLayer;

/**
 * A dense layer whose weights and bias stay in GPU memory (uploaded once, when they were created) and whose
 * forward pass is one fused kernel: product, bias and activation in the GEMM's epilogue (softmax adds one
 * row pass).
 */
final class CudaDenseLayer extends AbstractDenseLayer {
    private final CudaBackend owner;

    CudaDenseLayer(CudaBackend owner, Matrix weights, Matrix bias, Activation activation) {
        super(weights, bias, activation, owner::allocate);
        this.owner = owner;
    }

    @Override
    protected void forwardInto(Matrix input, Matrix out) {
        owner.context().run("forward", () -> owner.kernels().dense("forward", (CudaMatrix) input,
                (CudaMatrix) weights(), (CudaMatrix) bias(), (CudaMatrix) out, activation()));
    }
}
