package org.vecnn.backend.loop;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.spi.AbstractDenseLayer;

/** A dense layer computed in one fused kernel call: product, bias and activation. */
final class LoopDenseLayer extends AbstractDenseLayer {
    private final LoopKernels kernels;

    LoopDenseLayer(Matrix weights, Matrix bias, Activation activation, LoopKernels kernels) {
        super(weights, bias, activation);
        this.kernels = kernels;
    }

    @Override
    protected void forwardInto(Matrix input, Matrix out) {
        if (out == weights() || out == bias()) {
            // Writing the result over the layer's own parameters while reading them: compute aside first.
            try (Matrix z = forward(input)) {
                copy((LoopMatrix) z, (LoopMatrix) out);
            }
            return;
        }
        LoopMatrix a = (LoopMatrix) input;
        LoopMatrix w = (LoopMatrix) weights();
        LoopMatrix b = (LoopMatrix) bias();
        LoopMatrix o = (LoopMatrix) out;
        if (a.floats != null) {
            kernels.dense(a.floats, w.floats, b.floats, activation(), o.floats, a.rows(), a.cols(), units());
        } else {
            kernels.dense(a.doubles, w.doubles, b.doubles, activation(), o.doubles, a.rows(), a.cols(), units());
        }
    }

    private static void copy(LoopMatrix from, LoopMatrix to) {
        if (from.floats != null) {
            System.arraycopy(from.floats, 0, to.floats, 0, from.floats.length);
        } else {
            System.arraycopy(from.doubles, 0, to.doubles, 0, from.doubles.length);
        }
    }
}
