package org.vecnn.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.vecnn.Backend;
import org.vecnn.BackendInfo;
import org.vecnn.BackendRegistry;
import org.vecnn.Backends;

/**
 * Binds vecnn for a Guice injector:
 *
 * <ul>
 *   <li>{@link Backend}: a singleton, the backend chosen by the rules of {@link Backends#best()} (system
 *       property {@value BackendRegistry#PROPERTY}, environment variable {@value BackendRegistry#ENVIRONMENT},
 *       highest available priority), or the one named when the module is built. It is created while the
 *       injector is created, so a backend that is absent or cannot run fails {@code Guice.createInjector}
 *       with a {@link com.google.inject.CreationException} carrying the message of {@link Backends#get}.</li>
 *   <li>{@code Map<String, Backend>} (a {@link MapBinder}): every backend whose probe says it can run here,
 *       by name; the entry of the chosen backend is the same instance as the {@code Backend} binding.
 *       Entries are created on first use: injecting {@code Map<String, Provider<Backend>>} creates only
 *       the ones you {@code get()}, while injecting {@code Map<String, Backend>} creates them all. Building
 *       the map probes every provider on the class path once when the injector is created (ND4J and CUDA
 *       load their native libraries to probe); {@link #withoutBackendMap()} leaves the map out.</li>
 *   <li>{@link NetworkFactory}: builds dense layers and networks on the bound backend.</li>
 *   <li>{@link BackendLifecycle}: a singleton that owns every backend the injector created. The host closes
 *       it at shutdown, which closes those backends and so every matrix, layer and network on them.</li>
 * </ul>
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new VecnnModule());        // or VecnnModule.named("ejml")
 * Backend backend = injector.getInstance(Backend.class);
 * ...
 * injector.getInstance(BackendLifecycle.class).close();               // at shutdown
 * }</pre>
 *
 * <p>Two modules are equal when they have the same registry, name and map option, so installing the same
 * configuration twice binds it once.
 */
public final class VecnnModule extends AbstractModule {
    private final BackendRegistry registry;
    private final String name;
    private final boolean backendMap;

    /** A module whose backend is chosen by the selection rules over the providers {@link Backends} finds. */
    public VecnnModule() {
        this(null, null, true);
    }

    /**
     * A module bound to the backend of a name, which never falls back to another.
     *
     * @param name a backend name, e.g. {@code "ejml"}
     * @throws IllegalArgumentException when name is null or blank
     */
    public VecnnModule(String name) {
        this(null, checkName(name), true);
    }

    /**
     * A module whose backend is chosen by the selection rules over the providers of a registry, e.g. one
     * of {@link Backends#using(ClassLoader)} for backends in a plugin's class loader.
     *
     * @param registry the registry to choose from
     * @throws IllegalArgumentException when registry is null
     */
    public VecnnModule(BackendRegistry registry) {
        this(checkRegistry(registry), null, true);
    }

    /**
     * A module bound to the backend of a name among the providers of a registry.
     *
     * @param registry the registry to choose from
     * @param name a backend name
     * @throws IllegalArgumentException when registry is null, or name is null or blank
     */
    public VecnnModule(BackendRegistry registry, String name) {
        this(checkRegistry(registry), checkName(name), true);
    }

    private VecnnModule(BackendRegistry registry, String name, boolean backendMap) {
        this.registry = registry;
        this.name = name;
        this.backendMap = backendMap;
    }

    /**
     * Same as {@link #VecnnModule(String)}.
     *
     * @param name a backend name, e.g. {@code "loop"}
     * @return a module bound to that backend
     * @throws IllegalArgumentException when name is null or blank
     */
    public static VecnnModule named(String name) {
        return new VecnnModule(name);
    }

    /**
     * A copy of this module that binds no {@code Map<String, Backend>}, so that creating the injector
     * probes only the backends the selection needs.
     *
     * @return a new module
     */
    public VecnnModule withoutBackendMap() {
        return new VecnnModule(registry, name, false);
    }

    @Override
    protected void configure() {
        BackendRegistry r = registry();
        String requested = name;
        // Eager, so that a backend that cannot be created fails injector creation, not the first request.
        bind(BackendLifecycle.class)
                .toProvider((Provider<BackendLifecycle>) () -> new BackendLifecycle(r, requested))
                .asEagerSingleton();
        if (backendMap) {
            MapBinder<String, Backend> map = MapBinder.newMapBinder(binder(), String.class, Backend.class);
            Provider<BackendLifecycle> lifecycle = getProvider(BackendLifecycle.class);
            for (String available : availableNames(r)) {
                map.addBinding(available).toProvider((Provider<Backend>) () -> lifecycle.get().backend(available));
            }
        }
    }

    @Provides
    @Singleton
    Backend backend(BackendLifecycle lifecycle) {
        return lifecycle.chosen();
    }

    @Provides
    @Singleton
    NetworkFactory networkFactory(Backend backend) {
        return new NetworkFactory(backend);
    }

    private BackendRegistry registry() {
        return registry != null ? registry : Backends.registry();
    }

    private static Set<String> availableNames(BackendRegistry registry) {
        Set<String> names = new LinkedHashSet<>();
        for (BackendInfo info : registry.all()) {
            if (info.probe().available()) {
                names.add(info.name());
            }
        }
        return names;
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("VecnnModule: backend name is null or blank");
        }
        return name.trim();
    }

    private static BackendRegistry checkRegistry(BackendRegistry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("VecnnModule: registry is null");
        }
        return registry;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VecnnModule m && m.registry == registry && Objects.equals(m.name, name)
                && m.backendMap == backendMap;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(registry), name, backendMap);
    }

    @Override
    public String toString() {
        return "VecnnModule[" + (name != null ? "backend '" + name + "'" : "selection rules")
                + (backendMap ? "" : ", no backend map") + "]";
    }
}
