/**
 * What backend authors implement: {@link org.vecnn.spi.BackendProvider}, found by
 * {@link java.util.ServiceLoader}, and base classes ({@link org.vecnn.spi.AbstractBackend},
 * {@link org.vecnn.spi.AbstractMatrix}, {@link org.vecnn.spi.AbstractDenseLayer}) that apply the api's
 * argument checks and lifetime rules so that a backend only supplies storage and kernels. Run the
 * conformance kit ({@code vecnn-conformance-tests}) against a new backend.
 */
package org.vecnn.spi;
