package org.vecnn.guice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * A provider of {@link HeapBackend}s that records how often it was probed and what it created. Create each
 * one as an anonymous subclass ({@code new FakeProvider(...) { }}): a registry keeps one provider per class.
 */
class FakeProvider implements BackendProvider {
    private final String name;
    private final int priority;
    private final ProbeResult probe;
    final AtomicInteger probes = new AtomicInteger();
    final List<HeapBackend> created = new CopyOnWriteArrayList<>();

    FakeProvider(String name, int priority, ProbeResult probe) {
        this.name = name;
        this.priority = priority;
        this.probe = probe;
    }

    static ProbeResult runs() {
        return ProbeResult.available("heap arrays");
    }

    static ProbeResult missing(String reason) {
        return ProbeResult.unavailable(reason, "install the driver");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public ProbeResult probe() {
        probes.incrementAndGet();
        return probe;
    }

    @Override
    public Backend create() {
        if (!probe.available()) {
            throw new BackendUnavailableException("backend '" + name + "' is unavailable: " + probe.reason());
        }
        HeapBackend backend = new HeapBackend(name);
        created.add(backend);
        return backend;
    }
}
