package org.vecnn.backend.nd4j;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.spi.AbstractDenseLayer;
import org.vecnn.spi.OutputAllocator;

/**
 * A dense layer of the {@code nd4j} backend: one BLAS gemm into the output, then the bias and the activation
 * in a single pass over the output's memory. Nothing else is allocated.
 */
final class Nd4jDenseLayer extends AbstractDenseLayer {

    Nd4jDenseLayer(Matrix weights, Matrix bias, Activation activation, OutputAllocator outputs) {
        super(weights, bias, activation, outputs);
    }

    @Override
    protected void forwardInto(Matrix input, Matrix out) {
        Nd4jMatrix o = (Nd4jMatrix) out;
        Nd4jMatrix b = (Nd4jMatrix) bias();
        Nd4jMatrix.gemm((Nd4jMatrix) input, (Nd4jMatrix) weights(), o);
        Nd4jKernels.apply(activation(), o, b, o);
    }
}
