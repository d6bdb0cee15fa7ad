package org.vecnn.spi;

import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * Where a layer gets the matrices it writes its outputs into: a backend's own allocation, which may skip
 * zeroing because every element is about to be overwritten.
 */
@FunctionalInterface
public interface OutputAllocator {
    /**
     * Allocates a matrix whose every element the caller overwrites.
     *
     * @param rows m, validated
     * @param cols n, validated
     * @param precision the precision
     * @return a new open matrix, m&times;n, of that precision, with unspecified elements
     */
    Matrix allocate(int rows, int cols, Precision precision);
}
