package org.vecnn;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.vecnn.spi.BackendProvider;

/**
 * What {@link ServiceLoader} finds through one class loader: the providers that loaded, and one line for each
 * that did not. A provider that fails to load, or whose {@code name()} or {@code priority()} throws, is a
 * problem, not a failure of discovery.
 *
 * @param entries the providers that loaded, in ServiceLoader's order
 * @param problems one line per provider that could not be loaded or broke its contract
 */
record ProviderDiscovery(List<ProviderEntry> entries, List<String> problems) {
    /** Nothing discovered: a registry of hand-registered providers only. */
    static final ProviderDiscovery NONE = new ProviderDiscovery(List.of(), List.of());

    static ProviderDiscovery scan(ClassLoader loader, SelectionLog log) {
        List<ProviderEntry> entries = new ArrayList<>();
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
                try {
                    entries.add(ProviderEntry.of(provider, sourceOf(provider.getClass())));
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                    log.skipped(e.getMessage());
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                problems.add(e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
                log.failedToLoad(e.getMessage());
            }
        }
        return new ProviderDiscovery(List.copyOf(entries), List.copyOf(problems));
    }

    /** @return the jar or folder a class was loaded from, its module's name, or "unknown location" */
    static String sourceOf(Class<?> type) {
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
}
