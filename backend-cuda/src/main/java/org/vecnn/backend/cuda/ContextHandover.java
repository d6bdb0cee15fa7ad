package org.vecnn.backend.cuda;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands the context the probe opened to the first {@code create()}, so that the GPU is opened once, not twice
 * (retaining the primary context and JIT-loading the kernels are the expensive part of both). A context opened
 * for other settings than the ones asked for is closed, not handed over. One that is never taken stays open
 * until the JVM exits; it is a single context, held by the backend ranked first whenever the probe succeeds.
 *
 * @param <C> the context type (a test uses a fake one)
 */
final class ContextHandover<C extends AutoCloseable> {
    private record Parked<C extends AutoCloseable>(Object settings, C context) {
    }

    private final AtomicReference<Parked<C>> parked = new AtomicReference<>();

    /**
     * Keeps a context for the next {@link #take}; a context already kept is closed.
     *
     * @param settings what the context was opened for
     * @param context the open context
     */
    void offer(Object settings, C context) {
        closeQuietly(parked.getAndSet(new Parked<>(settings, context)));
    }

    /**
     * @param settings what the caller would open a context for
     * @return the kept context when it was opened for equal settings (once), otherwise null
     */
    C take(Object settings) {
        Parked<C> p = parked.getAndSet(null);
        if (p == null) {
            return null;
        }
        if (p.settings().equals(settings)) {
            return p.context();
        }
        closeQuietly(p);
        return null;
    }

    private static void closeQuietly(Parked<? extends AutoCloseable> p) {
        if (p != null) {
            try {
                p.context().close();
            } catch (Exception ignored) {
                // CudaContext.close never throws; a context that cannot close has nothing left to free
            }
        }
    }
}
