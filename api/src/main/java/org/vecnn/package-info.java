/**
 * The vecnn contract: {@link org.vecnn.Matrix}, {@link org.vecnn.DenseLayer}, {@link org.vecnn.Network},
 * {@link org.vecnn.Backend}, and how a backend is found ({@link org.vecnn.Backends}).
 *
 * <p>A dense layer computes A<sub>out</sub> = g(A<sub>in</sub>&middot;W + B) for a whole batch as one matrix
 * product. Data is row-major in both precisions, {@link org.vecnn.Precision#FLOAT32} and
 * {@link org.vecnn.Precision#FLOAT64}.
 *
 * <p>Every object of the api may be used from several threads at once, and closed while others use it: a
 * close that races with calls lets those under way finish with their correct result and makes later ones
 * throw {@link java.lang.IllegalStateException}; it never crashes, blocks or gives a wrong number, and native
 * or device memory is freed only after the last call using it has returned ({@link org.vecnn.Backend}).
 */
package org.vecnn;
