/**
 * The plain-Java backends, {@code loop} ({@link org.vecnn.backend.loop.LoopBackendProvider}) and
 * {@code loop-naive} ({@link org.vecnn.backend.loop.LoopNaiveBackendProvider}), over row-major heap arrays.
 * Select them through {@link org.vecnn.Backends}; docs/loop-backend.md describes the kernels and their speed.
 */
package org.vecnn.backend.loop;
