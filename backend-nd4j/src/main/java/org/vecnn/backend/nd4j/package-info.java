/**
 * The {@code nd4j} backend: matrices are ND4J {@code INDArray}s in 'c' order, off-heap, freed by
 * {@code close()}; products run on the OpenBLAS that nd4j-native itself links. See docs/nd4j-backend.md for
 * the thread settings it applies and how a host overrides them.
 */
package org.vecnn.backend.nd4j;
