// GENERATED FILE, do not edit: the FLOAT64 twin of FloatFmaChains.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatFmaChains.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loop of {@code fma_peak.c} in the Java Vector API for FLOAT64: twelve independent chains
 * acc = acc&middot;x + y of the preferred vector width ({@link #run}) or of 512 bits ({@link #runWide}), enough
 * to keep every FMA pipe busy. Two methods, so that each species is a constant the JIT compiles for.
 */
@SuppressWarnings("cast") // the element-type casts are redundant in the generated twin
final class DoubleFmaChains {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> WIDE = DoubleVector.SPECIES_512;

    private DoubleFmaChains() {
    }

    /** @return the sum of the chains after the given iterations, so that the work cannot be elided */
    static double run(long iterations) {
        DoubleVector x = DoubleVector.broadcast(SPECIES, (double) 1.0000001);
        DoubleVector y = DoubleVector.broadcast(SPECIES, (double) 0.9999999);
        DoubleVector a0 = DoubleVector.broadcast(SPECIES, 0), a1 = DoubleVector.broadcast(SPECIES, 1);
        DoubleVector a2 = DoubleVector.broadcast(SPECIES, 2), a3 = DoubleVector.broadcast(SPECIES, 3);
        DoubleVector a4 = DoubleVector.broadcast(SPECIES, 4), a5 = DoubleVector.broadcast(SPECIES, 5);
        DoubleVector a6 = DoubleVector.broadcast(SPECIES, 6), a7 = DoubleVector.broadcast(SPECIES, 7);
        DoubleVector a8 = DoubleVector.broadcast(SPECIES, 8), a9 = DoubleVector.broadcast(SPECIES, 9);
        DoubleVector a10 = DoubleVector.broadcast(SPECIES, 10), a11 = DoubleVector.broadcast(SPECIES, 11);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** @return as {@link #run}, in 512-bit vectors */
    static double runWide(long iterations) {
        DoubleVector x = DoubleVector.broadcast(WIDE, (double) 1.0000001);
        DoubleVector y = DoubleVector.broadcast(WIDE, (double) 0.9999999);
        DoubleVector a0 = DoubleVector.broadcast(WIDE, 0), a1 = DoubleVector.broadcast(WIDE, 1);
        DoubleVector a2 = DoubleVector.broadcast(WIDE, 2), a3 = DoubleVector.broadcast(WIDE, 3);
        DoubleVector a4 = DoubleVector.broadcast(WIDE, 4), a5 = DoubleVector.broadcast(WIDE, 5);
        DoubleVector a6 = DoubleVector.broadcast(WIDE, 6), a7 = DoubleVector.broadcast(WIDE, 7);
        DoubleVector a8 = DoubleVector.broadcast(WIDE, 8), a9 = DoubleVector.broadcast(WIDE, 9);
        DoubleVector a10 = DoubleVector.broadcast(WIDE, 10), a11 = DoubleVector.broadcast(WIDE, 11);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
