package org.vecnn;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * The backend providers visible from one class loader, plus any registered by hand, and the one place
 * where the selection rules are applied. {@link Backends} holds the registry of the api's own class
 * loader; plugin hosts create their own with {@link #discover(ClassLoader)}.
 *
 * <p><b>Selection rules</b>, in order: the name given as an argument ({@link #get(String)}); the system
 * property {@value #PROPERTY}; the environment variable {@value #ENVIRONMENT}; otherwise the available
 * backend of highest priority, ties broken by name. A backend chosen by name never falls back to another:
 * if it cannot run, selection fails with its probe's reason. Two providers with one name make selecting
 * that name fail, naming both sources; so do two different class files of one provider class in two jars
 * (two versions of a backend, or a fat jar of another build beside the backend's own jar), which
 * ServiceLoader alone would silently shadow. Identical copies of one jar are one provider.
 *
 * <p>Discovery is lazy (on first use) and guarded: a provider that fails to load, or whose {@code name()}
 * or {@code priority()} throws, is reported by {@link #problems()} and skipped. Each provider is probed at most once. The decision of {@link #best()}
 * is logged once at DEBUG (JUL: FINE) through {@link System.Logger} (logger {@code org.vecnn.Backends}); nothing is
 * printed. Thread-safe.
 */
public final class BackendRegistry {
    /** The system property that names the backend {@link #best()} returns: {@value}. */
    public static final String PROPERTY = "vecnn.backend";
    /** The environment variable that names the backend {@link #best()} returns: {@value}. */
    public static final String ENVIRONMENT = "VECNN_BACKEND";

    private static final System.Logger LOG = System.getLogger("org.vecnn.Backends");
    private static final Map<String, String> ARTIFACTS = Map.of(
            "loop", "org.vecnn:vecnn-backend-loop",
            "loop-naive", "org.vecnn:vecnn-backend-loop",
            "ejml", "org.vecnn:vecnn-backend-ejml",
            "nd4j", "org.vecnn:vecnn-backend-nd4j",
            "cuda", "org.vecnn:vecnn-backend-cuda");

    private final ClassLoader loader;
    private final UnaryOperator<String> environment;
    private final List<Entry> registered = new CopyOnWriteArrayList<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile Discovery discovery;

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
        Entry entry;
        try {
            entry = Entry.of(provider, "registered by " + provider.getClass().getName());
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
        return entries().stream().map(Entry::info).collect(Collectors.toUnmodifiableList());
    }

    /**
     * @return one line for each provider entry that could not be loaded (a broken jar, a missing class);
     *     empty when discovery found no problem
     */
    public List<String> problems() {
        return discovery().problems;
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
        return create(named(name.trim(), "argument"));
    }

    /**
     * Creates the backend the selection rules choose: {@value #PROPERTY}, then {@value #ENVIRONMENT},
     * then the available backend of highest priority.
     *
     * @return a new backend, which the caller must close
     * @throws BackendUnavailableException when the named backend cannot run, or none can
     */
    public Backend best() {
        return create(choose());
    }

    /**
     * Says which backend {@link #best()} would create, and why, without creating it.
     *
     * @return the decision; its {@code failure} is set when nothing can be chosen
     */
    public BackendSelection selection() {
        try {
            Choice c = choose();
            return new BackendSelection(c.entry.name, c.rule, c.passedOver, null);
        } catch (BackendUnavailableException e) {
            return new BackendSelection(null, requestedRule(), List.of(), e.getMessage());
        }
    }

    private Backend create(Choice choice) {
        String key = choice.rule + "->" + choice.entry.name;
        if (logged.add(key)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "vecnn: using backend '" + choice.entry.name
                    + "' (" + choice.rule + ")" + (choice.passedOver.isEmpty() ? ""
                            : "; passed over: " + String.join("; ", choice.passedOver)));
        }
        try {
            return Objects.requireNonNull(choice.entry.provider.create(), "create() returned null");
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("backend '" + choice.entry.name
                    + "' failed to start: " + e, e);
        }
    }

    private String requestedRule() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return "system property " + PROPERTY + "=" + property.trim();
        }
        String env = environment.apply(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return "environment variable " + ENVIRONMENT + "=" + env.trim();
        }
        return "highest available priority";
    }

    private Choice choose() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return named(property.trim(), "system property " + PROPERTY + "=" + property.trim());
        }
        String env = environment.apply(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return named(env.trim(), "environment variable " + ENVIRONMENT + "=" + env.trim());
        }
        List<Entry> entries = entries();
        if (entries.isEmpty()) {
            throw new BackendUnavailableException(noneFound());
        }
        List<String> passedOver = new ArrayList<>();
        Entry chosen = null;
        for (Entry e : entries) {
            String name = e.name;
            if (chosen != null) {
                passedOver.add(name + ": lower priority (" + e.priority + ")");
                continue;
            }
            ProbeResult probe = e.probe();
            if (!probe.available()) {
                passedOver.add(name + ": unavailable: " + probe.reason());
                continue;
            }
            List<Entry> same = withName(entries, name);
            if (same.size() > 1) {
                throw new BackendUnavailableException(duplicates(name, same));
            }
            chosen = e;
        }
        if (chosen == null) {
            throw new BackendUnavailableException("no vecnn backend can run here: "
                    + String.join("; ", passedOver) + ". Add org.vecnn:vecnn-backend-loop, which runs on any JVM.");
        }
        return new Choice(chosen, "highest available priority", List.copyOf(passedOver));
    }

    private Choice named(String name, String rule) {
        List<Entry> entries = entries();
        if (entries.isEmpty()) {
            throw new BackendUnavailableException("backend '" + name + "' (" + rule + ") was asked for, but "
                    + noneFound());
        }
        List<Entry> same = withName(entries, name);
        if (same.isEmpty()) {
            // Names are matched in any case when no provider has the exact one: VECNN_BACKEND=LOOP means loop.
            List<String> folded = entries.stream().map(e -> e.name).filter(n -> n.equalsIgnoreCase(name))
                    .distinct().collect(Collectors.toList());
            if (folded.size() == 1) {
                same = withName(entries, folded.get(0));
            }
        }
        if (same.isEmpty()) {
            String present = entries.stream().map(e -> e.name).distinct()
                    .collect(Collectors.joining(", "));
            String artifact = ARTIFACTS.get(name);
            throw new BackendUnavailableException("backend '" + name + "' (" + rule
                    + ") is not on the class path; present: " + present + ". "
                    + (artifact != null ? "Add " + artifact + " to the runtime class path."
                            : "Check the name, or add the jar that provides it."));
        }
        if (same.size() > 1) {
            throw new BackendUnavailableException(duplicates(name, same));
        }
        Entry entry = same.get(0);
        ProbeResult probe = entry.probe();
        if (!probe.available()) {
            throw new BackendUnavailableException("backend '" + entry.name + "' (" + rule + ") is unavailable: "
                    + probe.explanation());
        }
        List<String> others = entries.stream().filter(e -> e != entry)
                .map(e -> e.name + ": not named").collect(Collectors.toList());
        return new Choice(entry, rule, List.copyOf(others));
    }

    private static String duplicates(String name, List<Entry> same) {
        return "two or more providers are named '" + name + "': "
                + same.stream().map(e -> e.provider.getClass().getName() + " from " + e.source)
                        .collect(Collectors.joining(" and "))
                + ". Remove all but one of these jars from the class path.";
    }

    private String noneFound() {
        StringBuilder s = new StringBuilder("no vecnn backend provider was found");
        s.append(loader == null ? "" : " through class loader " + loader).append(". Likely causes: ")
                .append("(1) no backend jar is a dependency: add org.vecnn:vecnn-backend-loop at runtime scope; ")
                .append("(2) a fat jar dropped META-INF/services/org.vecnn.spi.BackendProvider: use the ")
                .append("maven-shade-plugin's ServicesResourceTransformer; ")
                .append("(3) the backends live in a plugin class loader: use Backends.using(thatLoader).");
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            s.append(" Providers that failed to load: ").append(String.join("; ", problems));
        }
        return s.toString();
    }

    private static List<Entry> withName(List<Entry> entries, String name) {
        return entries.stream().filter(e -> e.name.equals(name)).collect(Collectors.toList());
    }

    private List<Entry> entries() {
        List<Entry> discovered = discovery().entries;
        List<Entry> all = new ArrayList<>(discovered);
        for (Entry r : registered) {
            // A provider registered by hand that discovery also found is one provider, not a duplicate.
            boolean discoveredToo = discovered.stream().anyMatch(e -> e.provider.getClass() == r.provider.getClass()
                    && e.name.equals(r.name));
            if (!discoveredToo) {
                all.add(r);
            }
        }
        all.sort(Comparator.comparingInt((Entry e) -> -e.priority)
                .thenComparing(e -> e.name).thenComparing(e -> e.source));
        warnAboutDuplicates(all);
        return all;
    }

    private void warnAboutDuplicates(List<Entry> all) {
        Map<String, List<Entry>> byName = new LinkedHashMap<>();
        for (Entry e : all) {
            byName.computeIfAbsent(e.name, k -> new ArrayList<>()).add(e);
        }
        byName.forEach((name, same) -> {
            if (same.size() > 1 && logged.add("duplicate:" + name)) {
                LOG.log(System.Logger.Level.WARNING, () -> "vecnn: " + duplicates(name, same));
            }
        });
    }

    private Discovery discovery() {
        Discovery d = discovery;
        if (d == null) {
            synchronized (this) {
                d = discovery;
                if (d == null) {
                    d = loader == null ? new Discovery(List.of(), List.of()) : scan(loader);
                    discovery = d;
                }
            }
        }
        return d;
    }

    private static Discovery scan(ClassLoader loader) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, loader).iterator();
        // ServiceLoader goes on to the next provider after a ServiceConfigurationError; the bound only
        // guards against an iterator that keeps failing on the same entry.
        for (int failures = 0; failures < 64; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                BackendProvider provider = it.next();
                String source = sourceOf(provider.getClass());
                Entry entry;
                try {
                    entry = Entry.of(provider, source);
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                    LOG.log(System.Logger.Level.WARNING, () -> "vecnn: skipped: " + e.getMessage());
                    continue;
                }
                entries.add(entry);
                // ServiceLoader loads a class once; the same provider class in a second jar (two versions
                // of a backend, or a fat jar beside the backend's own) is otherwise silently shadowed.
                for (String copy : otherCopies(loader, provider.getClass(), source)) {
                    entries.add(new Entry(provider, entry.name, entry.priority, copy));
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                problems.add(e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
                LOG.log(System.Logger.Level.WARNING, () -> "vecnn: a backend provider failed to load: "
                        + e.getMessage());
            }
        }
        return new Discovery(List.copyOf(entries), List.copyOf(problems));
    }

    /**
     * @return the other class path roots (jars, folders) that hold a different class file of type's name: another
     *     build or version of the provider. Identical copies (the same jar twice, e.g. once more through a
     *     manifest Class-Path) are one provider and only logged at DEBUG.
     */
    private static List<String> otherCopies(ClassLoader loader, Class<?> type, String source) {
        String resource = type.getName().replace('.', '/') + ".class";
        List<String> others = new ArrayList<>();
        try {
            Map<String, URL> roots = new LinkedHashMap<>();
            Enumeration<URL> found = loader.getResources(resource);
            while (found.hasMoreElements()) {
                URL url = found.nextElement();
                String text = url.toString();
                String root = text.startsWith("jar:") && text.contains("!/") ? text.substring(4, text.indexOf("!/"))
                        : text.endsWith(resource) ? text.substring(0, text.length() - resource.length()) : text;
                roots.putIfAbsent(root, url);
            }
            URL own = roots.entrySet().stream().filter(e -> comparable(e.getKey()).equals(comparable(source)))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (own == null) {
                return List.of(); // cannot tell which copy was loaded: no duplicate is claimed
            }
            byte[] loaded = bytes(own);
            for (Map.Entry<String, URL> e : roots.entrySet()) {
                if (e.getValue() == own) {
                    continue;
                }
                if (Arrays.equals(loaded, bytes(e.getValue()))) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "vecnn: " + type.getName() + " is also in " + e.getKey()
                            + ", an identical copy of " + source + "; one provider");
                } else {
                    others.add(e.getKey());
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // cannot look: no duplicate is claimed
        }
        return others;
    }

    private static byte[] bytes(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false); // a cached JarFile would stay open
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String comparable(String location) {
        try {
            URI uri = new URI(location);
            return "file".equals(uri.getScheme()) ? Path.of(uri).normalize().toString() : location;
        } catch (URISyntaxException | RuntimeException e) {
            return location;
        }
    }

    private static String sourceOf(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location != null) {
                return location.toString();
            }
        } catch (SecurityException ignored) {
            // fall through to the module name
        }
        Module module = type.getModule();
        return module.isNamed() ? "module " + module.getName() : "unknown location";
    }

    private record Discovery(List<Entry> entries, List<String> problems) {
    }

    private record Choice(Entry entry, String rule, List<String> passedOver) {
    }

    private static final class Entry {
        final BackendProvider provider;
        final String name;
        final int priority;
        final String source;
        private volatile ProbeResult probe;

        /**
         * Reads the provider's name and priority, once, here where a provider that throws can be contained.
         *
         * @throws IllegalStateException when {@code name()} or {@code priority()} throws or the name is null or
         *     blank: "CLASS broke the provider contract: ...", with the provider's exception as the cause
         */
        static Entry of(BackendProvider provider, String source) {
            try {
                String name = provider.name();
                if (name == null || name.isBlank()) {
                    throw new IllegalStateException("name() returned " + (name == null ? "null" : "a blank name"));
                }
                return new Entry(provider, name, provider.priority(), source);
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException(provider.getClass().getName() + " broke the provider contract: " + e,
                        e);
            }
        }

        Entry(BackendProvider provider, String name, int priority, String source) {
            this.provider = provider;
            this.name = name;
            this.priority = priority;
            this.source = source;
        }

        ProbeResult probe() {
            ProbeResult p = probe;
            if (p == null) {
                synchronized (this) {
                    p = probe;
                    if (p == null) {
                        try {
                            p = Objects.requireNonNull(provider.probe(), "probe() returned null");
                        } catch (Throwable t) {
                            p = ProbeResult.failed("probe of " + provider.getClass().getName(), t,
                                    "the provider broke its contract by throwing; report it to its authors");
                        }
                        probe = p;
                    }
                }
            }
            return p;
        }

        BackendInfo info() {
            return new BackendInfo(name, priority, probe(), source, provider.getClass().getName());
        }
    }
}
