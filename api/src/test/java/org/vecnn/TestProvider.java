package org.vecnn;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * A provider for registry tests that counts probes and creations. Create each one as an anonymous subclass
 * ({@code new TestProvider(...) { }}): a registry keeps one registered provider per class.
 */
class TestProvider implements BackendProvider {
    private final String name;
    private final int priority;
    private final Supplier<ProbeResult> probe;
    final AtomicInteger probes = new AtomicInteger();
    final AtomicInteger creations = new AtomicInteger();

    TestProvider(String name, int priority, Supplier<ProbeResult> probe) {
        this.name = name;
        this.priority = priority;
        this.probe = probe;
    }

    static Supplier<ProbeResult> runs() {
        return () -> ProbeResult.available("test kernels");
    }

    static Supplier<ProbeResult> missing(String reason, String hint) {
        return () -> ProbeResult.unavailable(reason, hint);
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
        return probe.get();
    }

    @Override
    public Backend create() {
        creations.incrementAndGet();
        return new DirectBackend(name);
    }
}
