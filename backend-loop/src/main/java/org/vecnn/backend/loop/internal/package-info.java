/**
 * The loop backends' kernels; not exported. The FLOAT32 classes ({@code Float*}) are written by hand; the
 * FLOAT64 ones ({@code Double*}) are generated from them by {@code codegen}'s PrecisionTwins and committed
 * (regenerate with {@code java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java} from the
 * repository root; GeneratedSourcesTest fails while they are stale). Activations are those of
 * {@link org.vecnn.spi.FloatActivations} and its FLOAT64 twin.
 */
package org.vecnn.backend.loop.internal;
