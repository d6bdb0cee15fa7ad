// GENERATED FILE, do not edit: the FLOAT64 twin of FloatLaneActivations.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatLaneActivations.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.simd.lanes;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.vecnn.Activation;
import org.vecnn.spi.DoubleActivations;

/**
 * The activation passes of {@link DoubleActivations} over FLOAT64 arrays in the Java Vector API's lanes: the
 * same formulas (sigmoid from one e = e<sup>-|z|</sup>, relu, leaky relu, softmax and log-softmax from the row's
 * max), with e<sup>x</sup> and tanh from {@link LaneMath}'s polynomials and the arithmetic in this precision
 * instead of double. Use {@code org.vecnn.simd.DoubleActivationPass}, which calls this class only where the JVM
 * has {@code jdk.incubator.vector}.
 *
 * <p>Error bound, in ulps of this precision: exp within 2 and tanh within 5 ({@link LaneMath}); sigmoid adds
 * a sum and a division (within 4 + 1 + 1); softmax the subtraction of the max (exact within a binade, else
 * one rounding of z - max, whose error &delta; scales e<sup>z - max</sup> by at most e<sup>&delta;</sup>), the
 * row's sum of n terms and a division: within (n + 4) ulps of the row's largest value. docs/conformance.md
 * ("Activations computed in vector lanes") derives why these lie within the kit's bounds. relu and the bias are exact as in
 * the reference. The results are not bitwise those of {@link DoubleActivations}, except relu's and leaky relu's:
 * leaky relu's product &alpha;&middot;z is taken in double lanes and rounded once, as
 * {@link DoubleActivations#leakyRelu} does. log-softmax takes the row's max and e<sup>z - max</sup> sum as softmax
 * does, one scalar log per row for shift = max + ln &Sigma; in double, and z - shift in double lanes rounded once,
 * as the reference: only the sum differs from it (within (n + 4) ulps of the sum, which moves every output of the
 * row by at most that much relative to the sum, i.e. absolutely by about (n + 4) ulps of 1).
 *
 * <p>Every element goes through the same operations (sigmoid and tanh through the same lane operations, the
 * last partial vector of a row padded; relu and the bias are exact either way), so an element's value depends
 * only on its own z (and, for softmax, on its row), never on where a tile or a row starts: a batch gives, row
 * for row, bitwise what each row gives alone.
 */
@SuppressWarnings("cast") // the element-type casts are redundant in the generated twin
public final class DoubleLaneActivations {
    // first: the module reads jdk.incubator.vector before this class resolves a class of it (VectorModule)
    private static final boolean VECTOR_API = VectorModule.PRESENT;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    // Products and differences taken in double: as many elements as one vector of doubles holds.
    private static final VectorSpecies<Double> WIDE = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> NARROW = VectorSpecies.of(double.class,
            VectorShape.forBitSize(WIDE.length() * Double.SIZE));
    private static final int NL = NARROW.length();

    private DoubleLaneActivations() {
    }

    /** @return the elements in one vector of the preferred species */
    public static int lanes() {
        return L;
    }

    /**
     * dst = g(src + bias) over a tile of rows&times;cols elements from off (row stride ld), whose first column
     * is column col0 of the bias; for the row-wise activations only the bias is added (follow with
     * {@link #rowWise}).
     *
     * @param g the activation
     * @param src the tile's matrix
     * @param bias the bias, or null for none
     * @param dst the result's matrix, same layout; may be src
     * @param off the index of the tile's first element in src and dst
     * @param ld the row stride
     * @param rows the tile's rows
     * @param cols the tile's columns
     * @param col0 the bias column of the tile's first column
     */
    public static void biasActivate(Activation g, double[] src, double[] bias, double[] dst, int off, int ld,
            int rows, int cols, int col0) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * ld;
            switch (g.kind()) {
                case SIGMOID:
                    LaneMath.sigmoid(src, bias, col0, dst, o, cols);
                    break;
                case TANH:
                    LaneMath.tanh(src, bias, col0, dst, o, cols);
                    break;
                case RELU:
                    relu(src, bias, col0, dst, o, cols);
                    break;
                case LEAKY_RELU:
                    leakyRelu(g.alpha(), src, bias, col0, dst, o, cols);
                    break;
                case LINEAR:
                case SOFTMAX:
                case LOG_SOFTMAX:
                    addBias(src, bias, col0, dst, o, cols);
                    break;
                default:
                    throw new IllegalArgumentException("apply: unknown activation " + g);
            }
        }
    }

    /**
     * Row-wise SOFTMAX or LOG_SOFTMAX of rows [rowFrom, rowTo) of an n-column row-major block.
     *
     * @param g SOFTMAX or LOG_SOFTMAX
     * @param src the block, from index 0
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     * @throws IllegalArgumentException when g is element-wise
     */
    public static void rowWise(Activation g, double[] src, double[] dst, int rowFrom, int rowTo, int cols) {
        switch (g.kind()) {
            case SOFTMAX:
                softmaxRows(src, dst, rowFrom, rowTo, cols);
                break;
            case LOG_SOFTMAX:
                logSoftmaxRows(src, dst, rowFrom, rowTo, cols);
                break;
            default:
                throw new IllegalArgumentException("rowWise: " + g + " is element-wise");
        }
    }

    /**
     * Row-wise log-softmax of rows [rowFrom, rowTo) of an n-column row-major block: z - (max + ln &Sigma;
     * e<sup>z - max</sup>), the subtraction in double and rounded once.
     *
     * @param src the block, from index 0
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     */
    public static void logSoftmaxRows(double[] src, double[] dst, int rowFrom, int rowTo, int cols) {
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * cols;
            double max = rowMax(src, base, cols);
            double sum = LaneMath.expShifted(src, null, 0, max, null, base, cols);
            double shift = max + Math.log(sum);
            DoubleVector shiftV = DoubleVector.broadcast(WIDE, shift);
            int full = NARROW.loopBound(cols);
            int j = 0;
            for (; j < full; j += NL) {
                DoubleVector z = (DoubleVector) DoubleVector.fromArray(NARROW, src, base + j).castShape(WIDE, 0);
                ((DoubleVector) z.sub(shiftV).castShape(NARROW, 0)).intoArray(dst, base + j);
            }
            for (; j < cols; j++) {
                dst[base + j] = (double) (src[base + j] - shift);
            }
        }
    }

    /**
     * Row-wise softmax of rows [rowFrom, rowTo) of an n-column row-major block: e<sup>z - max</sup> / &Sigma;.
     *
     * @param src the block, from index 0
     * @param dst the result, from index 0, only those rows written; may be src
     * @param rowFrom the first row
     * @param rowTo one past the last row
     * @param cols n
     */
    public static void softmaxRows(double[] src, double[] dst, int rowFrom, int rowTo, int cols) {
        int full = S.loopBound(cols);
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * cols;
            double max = rowMax(src, base, cols);
            double sum = LaneMath.expShifted(src, null, 0, max, dst, base, cols);
            DoubleVector s = DoubleVector.broadcast(S, sum);
            for (int j = 0; j < full; j += L) {
                DoubleVector.fromArray(S, dst, base + j).div(s).intoArray(dst, base + j);
            }
            for (int j = full; j < cols; j++) {
                dst[base + j] = dst[base + j] / sum; // the lanes' division: one rounding
            }
        }
    }

    // The largest of src[base, base + cols) (NaN if one is NaN, as Math.max).
    private static double rowMax(double[] src, int base, int cols) {
        int full = S.loopBound(cols);
        DoubleVector lanesMax = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < full; j += L) {
            lanesMax = lanesMax.max(DoubleVector.fromArray(S, src, base + j));
        }
        double max = lanesMax.reduceLanes(VectorOperators.MAX);
        for (int j = full; j < cols; j++) {
            max = Math.max(max, src[base + j]);
        }
        return max;
    }

    // dst = src + bias < 0 ? alpha * (src + bias) : src + bias, the product in double rounded once (the reference's
    // leakyRelu, bitwise), so NaN and -0.0 pass unchanged.
    private static void leakyRelu(double alpha, double[] src, double[] bias, int col0, double[] dst, int o, int cols) {
        int full = NARROW.loopBound(cols);
        int j = 0;
        for (; j < full; j += NL) {
            DoubleVector z = DoubleVector.fromArray(NARROW, src, o + j);
            if (bias != null) {
                z = z.add(DoubleVector.fromArray(NARROW, bias, col0 + j));
            }
            DoubleVector product = ((DoubleVector) z.castShape(WIDE, 0)).mul(alpha);
            z.blend((DoubleVector) product.castShape(NARROW, 0), z.lt((double) 0)).intoArray(dst, o + j);
        }
        for (; j < cols; j++) {
            double z = bias != null ? src[o + j] + bias[col0 + j] : src[o + j];
            dst[o + j] = DoubleActivations.leakyRelu(z, alpha);
        }
    }

    // dst = max(src + bias, 0) with the reference's z < 0 ? 0 : z, so NaN and -0.0 pass unchanged.
    private static void relu(double[] src, double[] bias, int col0, double[] dst, int o, int cols) {
        int full = S.loopBound(cols);
        int j = 0;
        for (; j < full; j += L) {
            DoubleVector z = DoubleVector.fromArray(S, src, o + j);
            if (bias != null) {
                z = z.add(DoubleVector.fromArray(S, bias, col0 + j));
            }
            z.blend((double) 0, z.lt((double) 0)).intoArray(dst, o + j);
        }
        for (; j < cols; j++) {
            double z = bias != null ? src[o + j] + bias[col0 + j] : src[o + j];
            dst[o + j] = z < 0 ? 0 : z;
        }
    }

    private static void addBias(double[] src, double[] bias, int col0, double[] dst, int o, int cols) {
        if (bias == null) {
            if (src != dst) {
                System.arraycopy(src, o, dst, o, cols);
            }
            return;
        }
        int full = S.loopBound(cols);
        int j = 0;
        for (; j < full; j += L) {
            DoubleVector.fromArray(S, src, o + j).add(DoubleVector.fromArray(S, bias, col0 + j)).intoArray(dst, o + j);
        }
        for (; j < cols; j++) {
            dst[o + j] = src[o + j] + bias[col0 + j];
        }
    }
}
