package org.vecnn;

import java.util.Objects;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * One provider known to a registry: its name and priority, read once, where it came from, and its probe, run at
 * most once and contained when it throws.
 */
final class ProviderEntry {
    final BackendProvider provider;
    final SelectionRules.Candidate candidate;
    private volatile ProbeResult probe;

    private ProviderEntry(BackendProvider provider, String name, int priority, String source) {
        this.provider = provider;
        this.candidate = new SelectionRules.Candidate(name, priority, source, provider.getClass().getName(),
                this::probe);
    }

    /**
     * Reads the provider's name and priority, once, here where a provider that throws can be contained.
     *
     * @throws IllegalStateException when {@code name()} or {@code priority()} throws or the name is null or
     *     blank: "CLASS broke the provider contract: ...", with the provider's exception as the cause
     */
    static ProviderEntry of(BackendProvider provider, String source) {
        try {
            String name = provider.name();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("name() returned " + (name == null ? "null" : "a blank name"));
            }
            return new ProviderEntry(provider, name, provider.priority(), source);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(provider.getClass().getName() + " broke the provider contract: " + e, e);
        }
    }

    String name() {
        return candidate.name();
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
        return new BackendInfo(candidate.name(), candidate.priority(), probe(), candidate.source(),
                candidate.providerClass());
    }
}
