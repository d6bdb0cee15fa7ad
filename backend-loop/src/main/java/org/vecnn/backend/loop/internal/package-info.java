/**
 * The loop backends' kernels; not exported. The FLOAT32 classes ({@code Float*}) are written by hand and the
 * FLOAT64 ones ({@code Double*}) generated from them at build time.
 */
package org.vecnn.backend.loop.internal;
