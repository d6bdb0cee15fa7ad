package org.vecnn.backend.ejml;

import org.vecnn.Activation;
import org.vecnn.Matrix;
import org.vecnn.simd.DoubleActivationPass;
import org.vecnn.simd.FloatActivationPass;
import org.vecnn.spi.AbstractDenseLayer;

/**
 * A dense layer of the {@code ejml} backend: the product straight into the output's array, then the bias
 * and the activation over that array in place.
 */
final class EjmlDenseLayer extends AbstractDenseLayer {

    EjmlDenseLayer(Matrix weights, Matrix bias, Activation activation) {
        super(weights, bias, activation);
    }

    @Override
    protected void forwardInto(Matrix input, Matrix out) {
        EjmlMatrix a = (EjmlMatrix) input;
        EjmlMatrix w = (EjmlMatrix) weights();
        EjmlMatrix b = (EjmlMatrix) bias();
        EjmlMatrix o = (EjmlMatrix) out;
        EjmlBackend backend = (EjmlBackend) backend();
        int m = input.rows();
        int n = units();
        if (a.f() != null) {
            backend.mult(a.f(), w.f(), o.f());
            FloatActivationPass.biasApply(activation(), o.f().data, b.f().data, o.f().data, 0, m, n);
        } else {
            backend.mult(a.d(), w.d(), o.d());
            DoubleActivationPass.biasApply(activation(), o.d().data, b.d().data, o.d().data, 0, m, n);
        }
    }
}
