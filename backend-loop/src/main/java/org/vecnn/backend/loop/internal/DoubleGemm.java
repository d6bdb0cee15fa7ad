// GENERATED FILE, do not edit: the FLOAT64 twin of FloatGemm.java, made by
// codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java.
// Edit FloatGemm.java, then regenerate from the repository root with
//     java codegen/src/main/java/org/vecnn/codegen/PrecisionTwins.java
// (this module's GeneratedSourcesTest fails while this file differs from what that makes).
package org.vecnn.backend.loop.internal;

import java.util.Arrays;
import org.vecnn.Activation;
import org.vecnn.simd.DoubleActivationPass;
import org.vecnn.simd.lanes.DoubleLaneActivations;
import org.vecnn.spi.DoubleActivations;

/**
 * The {@code loop} GEMM for FLOAT64, C = A&middot;B (+ bias, then g, for a fused dense layer), over row-major
 * heap arrays; the bias and g are applied to each finished MC&times;NC block of C while it is in cache, in the
 * Vector API's lanes ({@link DoubleLaneActivations}) with the SIMD kernels, by {@link DoubleActivations}'s formulas
 * otherwise.
 *
 * <p>Structure (the BLIS loop nest): for each NC-wide column panel of B, for each KC-deep slice of k, B's
 * slice is packed into nr-wide micro-panels (or read from a copy packed once, {@link #pack}); for each MC-tall
 * block of A, the block is packed into mr-tall micro-panels; the micro-kernel then sweeps the mr&times;nr tiles, B
 * micro-panel outer so that it stays in L1 while A's packed block streams from L2. KC and MC belong to the
 * micro-kernel (its tile sets them); for the 256-bit kernel, with 32 KiB L1d, 512 KiB L2 per core and a
 * shared 8 MiB L3 (the 2-core Zen 1 EPYC it was tuned on):
 * <ul>
 * <li>KC = 256: a B micro-panel is KC&middot;nr elements, 16 KiB for both precisions with the SIMD kernel
 *     (nr = 16 doubles or 8 doubles), half of L1, leaving room for the A micro-panel (6 KiB / 12 KiB).</li>
 * <li>MC = 144 (a multiple of both kernels' mr): the packed A block is MC&middot;KC elements, 144 KiB of
 *     FLOAT64 or 288 KiB of FLOAT64, inside the 512 KiB L2 together with the C tiles.</li>
 * <li>NC = 8 KiB / element size (2048 doubles, 1024 doubles): the packed B slice is KC&middot;NC elements,
 *     2 MiB per thread, so that two threads' slices fit the shared L3 together.</li>
 * </ul>
 * The 512-bit kernel's sizes are in {@link DoubleWideSimdKernel}.
 *
 * <p>Without the Vector API the same nest runs with a scalar kernel shaped for C2's auto-vectoriser
 * ({@code scalarPacked}); products too small or too thin to pack take an unpacked row-by-row path.
 *
 * <p>Threads: a product of at least {@link #PARALLEL_MACS} multiply-adds is cut into one chunk per thread,
 * by rows of C (by columns when C has too few rows), and each chunk runs the whole loop nest on its own
 * packed copies. The k order of every element is the same whatever the chunking, so results are
 * bitwise identical for any thread count and on every call. Small products (fewer than
 * {@link #SMALL_MACS} multiply-adds, fewer rows than one tile, or with the scalar kernels narrower than one)
 * skip packing entirely.
 */
public final class DoubleGemm {
    static final int KC = 256;
    static final int MC = 144;
    static final int NC = 8192 / Double.BYTES;
    /** Below this many multiply-adds packing costs more than it saves (32&sup3;). */
    static final long SMALL_MACS = 32L * 32 * 32;
    /**
     * From this many multiply-adds a product is split across threads. Batch-1 inference of a 784&rarr;256 layer
     * (2&middot;10<sup>5</sup>) stays on the calling thread: handing half of it over costs more than it saves.
     */
    static final long PARALLEL_MACS = 1L << 19;
    /** Column block of the unpacked path: a C row segment of this many elements stays in L1. */
    private static final int AXPY_NB = 2048;

    /** Fewest rows of C the scalar kernel packs B for. */
    private static final int SCALAR_MR = 2;
    /** Narrowest C the scalar kernel packs for. */
    private static final int SCALAR_MIN_N = 32;
    /** Column block of the scalar kernel: its KC&times;SCALAR_NB slice of B (256 KiB) stays in L2. */
    private static final int SCALAR_NB = 1024 / Double.BYTES;

    private static final ThreadLocal<double[][]> WORKSPACE = ThreadLocal.withInitial(() -> new double[3][]);
    /** The scalar kernel's packed rows of B (KC of them) and its C row accumulator. */
    private static final ThreadLocal<double[][]> SCALAR_WORKSPACE =
            ThreadLocal.withInitial(() -> new double[KC + 1][SCALAR_NB]);

    private final DoubleMicroKernel kernel;
    private final int threads;

    /** @param kernel the SIMD micro-kernel, or null for the scalar kernels */
    DoubleGemm(DoubleMicroKernel kernel, int threads) {
        this.kernel = kernel;
        this.threads = Math.max(1, threads);
    }

    /** @return the micro-kernel's description, e.g. "256-bit double lanes" */
    String describe() {
        return kernel == null ? "scalar kernels" : kernel.describe();
    }

    /**
     * c = a&middot;b, or c = g(a&middot;b + bias) when bias is not null.
     *
     * @param a m&times;k, row-major
     * @param b k&times;n, row-major
     * @param c m&times;n, row-major, overwritten; neither a nor b
     * @param bias 1&times;n, or null for a plain product
     * @param g the activation, when bias is not null
     */
    public void multiply(double[] a, double[] b, double[] c, int m, int k, int n, double[] bias, Activation g) {
        multiply(a, b, null, c, m, k, n, bias, g);
    }

    /**
     * B packed once, in the layout the packed path reads, for a B that several products share (a layer's
     * W): for each KC-deep slice of k starting at row pc, the nr-wide micro-panels of all n columns, panel
     * j0 at pc&middot;roundUp(n, nr) + j0&middot;kc, element (p, j) at + p&middot;nr + j; columns beyond n are
     * zero.
     *
     * @param b k&times;n, row-major; not modified
     * @return the packed copy, or null when this GEMM has no packed SIMD path (scalar kernels)
     */
    public double[] pack(double[] b, int k, int n) {
        if (kernel == null) {
            return null;
        }
        int nr = kernel.nr;
        int npad = roundUp(n, nr);
        double[] packedB = new double[k * npad];
        for (int pc = 0; pc < k; pc += kernel.kc) {
            int kc = Math.min(kernel.kc, k - pc);
            double[] slice = new double[kc * npad];
            packB(b, n, pc, kc, 0, n, nr, slice);
            System.arraycopy(slice, 0, packedB, pc * npad, slice.length);
        }
        return packedB;
    }

    /**
     * c = a&middot;b, or c = g(a&middot;b + bias) when bias is not null, reading b from packedB where the packed
     * path runs; the result is bitwise that of {@link #multiply(double[], double[], double[], int, int, int,
     * double[], Activation)}.
     *
     * @param packedB b as {@link #pack} of this GEMM returned it, or null to pack b on every call
     */
    public void multiply(double[] a, double[] b, double[] packedB, double[] c, int m, int k, int n, double[] bias,
            Activation g) {
        long macs = (long) m * k * n;
        int mr = kernel == null ? SCALAR_MR : kernel.mr;
        int nr = kernel == null ? SCALAR_MIN_N : kernel.nr;
        // With a SIMD kernel C narrower than a tile is packed too (B padded with zeros): a padded tile in the lanes
        // is faster than the scalar loop, and every SIMD tile then gives the FMA chain in k order.
        boolean packed = macs > SMALL_MACS && m >= mr && (n >= nr || kernel != null);
        int chunks = macs >= PARALLEL_MACS ? threads : 1;
        if (chunks == 1) {
            run(packed, a, b, packedB, c, m, k, n, 0, m, 0, n, bias, g);
            finishRows(c, 0, m, n, bias, g);
            return;
        }
        int colAlign = packed ? nr : 64;
        // by rows where each chunk gets a whole tile, in equal parts (the SIMD kernels compute a last tile of 4 or
        // 8 rows without its padding); an unpacked product (a few rows) by columns where C is wide enough, so that
        // each thread streams only its part of B
        if (packed ? m >= chunks * mr : n < chunks * colAlign) {
            int rowAlign = !packed ? 1 : kernel != null ? Math.min(4, mr) : mr;
            int step = roundUp((m + chunks - 1) / chunks, rowAlign);
            int count = (m + step - 1) / step;
            LoopThreads.forEach(count, t -> {
                int r0 = t * step;
                int r1 = Math.min(m, r0 + step);
                run(packed, a, b, packedB, c, m, k, n, r0, r1, 0, n, bias, g);
                finishRows(c, r0, r1, n, bias, g);
            });
        } else {
            int step = roundUp((n + chunks - 1) / chunks, colAlign);
            int count = (n + step - 1) / step;
            LoopThreads.forEach(count, t -> {
                int c0 = t * step;
                run(packed, a, b, packedB, c, m, k, n, 0, m, c0, Math.min(n, c0 + step), bias, g);
            });
            finishRows(c, 0, m, n, bias, g);
        }
    }

    private void run(boolean packed, double[] a, double[] b, double[] packedB, double[] c, int m, int k, int n,
            int r0, int r1, int c0, int c1, double[] bias, Activation g) {
        if (packed && kernel == null) {
            scalarPacked(a, b, c, k, n, r0, r1, c0, c1, bias, g);
        } else if (packed) {
            packed(a, b, packedB, c, k, n, r0, r1, c0, c1, bias, g);
        } else {
            unpacked(a, b, c, k, n, r0, r1, c0, c1);
            if (bias != null) {
                epilogue(g, c, r0 * n + c0, n, r1 - r0, c1 - c0, bias, c0);
            }
        }
    }

    // SOFTMAX and LOG_SOFTMAX need whole rows: they run once the rows [r0, r1) are final (the tiles only added the
    // bias).
    private void finishRows(double[] c, int r0, int r1, int n, double[] bias, Activation g) {
        if (bias != null && g.isRowWise()) {
            if (kernel != null && DoubleActivationPass.lanesFor(g, n)) {
                DoubleLaneActivations.rowWise(g, c, c, r0, r1, n);
            } else {
                DoubleActivations.rowWise(g, c, c, r0, r1, n);
            }
        }
    }

    // g(block + bias) in place: in the Vector API's lanes with the SIMD kernels (for rows, ld = n, of at least one
    // vector, as DoubleActivationPass decides for the standalone pass), the reference formulas otherwise.
    private void epilogue(Activation g, double[] c, int off, int ld, int rows, int cols, double[] bias, int col0) {
        if (kernel != null && DoubleActivationPass.lanesFor(ld)) {
            DoubleLaneActivations.biasActivate(g, c, bias, c, off, ld, rows, cols, col0);
        } else {
            DoubleActivations.biasActivate(g, c, off, ld, rows, cols, bias, col0);
        }
    }

    /**
     * dst = g(src + bias) over an m&times;n block, row-wise for SOFTMAX and LOG_SOFTMAX, as the fused epilogue
     * computes it: a standalone activation or bias gives bitwise what the fused layer gives.
     *
     * @param bias n elements, or null for none
     * @param dst may be src
     */
    public void activate(Activation g, double[] src, double[] bias, double[] dst, int rows, int cols) {
        DoubleActivationPass.biasApply(g, src, bias, dst, rows, cols, kernel != null);
    }

    private void packed(double[] a, double[] b, double[] packedB, double[] c, int k, int n, int r0, int r1, int c0,
            int c1, double[] bias, Activation g) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        double[][] ws = WORKSPACE.get();
        int kcMax = kernel.kc;
        int mcMax = kernel.mc;
        double[] ap = buffer(ws, 0, roundUp(mcMax, mr) * kcMax);
        int ncMax = kernel.nc;
        double[] bp = packedB != null ? packedB : buffer(ws, 1, kcMax * roundUp(Math.min(ncMax, c1 - c0), nr));
        int npad = roundUp(n, nr);
        double[] tile = buffer(ws, 2, mr * nr);
        for (int jc = c0; jc < c1; jc += ncMax) {
            int nc = Math.min(ncMax, c1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean first = pc == 0;
                boolean last = pc + kc == k;
                int bBase;
                if (packedB == null) {
                    packB(b, n, pc, kc, jc, nc, nr, bp);
                    bBase = 0;
                } else {
                    bBase = pc * npad + jc * kc; // jc is a multiple of nr: c0 is, and so is nc
                }
                for (int ic = r0; ic < r1; ic += mcMax) {
                    int mc = Math.min(mcMax, r1 - ic);
                    packA(a, k, ic, mc, pc, kc, mr, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nw = Math.min(nr, nc - jr);
                        int bOff = bBase + jr * kc;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int mh = Math.min(mr, mc - ir);
                            int cOff = (ic + ir) * n + jc + jr;
                            if (mh == mr && nw == nr) {
                                kernel.compute(kc, ap, ir * kc, bp, bOff, c, cOff, n, !first);
                            } else if (nw == nr && kernel.rowsPay(mh)) {
                                kernel.computeRows(mh, kc, ap, ir * kc, bp, bOff, c, cOff, n, !first);
                            } else {
                                if (!first) {
                                    copy(c, cOff, n, tile, 0, nr, mh, nw);
                                }
                                kernel.compute(kc, ap, ir * kc, bp, bOff, tile, 0, nr, !first);
                                copy(tile, 0, nr, c, cOff, n, mh, nw);
                            }
                        }
                    }
                    if (last && bias != null) {
                        // the block of C just finished, still in L2: rows long enough for the lanes
                        epilogue(g, c, ic * n + jc, n, mc, nc, bias, jc);
                    }
                }
            }
        }
    }

    // The scalar kernel (no Vector API). C2 (JDK 17) vectorises a loop over arrays it cannot prove distinct only when
    // every access is indexed alike ([j]: no row offsets) and there is one store stream. So each row of
    // B's slice is packed into an array of its own, a row of C is accumulated in one more, and the inner
    // loop fuses four steps of k: 4 multiply-adds per element of C loaded and stored, 8 lanes at a time.
    private static void scalarPacked(double[] a, double[] b, double[] c, int k, int n, int r0, int r1, int c0,
            int c1, double[] bias, Activation g) {
        double[][] rows = SCALAR_WORKSPACE.get();
        double[] t = rows[KC];
        for (int jc = c0; jc < c1; jc += SCALAR_NB) {
            int nb = Math.min(SCALAR_NB, c1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, (pc + p) * n + jc, rows[p], 0, nb);
                }
                for (int i = r0; i < r1; i++) {
                    int ci = i * n + jc;
                    if (pc == 0) {
                        Arrays.fill(t, 0, nb, 0);
                    } else {
                        System.arraycopy(c, ci, t, 0, nb);
                    }
                    scalarRow(a, i * k + pc, kc, nb, rows, t);
                    System.arraycopy(t, 0, c, ci, nb);
                    if (pc + kc == k && bias != null) {
                        DoubleActivations.biasActivate(g, c, ci, n, 1, nb, bias, jc);
                    }
                }
            }
        }
    }

    // t += a[ai..ai+kc)·rows, in increasing p.
    private static void scalarRow(double[] a, int ai, int kc, int nb, double[][] rows, double[] t) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            scalarStep4(t, rows[p], rows[p + 1], rows[p + 2], rows[p + 3], nb, a[ai + p], a[ai + p + 1],
                    a[ai + p + 2], a[ai + p + 3]);
        }
        for (; p < kc; p++) {
            scalarStep1(t, rows[p], nb, a[ai + p]);
        }
    }

    private static void scalarStep4(double[] t, double[] v0, double[] v1, double[] v2, double[] v3, int nb,
            double x0, double x1, double x2, double x3) {
        for (int j = 0; j < nb; j++) {
            t[j] = t[j] + x0 * v0[j] + x1 * v1[j] + x2 * v2[j] + x3 * v3[j];
        }
    }

    private static void scalarStep1(double[] t, double[] v, int nb, double x) {
        for (int j = 0; j < nb; j++) {
            t[j] += x * v[j];
        }
    }

    // C rows [r0, r1) × columns [c0, c1) without packing: row i of C accumulates a[i][p]·B[p][·] over p (through
    // the micro-kernel's row() when there is one, C's segment held in registers over the whole of k, the same FMA
    // chain as the tiles; the scalar kernels' loop, with its row offsets, stays scalar). Used for products too
    // small to pack, batch-1 inference among them.
    private void unpacked(double[] a, double[] b, double[] c, int k, int n, int r0, int r1, int c0, int c1) {
        for (int jb = c0; jb < c1; jb += AXPY_NB) {
            int je = Math.min(c1, jb + AXPY_NB);
            for (int i = r0; i < r1; i++) {
                int co = i * n;
                int ao = i * k;
                if (kernel != null) {
                    kernel.row(k, a, ao, b, jb, n, c, co + jb, je - jb);
                    continue;
                }
                Arrays.fill(c, co + jb, co + je, 0);
                for (int p = 0; p < k; p++) {
                    double av = a[ao + p];
                    int bo = p * n;
                    for (int j = jb; j < je; j++) {
                        c[co + j] += av * b[bo + j];
                    }
                }
            }
        }
    }

    // A's rows [ic, ic+mc) × columns [pc, pc+kc) into mr-tall micro-panels, each stored column by column
    // (ap[panel·kc + p·mr + r]); rows beyond the matrix are zero and their results discarded.
    private static void packA(double[] a, int k, int ic, int mc, int pc, int kc, int mr, double[] ap) {
        for (int ir = 0; ir < mc; ir += mr) {
            int mh = Math.min(mr, mc - ir);
            int base = ir * kc;
            for (int r = 0; r < mh; r++) {
                int src = (ic + ir + r) * k + pc;
                int dst = base + r;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * mr] = a[src + p];
                }
            }
            for (int r = mh; r < mr; r++) {
                for (int p = 0; p < kc; p++) {
                    ap[base + r + p * mr] = 0;
                }
            }
        }
    }

    // B's rows [pc, pc+kc) × columns [jc, jc+nc) into nr-wide micro-panels, each stored row by row
    // (bp[panel·kc·nr + p·nr + j]); columns beyond the matrix are zero and their results discarded.
    private static void packB(double[] b, int n, int pc, int kc, int jc, int nc, int nr, double[] bp) {
        for (int jr = 0; jr < nc; jr += nr) {
            int nw = Math.min(nr, nc - jr);
            int base = jr * kc;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * nr;
                System.arraycopy(b, (pc + p) * n + jc + jr, bp, dst, nw);
                if (nw < nr) {
                    Arrays.fill(bp, dst + nw, dst + nr, 0);
                }
            }
        }
    }

    private static void copy(double[] src, int srcOff, int srcLd, double[] dst, int dstOff, int dstLd, int rows,
            int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, srcOff + r * srcLd, dst, dstOff + r * dstLd, cols);
        }
    }

    private static double[] buffer(double[][] ws, int slot, int size) {
        double[] buf = ws[slot];
        if (buf == null || buf.length < size) {
            buf = new double[size];
            ws[slot] = buf;
        }
        return buf;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    // ---- Products with a transposed operand (training: dW = Aᵀ·dZ, dA = dZ·Wᵀ). The transpose is read by the
    // packing routines below, never materialized; the loop nest is the one of packed(), without the epilogue.

    /**
     * c = op(a)&middot;op(b), op(x) = x<sup>T</sup> when its flag is set: the transposed operand is read by the
     * packing (or, for products too small to pack, by the unpacked loops), never copied out transposed. Each
     * element is accumulated over p in increasing order, so the result is bitwise the same for any thread count.
     *
     * @param a op(a) is m&times;k: a is m&times;k row-major, or k&times;m when transA
     * @param b op(b) is k&times;n: b is k&times;n row-major, or n&times;k when transB
     * @param c m&times;n, row-major, overwritten; neither a nor b
     */
    public void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k, int n) {
        if (!transA && !transB) {
            multiply(a, b, c, m, k, n, null, null);
            return;
        }
        long macs = (long) m * k * n;
        boolean packed = kernel != null && macs > SMALL_MACS && m >= kernel.mr && n >= kernel.nr;
        int align = packed ? kernel.mr : 1;
        int chunks = macs >= PARALLEL_MACS && m >= threads * align ? threads : 1;
        int step = roundUp((m + chunks - 1) / chunks, align);
        int count = (m + step - 1) / step;
        LoopThreads.forEach(count, t -> {
            int r0 = t * step;
            int r1 = Math.min(m, r0 + step);
            if (packed) {
                packedTransposed(a, transA, b, transB, c, m, k, n, r0, r1);
            } else {
                unpackedTransposed(a, transA, b, transB, c, m, k, n, r0, r1);
            }
        });
    }

    private void packedTransposed(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k,
            int n, int r0, int r1) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        double[][] ws = WORKSPACE.get();
        double[] ap = buffer(ws, 0, roundUp(MC, mr) * KC);
        double[] bp = buffer(ws, 1, KC * roundUp(Math.min(NC, n), nr));
        double[] tile = buffer(ws, 2, mr * nr);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                if (transB) {
                    packBTransposed(b, k, pc, kc, jc, nc, nr, bp);
                } else {
                    packB(b, n, pc, kc, jc, nc, nr, bp);
                }
                for (int ic = r0; ic < r1; ic += MC) {
                    int mc = Math.min(MC, r1 - ic);
                    if (transA) {
                        packATransposed(a, m, ic, mc, pc, kc, mr, ap);
                    } else {
                        packA(a, k, ic, mc, pc, kc, mr, ap);
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nw = Math.min(nr, nc - jr);
                        int bOff = jr * kc;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int mh = Math.min(mr, mc - ir);
                            int cOff = (ic + ir) * n + jc + jr;
                            if (mh == mr && nw == nr) {
                                kernel.compute(kc, ap, ir * kc, bp, bOff, c, cOff, n, !first);
                            } else {
                                if (!first) {
                                    copy(c, cOff, n, tile, 0, nr, mh, nw);
                                }
                                kernel.compute(kc, ap, ir * kc, bp, bOff, tile, 0, nr, !first);
                                copy(tile, 0, nr, c, cOff, n, mh, nw);
                            }
                        }
                    }
                }
            }
        }
    }

    // Rows [r0, r1) of C = op(A)·op(B) without packing, each element accumulated over p in increasing order:
    // row i of C gathers op(A)'s row i (a column of a when transA), then axpys the rows of B, or, when transB,
    // takes dot products with b's rows (which are op(B)'s columns).
    private void unpackedTransposed(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k,
            int n, int r0, int r1) {
        double[] row = new double[k];
        for (int i = r0; i < r1; i++) {
            for (int p = 0; p < k; p++) {
                row[p] = transA ? a[p * m + i] : a[i * k + p];
            }
            int co = i * n;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    int bo = j * k;
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += row[p] * b[bo + p];
                    }
                    c[co + j] = sum;
                }
                continue;
            }
            Arrays.fill(c, co, co + n, 0);
            for (int p = 0; p < k; p++) {
                double av = row[p];
                int bo = p * n;
                for (int j = 0; j < n; j++) {
                    c[co + j] += av * b[bo + j];
                }
            }
        }
    }

    // packA for op(A) = aᵀ, a being k×m: micro-panel element (r, p) is a[(pc+p)·m + ic+ir+r].
    private static void packATransposed(double[] a, int m, int ic, int mc, int pc, int kc, int mr, double[] ap) {
        for (int ir = 0; ir < mc; ir += mr) {
            int mh = Math.min(mr, mc - ir);
            int base = ir * kc;
            for (int p = 0; p < kc; p++) {
                int src = (pc + p) * m + ic + ir;
                int dst = base + p * mr;
                System.arraycopy(a, src, ap, dst, mh);
                if (mh < mr) {
                    Arrays.fill(ap, dst + mh, dst + mr, 0);
                }
            }
        }
    }

    // packB for op(B) = bᵀ, b being n×k: micro-panel element (p, j) is b[(jc+jr+j)·k + pc+p].
    private static void packBTransposed(double[] b, int k, int pc, int kc, int jc, int nc, int nr, double[] bp) {
        for (int jr = 0; jr < nc; jr += nr) {
            int nw = Math.min(nr, nc - jr);
            int base = jr * kc;
            for (int j = 0; j < nw; j++) {
                int src = (jc + jr + j) * k + pc;
                for (int p = 0; p < kc; p++) {
                    bp[base + p * nr + j] = b[src + p];
                }
            }
            for (int j = nw; j < nr; j++) {
                for (int p = 0; p < kc; p++) {
                    bp[base + p * nr + j] = 0;
                }
            }
        }
    }
}
