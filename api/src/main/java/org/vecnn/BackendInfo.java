package org.vecnn;

import org.vecnn.spi.ProbeResult;

/**
 * What discovery knows of one backend provider, for diagnostics and selection.
 *
 * @param name the backend's name
 * @param priority its rank when nothing names a backend; higher is preferred
 * @param probe whether it can run here, and why (not)
 * @param source where the provider came from: the jar or folder of its class, or how it was registered
 * @param providerClass the provider's class name
 */
public record BackendInfo(String name, int priority, ProbeResult probe, String source, String providerClass) {
}
