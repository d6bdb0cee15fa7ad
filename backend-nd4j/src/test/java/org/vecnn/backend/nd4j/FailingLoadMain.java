package org.vecnn.backend.nd4j;

import org.vecnn.Backend;
import org.vecnn.BackendRegistry;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/** Run by {@link Nd4jRuntimeTest} in a child JVM where ND4J cannot load; writes what it saw, one per line. */
public final class FailingLoadMain {
    private FailingLoadMain() {
    }

    public static void main(String[] args) {
        Nd4jBackendProvider nd4j = new Nd4jBackendProvider();
        ProbeResult r = nd4j.probe();
        System.out.println("available=" + r.available());
        System.out.println("reason=" + r.reason());
        System.out.println("cached=" + (nd4j.probe() == r));
        System.out.println("again=" + Nd4jRuntime.probe(Nd4jRuntime::load).reason());
        BackendProvider next = new BackendProvider() {
            @Override
            public String name() {
                return "next";
            }

            @Override
            public int priority() {
                return 1;
            }

            @Override
            public ProbeResult probe() {
                return ProbeResult.available("always");
            }

            @Override
            public Backend create() {
                throw new UnsupportedOperationException();
            }
        };
        System.out.println("chosen=" + BackendRegistry.of(nd4j, next).selection().chosen());
        try {
            nd4j.create();
            System.out.println("create=succeeded");
        } catch (RuntimeException e) {
            System.out.println("create=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
