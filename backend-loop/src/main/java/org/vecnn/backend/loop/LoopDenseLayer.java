package org.vecnn.backend.loop;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.backend.loop.internal.LoopKernels;
import org.vecnn.spi.AbstractDenseLayer;

/**
 * A dense layer computed in one fused kernel call: product, bias and activation. W is packed for the
 * kernels once, and packed again only when W was written since (an operation with W as its output).
 */
final class LoopDenseLayer extends AbstractDenseLayer {
    private final LoopKernels kernels;
    private volatile PackedWeights packed;

    LoopDenseLayer(Matrix weights, Matrix bias, Activation activation, LoopKernels kernels) {
        super(weights, bias, activation);
        this.kernels = kernels;
    }

    /** W as the kernels read it fastest, and the write count of W it was packed at. */
    private record PackedWeights(long version, float[] floats, double[] doubles) {
    }

    private PackedWeights packed(LoopMatrix w) {
        PackedWeights p = packed;
        long version = w.version();
        if (p == null || p.version() != version) {
            p = w.floats != null
                    ? new PackedWeights(version, kernels.packWeights(w.floats, w.rows(), w.cols()), null)
                    : new PackedWeights(version, null, kernels.packWeights(w.doubles, w.rows(), w.cols()));
            packed = p;
        }
        return p;
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
        PackedWeights p = packed(w);
        if (a.floats != null) {
            kernels.dense(a.floats, w.floats, p.floats(), b.floats, activation(), o.floats, a.rows(), a.cols(),
                    units());
        } else {
            kernels.dense(a.doubles, w.doubles, p.doubles(), b.doubles, activation(), o.doubles, a.rows(),
                    a.cols(), units());
        }
        o.written();
    }

    private static void copy(LoopMatrix from, LoopMatrix to) {
        if (from.floats != null) {
            System.arraycopy(from.floats, 0, to.floats, 0, from.floats.length);
        } else {
            System.arraycopy(from.doubles, 0, to.doubles, 0, from.doubles.length);
        }
        to.written();
    }
}
