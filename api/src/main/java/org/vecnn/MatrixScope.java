package org.vecnn;

import java.util.ArrayList;
import java.util.List;

/**
 * A try-with-resources scope that closes every matrix created on its thread while it is open, so that a
 * request handler cannot leak native or device memory:
 *
 * <pre>{@code
 * try (MatrixScope scope = MatrixScope.open()) {
 *     Matrix x = backend.matrix(batch, 784, pixels);
 *     Matrix y = scope.keep(network.forward(x));   // survives the scope
 * }                                               // x and every intermediate are closed here
 * }</pre>
 *
 * <p>Scopes nest: a matrix is registered with the innermost open scope of the creating thread, and
 * {@link #keep(AutoCloseable)} hands it to the enclosing scope, if any. A scope belongs to the thread that opened
 * it and must be closed there, innermost first. Backends register their matrices through
 * {@link #register(AutoCloseable)}; the SPI's {@code AbstractMatrix} does so for every matrix.
 */
public final class MatrixScope implements AutoCloseable {
    private static final ThreadLocal<MatrixScope> CURRENT = new ThreadLocal<>();

    private final MatrixScope parent;
    private final Thread owner;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private boolean closed;

    private MatrixScope(MatrixScope parent) {
        this.parent = parent;
        this.owner = Thread.currentThread();
    }

    /** @return a new scope, now the innermost one of the calling thread */
    public static MatrixScope open() {
        MatrixScope scope = new MatrixScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Registers a resource with the calling thread's innermost open scope; does nothing when no scope is
     * open. Called by backends for every matrix they create.
     *
     * @param resource a matrix or other resource to close with the scope
     */
    public static void register(AutoCloseable resource) {
        MatrixScope scope = CURRENT.get();
        if (scope != null) {
            scope.resources.add(resource);
        }
    }

    /**
     * Takes a matrix out of this scope so that it survives it; it moves to the enclosing scope, if any.
     *
     * @param matrix a matrix created in this scope (or any matrix: one not registered here is left as is)
     * @param <T> the matrix type
     * @return the same matrix
     * @throws IllegalStateException when called from another thread than the one that opened the scope,
     *     or after the scope was closed
     */
    public <T extends AutoCloseable> T keep(T matrix) {
        checkOwner("keep");
        if (closed) {
            throw new IllegalStateException("MatrixScope.keep: the scope is closed");
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i) == matrix) {
                resources.remove(i);
                if (parent != null) {
                    parent.resources.add(matrix);
                }
                break;
            }
        }
        return matrix;
    }

    /** @return how many resources this scope will close */
    public int size() {
        return resources.size();
    }

    /**
     * Closes every resource registered here, newest first, and makes the enclosing scope current again.
     * Idempotent.
     *
     * @throws IllegalStateException when called from another thread, or while an inner scope is still open
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkOwner("close");
        if (CURRENT.get() != this) {
            throw new IllegalStateException("MatrixScope.close: an inner scope is still open; close scopes "
                    + "innermost first");
        }
        closed = true;
        if (parent == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(parent);
        }
        RuntimeException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("MatrixScope.close: a resource failed to close", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOwner(String operation) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("MatrixScope." + operation + ": the scope belongs to thread '"
                    + owner.getName() + "', not '" + Thread.currentThread().getName() + "'");
        }
    }
}
