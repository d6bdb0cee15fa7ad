package org.vecnn;

import java.util.List;
import org.vecnn.spi.BackendProvider;

/**
 * The entry point for finding backends: the providers that {@link java.util.ServiceLoader} finds through
 * the api's class loader, and the selection rules of {@link BackendRegistry}.
 *
 * <pre>{@code
 * try (Backend backend = Backends.best()) {          // vecnn.backend, VECNN_BACKEND, or priority
 *     ...
 * }
 * try (Backend ejml = Backends.get("ejml")) { ... }  // by name; never falls back
 * }</pre>
 *
 * <p>Each call to {@link #get} or {@link #best} creates a new backend that the caller owns and closes.
 * For plugin hosts, {@link #using(ClassLoader)} searches another class loader.
 */
public final class Backends {
    private static volatile BackendRegistry registry;

    private Backends() {
    }

    /** @return the registry of the api's class loader, discovered on first use */
    public static BackendRegistry registry() {
        BackendRegistry r = registry;
        if (r == null) {
            synchronized (Backends.class) {
                r = registry;
                if (r == null) {
                    ClassLoader loader = Backends.class.getClassLoader();
                    r = BackendRegistry.discover(loader != null ? loader : ClassLoader.getSystemClassLoader());
                    registry = r;
                }
            }
        }
        return r;
    }

    /**
     * Creates the backend of a name; never falls back. See {@link BackendRegistry#get(String)}.
     *
     * @param name a backend name, e.g. {@code "loop"}
     * @return a new backend, owned by the caller
     * @throws BackendUnavailableException when it is absent, duplicated or cannot run here
     */
    public static Backend get(String name) {
        return registry().get(name);
    }

    /**
     * Creates the backend the selection rules choose. See {@link BackendRegistry#best()}.
     *
     * @return a new backend, owned by the caller
     * @throws BackendUnavailableException when none can run
     */
    public static Backend best() {
        return registry().best();
    }

    /** @return every provider known, probed, in selection order; see {@link BackendRegistry#all()} */
    public static List<BackendInfo> all() {
        return registry().all();
    }

    /** @return which backend {@link #best()} would create, and why */
    public static BackendSelection selection() {
        return registry().selection();
    }

    /**
     * Registers a provider by hand with the default registry.
     *
     * @param provider a provider
     * @throws IllegalArgumentException when provider is null, or its {@code name()} or {@code priority()}
     *     throws or its name is null or blank
     */
    public static void register(BackendProvider provider) {
        registry().register(provider);
    }

    /**
     * A new registry that discovers providers through another class loader, for plugin hosts.
     *
     * @param loader the class loader to search
     * @return a new registry
     */
    public static BackendRegistry using(ClassLoader loader) {
        return BackendRegistry.discover(loader);
    }
}
