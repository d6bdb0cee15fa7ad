// The FLOAT32 source of truth: DoubleFmaChains.java beside it is generated from this file by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java. Edit this file, then regenerate.
package org.vecnn.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loop of {@code fma_peak.c} in the Java Vector API for FLOAT32: twelve independent chains
 * acc = acc&middot;x + y of the preferred vector width ({@link #run}) or of 512 bits ({@link #runWide}), enough
 * to keep every FMA pipe busy. Two methods, so that each species is a constant the JIT compiles for.
 */
@SuppressWarnings("cast") // the element-type casts are redundant in the generated twin
final class FloatFmaChains {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_512;

    private FloatFmaChains() {
    }

    /** @return the sum of the chains after the given iterations, so that the work cannot be elided */
    static double run(long iterations) {
        FloatVector x = FloatVector.broadcast(SPECIES, (float) 1.0000001);
        FloatVector y = FloatVector.broadcast(SPECIES, (float) 0.9999999);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 0), a1 = FloatVector.broadcast(SPECIES, 1);
        FloatVector a2 = FloatVector.broadcast(SPECIES, 2), a3 = FloatVector.broadcast(SPECIES, 3);
        FloatVector a4 = FloatVector.broadcast(SPECIES, 4), a5 = FloatVector.broadcast(SPECIES, 5);
        FloatVector a6 = FloatVector.broadcast(SPECIES, 6), a7 = FloatVector.broadcast(SPECIES, 7);
        FloatVector a8 = FloatVector.broadcast(SPECIES, 8), a9 = FloatVector.broadcast(SPECIES, 9);
        FloatVector a10 = FloatVector.broadcast(SPECIES, 10), a11 = FloatVector.broadcast(SPECIES, 11);
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
        FloatVector x = FloatVector.broadcast(WIDE, (float) 1.0000001);
        FloatVector y = FloatVector.broadcast(WIDE, (float) 0.9999999);
        FloatVector a0 = FloatVector.broadcast(WIDE, 0), a1 = FloatVector.broadcast(WIDE, 1);
        FloatVector a2 = FloatVector.broadcast(WIDE, 2), a3 = FloatVector.broadcast(WIDE, 3);
        FloatVector a4 = FloatVector.broadcast(WIDE, 4), a5 = FloatVector.broadcast(WIDE, 5);
        FloatVector a6 = FloatVector.broadcast(WIDE, 6), a7 = FloatVector.broadcast(WIDE, 7);
        FloatVector a8 = FloatVector.broadcast(WIDE, 8), a9 = FloatVector.broadcast(WIDE, 9);
        FloatVector a10 = FloatVector.broadcast(WIDE, 10), a11 = FloatVector.broadcast(WIDE, 11);
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
