package org.vecnn.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.spi.DoubleActivations;
import org.vecnn.spi.FloatActivations;
import org.vecnn.spi.ProbeResult;

/**
 * OpenBLAS {@code cblas_sgemm}/{@code cblas_dgemm} through the {@code org.bytedeco:openblas} binding, on
 * native memory: the raw baseline of {@code loop} and {@code nd4j}. OpenBLAS keeps its default thread count
 * (one per core) unless {@code OPENBLAS_NUM_THREADS} says otherwise.
 */
final class OpenBlasRaw extends RawSubject<OpenBlasRaw.Block> {

    /** A native matrix and a direct-buffer view of it, made once so the pass allocates nothing. */
    record Block(Pointer pointer, Buffer buffer) {
    }

    OpenBlasRaw() {
        super("openblas");
    }

    @Override
    ProbeResult load() {
        Loader.load(openblas_nolapack.class);
        int threads = org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads();
        return ProbeResult.available(openblas_nolapack.OPENBLAS_VERSION.trim() + " (org.bytedeco:openblas "
                + Versions.of("org.bytedeco", "openblas") + "), cblas_sgemm/cblas_dgemm, " + threads + " threads");
    }

    @Override
    String hint() {
        return "the org.bytedeco:openblas linux-x86_64 natives must be on the class path";
    }

    @Override
    Block create(int rows, int cols, double[] data, Precision precision) {
        long length = (long) rows * cols;
        if (precision == Precision.FLOAT32) {
            FloatPointer p = data == null ? new FloatPointer(length).zero() : new FloatPointer(WorkloadData.toFloat(data));
            return new Block(p, p.asBuffer());
        }
        DoublePointer p = data == null ? new DoublePointer(length).zero() : new DoublePointer(data);
        return new Block(p, p.asBuffer());
    }

    @Override
    void gemm(Block a, Block b, Block c, int m, int k, int n, Precision precision) {
        if (precision == Precision.FLOAT32) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, (FloatPointer) a.pointer, k,
                    (FloatPointer) b.pointer, n, 0f, (FloatPointer) c.pointer, n);
        } else {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1d, (DoublePointer) a.pointer, k,
                    (DoublePointer) b.pointer, n, 0d, (DoublePointer) c.pointer, n);
        }
    }

    @Override
    void biasActivate(Block z, int rows, int cols, Object bias, Activation g, Precision precision) {
        if (precision == Precision.FLOAT32) {
            FloatBuffer c = (FloatBuffer) z.buffer;
            FloatActivations.biasApply(g, c, (float[]) bias, c, 0, rows, cols);
        } else {
            DoubleBuffer c = (DoubleBuffer) z.buffer;
            DoubleActivations.biasApply(g, c, (double[]) bias, c, 0, rows, cols);
        }
    }

    @Override
    double[] read(Block m, int length, Precision precision) {
        double[] out = new double[length];
        if (precision == Precision.FLOAT32) {
            FloatBuffer f = (FloatBuffer) m.buffer;
            for (int i = 0; i < length; i++) {
                out[i] = f.get(i);
            }
        } else {
            ((DoubleBuffer) m.buffer).get(0, out);
        }
        return out;
    }

    @Override
    void free(Block m) {
        m.pointer.close();
    }
}
