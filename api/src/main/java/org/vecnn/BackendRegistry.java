package org.vecnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.vecnn.spi.BackendProvider;

/**
 * The backend providers visible from one class loader, plus any registered by hand: the object behind
 * {@link Backends}, and what {@link Backends#using(ClassLoader)} gives a plugin host.
 *
 * <p><b>Selection rules</b>, in order: the name given as an argument ({@link #get(String)}); the system
 * property {@value #PROPERTY}; the environment variable {@value #ENVIRONMENT}; otherwise the available
 * backend of highest priority, ties broken by name. A backend chosen by name never falls back to another:
 * if it cannot run, selection fails with its probe's reason. Two providers with one name make selecting
 * that name fail, naming both sources.
 *
 * <p>Discovery is lazy (on first use) and guarded: a provider that fails to load, or whose {@code name()}
 * or {@code priority()} throws, is reported by {@link #problems()} and skipped. Each provider is probed at most
 * once. The decision of {@link #best()} is logged once at DEBUG (JUL: FINE) through {@link System.Logger}
 * (logger {@code org.vecnn.Backends}); nothing is printed. Thread-safe.
 */
public final class BackendRegistry {
    /** The system property that names the backend {@link #best()} returns: {@value}. */
    public static final String PROPERTY = "vecnn.backend";
    /** The environment variable that names the backend {@link #best()} returns: {@value}. */
    public static final String ENVIRONMENT = "VECNN_BACKEND";

    private final ClassLoader loader;
    private final UnaryOperator<String> environment;
    private final List<ProviderEntry> registered = new CopyOnWriteArrayList<>();
    private final SelectionLog log = new SelectionLog();
    private volatile ProviderDiscovery discovery;

    BackendRegistry(ClassLoader loader, UnaryOperator<String> environment) {
        this.loader = loader;
        this.environment = environment;
    }

    /**
     * A registry of the providers that {@link ServiceLoader} finds through a class loader (module path and
     * class path alike). Nothing is loaded until first use.
     *
     * @param loader the class loader to search, e.g. a plugin's
     * @return a new registry
     * @throws IllegalArgumentException when loader is null
     */
    public static BackendRegistry discover(ClassLoader loader) {
        if (loader == null) {
            throw new IllegalArgumentException("discover: class loader is null");
        }
        return new BackendRegistry(loader, System::getenv);
    }

    /**
     * A registry of the given providers only, without discovery: for tests and hosts that wire providers
     * themselves.
     *
     * @param providers the providers
     * @return a new registry
     */
    public static BackendRegistry of(BackendProvider... providers) {
        BackendRegistry registry = new BackendRegistry(null, System::getenv);
        for (BackendProvider p : providers) {
            registry.register(p);
        }
        return registry;
    }

    /**
     * Adds a provider by hand, beside the discovered ones.
     *
     * @param provider a provider
     * @return this registry
     * @throws IllegalArgumentException when provider is null, or its {@code name()} or {@code priority()}
     *     throws or its name is null or blank
     */
    public BackendRegistry register(BackendProvider provider) {
        if (provider == null) {
            throw new IllegalArgumentException("register: provider is null");
        }
        ProviderEntry entry;
        try {
            entry = ProviderEntry.of(provider, "registered by " + provider.getClass().getName());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("register: " + e.getMessage(), e.getCause());
        }
        synchronized (registered) {
            if (registered.stream().noneMatch(e -> e.provider == provider)) {
                registered.add(entry);
            }
        }
        return this;
    }

    /**
     * Every provider known, probed, ordered by selection rank (priority descending, then name).
     *
     * @return one entry per provider, duplicates of a name included
     */
    public List<BackendInfo> all() {
        return entries().stream().map(ProviderEntry::info).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The providers that discovery could not use.
     *
     * @return one line for each provider entry that could not be loaded (a broken jar, a missing class);
     *     empty when discovery found no problem
     */
    public List<String> problems() {
        return discovery().problems();
    }

    /**
     * Creates the backend of a name. It never falls back to another backend.
     *
     * @param name a backend name, e.g. {@code "ejml"}
     * @return a new backend, which the caller must close
     * @throws BackendUnavailableException when no provider has that name (the message lists the backends
     *     present and the artifact to add), two have, or it cannot run here (with its probe's reason)
     * @throws IllegalArgumentException when name is null or blank
     */
    public Backend get(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("get: backend name is null or blank");
        }
        return create(choose(SelectionRules.Request.of(name, null, null)));
    }

    /**
     * Creates the backend the selection rules choose: {@value #PROPERTY}, then {@value #ENVIRONMENT},
     * then the available backend of highest priority.
     *
     * @return a new backend, which the caller must close
     * @throws BackendUnavailableException when the named backend cannot run, or none can
     */
    public Backend best() {
        return create(choose(request()));
    }

    /**
     * Says which backend {@link #best()} would create, and why, without creating it.
     *
     * @return the decision; its {@code failure} is set when nothing can be chosen
     */
    public BackendSelection selection() {
        SelectionRules.Request request = request();
        try {
            SelectionRules.Choice c = choose(request);
            return new BackendSelection(c.chosen().name(), c.rule(), c.passedOver(), null);
        } catch (BackendUnavailableException e) {
            return new BackendSelection(null, request.rule(), List.of(), e.getMessage());
        }
    }

    private SelectionRules.Request request() {
        return SelectionRules.Request.of(null, System.getProperty(PROPERTY), environment.apply(ENVIRONMENT));
    }

    private SelectionRules.Choice choose(SelectionRules.Request request) {
        List<ProviderEntry> entries = entries();
        List<SelectionRules.Candidate> ranked = entries.stream().map(e -> e.candidate).collect(Collectors.toList());
        return SelectionRules.choose(ranked, request, () -> SelectionMessages.noneFound(loader, problems()));
    }

    private Backend create(SelectionRules.Choice choice) {
        log.chose(choice);
        ProviderEntry entry = entries().stream().filter(e -> e.candidate == choice.chosen()).findFirst()
                .orElseThrow();
        try {
            return Objects.requireNonNull(entry.provider.create(), "create() returned null");
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("backend '" + entry.name() + "' failed to start: " + e, e);
        }
    }

    /** @return the discovered and registered providers in selection order */
    private List<ProviderEntry> entries() {
        List<ProviderEntry> discovered = discovery().entries();
        List<ProviderEntry> all = new ArrayList<>(discovered);
        for (ProviderEntry r : registered) {
            // A provider registered by hand that discovery also found is one provider, not a duplicate.
            boolean discoveredToo = discovered.stream().anyMatch(e -> e.provider.getClass() == r.provider.getClass()
                    && e.name().equals(r.name()));
            if (!discoveredToo) {
                all.add(r);
            }
        }
        List<SelectionRules.Candidate> ranked = SelectionRules.rank(
                all.stream().map(e -> e.candidate).collect(Collectors.toList()));
        List<ProviderEntry> ordered = ranked.stream()
                .map(c -> all.stream().filter(e -> e.candidate == c).findFirst().orElseThrow())
                .collect(Collectors.toList());
        warnAboutDuplicates(ranked);
        return ordered;
    }

    private void warnAboutDuplicates(List<SelectionRules.Candidate> ranked) {
        Map<String, List<SelectionRules.Candidate>> byName = new LinkedHashMap<>();
        for (SelectionRules.Candidate c : ranked) {
            byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
        }
        byName.forEach((name, same) -> {
            if (same.size() > 1) {
                log.duplicates(name, SelectionMessages.duplicates(name, same));
            }
        });
    }

    private ProviderDiscovery discovery() {
        ProviderDiscovery d = discovery;
        if (d == null) {
            synchronized (this) {
                d = discovery;
                if (d == null) {
                    d = loader == null ? ProviderDiscovery.NONE : ProviderDiscovery.scan(loader, log);
                    discovery = d;
                }
            }
        }
        return d;
    }
}
