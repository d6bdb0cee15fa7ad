package org.vecnn.guice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vecnn.Backend;
import org.vecnn.BackendRegistry;

/**
 * Owns the backends one injector created: the bound {@link Backend} and each entry of the backend map
 * that was used. Hosts close it at shutdown (or from their own lifecycle hook), which closes those
 * backends and with them every matrix, layer and network they made. vecnn registers no JVM shutdown hook
 * of its own.
 *
 * <p>One instance per injector, bound as an eager singleton by {@link VecnnModule}. Thread-safe.
 */
public final class BackendLifecycle implements AutoCloseable {
    private final BackendRegistry registry;
    private final Backend chosen;
    private final Map<String, Backend> created = new LinkedHashMap<>();
    private boolean closed;

    /**
     * Creates the chosen backend at once, so that a failure surfaces while the injector is created.
     *
     * @param registry where backends come from
     * @param name the backend to create, or null for the selection rules
     * @throws org.vecnn.BackendUnavailableException when that backend cannot be created
     */
    BackendLifecycle(BackendRegistry registry, String name) {
        this.registry = registry;
        this.chosen = name == null ? registry.best() : registry.get(name);
        created.put(chosen.name(), chosen);
    }

    /** @return the backend chosen for the {@link Backend} binding */
    public Backend chosen() {
        return chosen;
    }

    /**
     * The backend of a name, created on first request and shared afterwards; the chosen backend for its
     * own name.
     *
     * @param name a backend name
     * @return the backend, owned by this lifecycle (do not close it yourself)
     * @throws org.vecnn.BackendUnavailableException when it is absent or cannot run here, with the message
     *     of {@link org.vecnn.Backends#get(String)}
     * @throws IllegalStateException when this lifecycle is closed
     * @throws IllegalArgumentException when name is null or blank
     */
    public synchronized Backend backend(String name) {
        if (closed) {
            throw new IllegalStateException("BackendLifecycle.backend: closed; backend '" + name
                    + "' can no longer be created by this injector");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("BackendLifecycle.backend: name is null or blank");
        }
        Backend backend = created.get(name.trim());
        if (backend == null) {
            backend = registry.get(name.trim());
            created.put(name.trim(), backend);
        }
        return backend;
    }

    /** @return the names of the backends created so far, in creation order */
    public synchronized List<String> created() {
        return List.copyOf(created.keySet());
    }

    /** @return true once {@link #close()} was called */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes every backend created here, newest first. Idempotent; never throws. */
    @Override
    public void close() {
        List<Backend> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(created.values());
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Override
    public synchronized String toString() {
        return "BackendLifecycle[" + String.join(", ", created.keySet()) + (closed ? ", closed]" : "]");
    }
}
