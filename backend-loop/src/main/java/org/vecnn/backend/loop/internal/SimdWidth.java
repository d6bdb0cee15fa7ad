package org.vecnn.backend.loop.internal;

import jdk.incubator.vector.FloatVector;

/**
 * The width of the Vector API's preferred species in this JVM, which picks the micro-kernel's tile. Loaded
 * only when the JVM has {@code jdk.incubator.vector}.
 */
final class SimdWidth {
    private SimdWidth() {
    }

    /** @return the preferred species' width in bits: 512 on AVX-512 (unless -XX:UseAVX or MaxVectorSize cap it) */
    static int bits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
