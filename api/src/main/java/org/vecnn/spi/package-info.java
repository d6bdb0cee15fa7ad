/**
 * What backend authors implement: {@link org.vecnn.spi.BackendProvider}, found by
 * {@link java.util.ServiceLoader}, and base classes ({@link org.vecnn.spi.AbstractBackend},
 * {@link org.vecnn.spi.AbstractMatrix}, {@link org.vecnn.spi.AbstractDenseLayer}) that apply the api's
 * argument checks and lifetime rules so that a backend only supplies storage and kernels. Run the
 * conformance kit ({@code vecnn-conformance-tests}) against a new backend.
 *
 * <p>The base classes hold every operand of a call (the backend, the matrices, a layer's W and B) for the
 * call's duration, so a close racing with it frees nothing until it has returned: on a backend that tracks its
 * resources, a call marks its thread in a call on the backend before it checks its operands open, and a
 * {@code release()} hook runs once, when the object is closed and every call that was in flight on the backend
 * at the close has left. Kernels thus need no synchronisation against closing; a backend's own public methods
 * that touch its memory take the same hold ({@link org.vecnn.spi.AbstractBackend#enter(String)}) and check their
 * operands after it.
 */
package org.vecnn.spi;
