/**
 * What backend authors implement: {@link org.vecnn.spi.BackendProvider}, found by
 * {@link java.util.ServiceLoader}, and base classes ({@link org.vecnn.spi.AbstractBackend},
 * {@link org.vecnn.spi.AbstractMatrix}, {@link org.vecnn.spi.AbstractDenseLayer}) that apply the api's
 * argument checks and lifetime rules so that a backend only supplies storage and kernels. Run the
 * conformance kit ({@code vecnn-conformance-tests}) against a new backend.
 *
 * <p>The base classes hold every operand of a call (the backend, the matrices, a layer's W and B) for the
 * call's duration, so a close racing with it frees nothing until it has returned: a backend's
 * {@code release()} hooks run once, when the object is closed and no call holds it. Kernels thus need no
 * synchronisation against closing; a backend's own public methods that touch its memory take the same hold
 * ({@link org.vecnn.spi.AbstractBackend#enter(String)}).
 */
package org.vecnn.spi;
