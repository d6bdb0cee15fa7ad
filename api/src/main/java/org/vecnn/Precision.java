package org.vecnn;

/**
 * The element type of a {@link Matrix}: a runtime property of each matrix, not a type parameter.
 * Every backend supports both precisions.
 */
public enum Precision {
    /** IEEE 754 binary32 elements; unit roundoff u = 2<sup>-24</sup>. */
    FLOAT32(Float.BYTES, 0x1.0p-24),
    /** IEEE 754 binary64 elements; unit roundoff u = 2<sup>-53</sup>. */
    FLOAT64(Double.BYTES, 0x1.0p-53);

    private final int bytes;
    private final double unitRoundoff;

    Precision(int bytes, double unitRoundoff) {
        this.bytes = bytes;
        this.unitRoundoff = unitRoundoff;
    }

    /** @return the size of one element in bytes: 4 for FLOAT32, 8 for FLOAT64 */
    public int bytes() {
        return bytes;
    }

    /**
     * @return the unit roundoff u of this precision (half the distance from 1 to the next number),
     *     the constant of rounding-error bounds such as |fl(x) - x| &le; u|x|
     */
    public double unitRoundoff() {
        return unitRoundoff;
    }
}
