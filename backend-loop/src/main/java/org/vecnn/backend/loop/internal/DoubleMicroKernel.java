// GENERATED FILE, do not edit: the FLOAT64 twin of FloatMicroKernel.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatMicroKernel.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.backend.loop.internal;

/**
 * The innermost GEMM step for FLOAT64: an mr&times;nr tile of C from an A micro-panel (kc&times;mr, packed
 * column by column) and a B micro-panel (kc&times;nr, packed row by row), both laid out by {@link DoubleGemm}.
 */
abstract class DoubleMicroKernel {
    final int mr;
    final int nr;
    /** The depth of a packed slice of k (KC) this tile is blocked for. */
    final int kc;
    /** The rows of A packed at once (MC), a multiple of mr. */
    final int mc;
    /** The columns of B packed at once (NC), a multiple of nr. */
    final int nc;

    DoubleMicroKernel(int mr, int nr, int kc, int mc, int nc) {
        this.mr = mr;
        this.nr = nr;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
    }

    /**
     * c[tile] = (accumulate ? c[tile] : 0) + Ap&middot;Bp, for the mr&times;nr tile at cOff with row stride ldc.
     * Each element is accumulated over p in increasing order, so its value never depends on where the
     * tile lies or which thread computes it.
     */
    abstract void compute(int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c, int cOff, int ldc,
            boolean accumulate);

    /**
     * @param rows fewer than mr
     * @return whether {@link #computeRows} is faster for that many rows than the whole padded tile: it takes about
     *     as long for a block of 4 rows (8 accumulators, both FMA pipes busy) as for a block of 2 or a single row
     *     (latency-bound chains), and the whole tile as long as mr/4 blocks of 4
     */
    boolean rowsPay(int rows) {
        int blocks = rows / 4 + (rows % 4 >= 2 ? 1 : 0) + rows % 2;
        return 4 * blocks < mr;
    }

    /**
     * {@link #compute} for the first {@code rows} (fewer than mr) rows of the tile only, from the same packed
     * micro-panels: the last tile of a block of rows, without computing its padding rows.
     */
    abstract void computeRows(int rows, int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c, int cOff,
            int ldc, boolean accumulate);

    /**
     * c[cOff + j] = &Sigma;<sub>p&lt;k</sub> a[aOff + p]&middot;b[bOff + p&middot;ldb + j] for j in [0, len): one row
     * of an unpacked product, each element the chain of FMAs in increasing p from zero, as {@link #compute} and
     * {@link #axpy} repeated over p give it.
     */
    abstract void row(int k, double[] a, int aOff, double[] b, int bOff, int ldb, double[] c, int cOff, int len);

    /** y[yOff + j] += a&middot;x[xOff + j] for j in [0, len): the unpacked path's inner loop. */
    abstract void axpy(int len, double a, double[] x, int xOff, double[] y, int yOff);

    /** @return what the kernel runs on, for the probe's reason */
    abstract String describe();
}
