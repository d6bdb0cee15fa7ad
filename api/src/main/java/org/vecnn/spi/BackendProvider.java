package org.vecnn.spi;

import org.vecnn.Backend;

/**
 * What a backend module registers with {@link java.util.ServiceLoader}: a cheap description of a backend
 * that creates the heavy backend only on request.
 *
 * <p>Implementations have a public no-argument constructor that does no work: no native loading, no
 * discovery, no static initialisers with side effects. Register the class in
 * {@code META-INF/services/org.vecnn.spi.BackendProvider} and, in a named module, with
 * {@code provides org.vecnn.spi.BackendProvider with ...}.
 */
public interface BackendProvider {

    /** @return the backend's unique name, lower case, e.g. {@code "loop"}; used for selection */
    String name();

    /**
     * The rank used when nothing names a backend: the highest available priority wins, ties broken by
     * name. Document the measurement behind the number next to it.
     *
     * @return the priority; higher is preferred
     */
    int priority();

    /**
     * Checks whether the backend can run here: loads what it needs (native libraries, devices) and
     * reports. Never throws: every {@link Throwable}, {@link UnsatisfiedLinkError} and
     * {@link NoClassDefFoundError} included, becomes an unavailable result with a reason.
     *
     * @return availability, with a reason (what is used when available, what failed when not) and a hint
     */
    ProbeResult probe();

    /**
     * Creates a new backend instance owned by the caller.
     *
     * @return a new backend
     * @throws org.vecnn.BackendUnavailableException when the backend cannot run here, with the probe's reason
     */
    Backend create();
}
