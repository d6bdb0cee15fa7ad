package org.vecnn.backend.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;
import org.vecnn.Precision;

/**
 * cuBLAS, optional: the one class that refers to JCublas2, so that the backend runs on its own kernels where
 * {@code libcublas.so.12} (or the jcublas jar) is missing. Created only through {@link #tryCreate}.
 */
final class CudaBlas implements AutoCloseable {
    private static volatile String loadFailure;

    private final cublasHandle handle;
    private final String version;
    private final boolean tf32;
    private final Pointer oneF = Pointer.to(new float[] {1f});
    private final Pointer zeroF = Pointer.to(new float[] {0f});
    private final Pointer oneD = Pointer.to(new double[] {1.0});
    private final Pointer zeroD = Pointer.to(new double[] {0.0});

    private CudaBlas(cublasHandle handle, String version, boolean tf32) {
        this.handle = handle;
        this.version = version;
        this.tf32 = tf32;
    }

    /**
     * Creates a handle bound to the stream, with the calling thread's current context.
     *
     * @param status receives, at index 0, why cuBLAS is not used when this returns null
     * @return the wrapper, or null when cuBLAS cannot be used here
     */
    static CudaBlas tryCreate(CUstream stream, boolean tf32, String[] status) {
        if (loadFailure != null) {
            status[0] = loadFailure;
            return null;
        }
        cublasHandle handle = new cublasHandle();
        int rc;
        try {
            rc = JCublas2.cublasCreate(handle);
        } catch (LinkageError e) {
            // JCublas2 cannot be initialised again in this JVM: remember the first, informative failure
            loadFailure = CudaProbe.optionalLoadFailure(e);
            status[0] = loadFailure;
            return null;
        }
        if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            status[0] = "cublasCreate failed: " + cublasStatus.stringFor(rc);
            return null;
        }
        rc = JCublas2.cublasSetStream(handle, new cudaStream_t(stream));
        if (rc == cublasStatus.CUBLAS_STATUS_SUCCESS) {
            // Explicitly, though it is the default: TF32 only on request (it breaks agreement with the CPU)
            rc = JCublas2.cublasSetMathMode(handle, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH
                    : cublasMath.CUBLAS_DEFAULT_MATH);
        }
        int[] version = new int[1];
        if (rc == cublasStatus.CUBLAS_STATUS_SUCCESS) {
            rc = JCublas2.cublasGetVersion(handle, version);
        }
        if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            JCublas2.cublasDestroy(handle);
            status[0] = "configuring cuBLAS failed: " + cublasStatus.stringFor(rc);
            return null;
        }
        int v = version[0];
        return new CudaBlas(handle, (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100), tf32);
    }

    String describe() {
        return "cuBLAS " + version + " for products" + (tf32 ? " (TF32 tensor cores on: vecnn.cuda.tf32=true)"
                : ", TF32 off");
    }

    /**
     * Row-major C = A·B (A m×k, B k×n) through column-major cuBLAS, by the identity in
     * {@link LaunchGeometry.ColumnMajorGemm}.
     *
     * @return the cuBLAS status, 0 on success
     */
    int gemm(Precision precision, int m, int n, int k, CUdeviceptr a, CUdeviceptr b, CUdeviceptr c) {
        LaunchGeometry.ColumnMajorGemm g = LaunchGeometry.ColumnMajorGemm.forRowMajor(m, n, k);
        int op = cublasOperation.CUBLAS_OP_N;
        if (precision == Precision.FLOAT32) {
            return JCublas2.cublasSgemm(handle, op, op, g.rows(), g.cols(), g.inner(), oneF, b, g.ldFirst(), a,
                    g.ldSecond(), zeroF, c, g.ldResult());
        }
        return JCublas2.cublasDgemm(handle, op, op, g.rows(), g.cols(), g.inner(), oneD, b, g.ldFirst(), a,
                g.ldSecond(), zeroD, c, g.ldResult());
    }

    static String statusName(int status) {
        return cublasStatus.stringFor(status);
    }

    @Override
    public void close() {
        JCublas2.cublasDestroy(handle);
    }
}
