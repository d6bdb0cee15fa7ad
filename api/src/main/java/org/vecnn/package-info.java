/**
 * The vecnn contract: {@link org.vecnn.Matrix}, {@link org.vecnn.DenseLayer}, {@link org.vecnn.Network},
 * {@link org.vecnn.Backend}, and how a backend is found ({@link org.vecnn.Backends}).
 *
 * <p>A dense layer computes A<sub>out</sub> = g(A<sub>in</sub>&middot;W + B) for a whole batch as one matrix
 * product. Data is row-major in both precisions, {@link org.vecnn.Precision#FLOAT32} and
 * {@link org.vecnn.Precision#FLOAT64}.
 */
package org.vecnn;
