package org.vecnn.backend.cuda;

import java.util.List;
import jcuda.Pointer;
import org.vecnn.Activation;
import org.vecnn.Precision;

/** Launches the backend's kernels on operands already checked by the api's base classes. */
final class CudaKernels {
    private static final Pointer NULL_POINTER = Pointer.to(new long[] {0L});

    private final CudaContext context;

    CudaKernels(CudaContext context) {
        this.context = context;
    }

    /** @return the kernel names a module must export */
    static List<String> kernelsOf(String module) {
        switch (module) {
            case "gemm":
                return List.of("gemm_f32", "gemm_f32_vec", "gemm_f64", "gemm_f64_vec");
            case "elementwise":
                return List.of("bias_act_f32", "bias_act_f64", "splitk_sum_f32", "splitk_sum_f64",
                        "softmax_rows_f32", "softmax_rows_f64",
                        "transpose_f32", "transpose_f64", "convert_f32_f64", "convert_f64_f32");
            default:
                throw new IllegalArgumentException("unknown module " + module);
        }
    }

    private static String suffix(Precision precision) {
        return precision == Precision.FLOAT32 ? "_f32" : "_f64";
    }

    /**
     * out = g(a·b + bias) for an element-wise g, or softmax(a·b + bias): one fused GEMM (plus the row pass of
     * softmax). Call inside {@link CudaContext#call}.
     *
     * @param bias 1×n or null
     */
    void dense(String operation, CudaMatrix a, CudaMatrix b, CudaMatrix bias, CudaMatrix out,
            Activation activation) {
        Precision p = a.precision();
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        boolean softmax = activation == Activation.SOFTMAX;
        int act = softmax ? 0 : LaunchGeometry.activationCode(activation);
        String kernel = "gemm" + suffix(p) + (LaunchGeometry.gemmVectorized(p, n, k) ? "_vec" : "");
        int blocks = LaunchGeometry.gemmBlocks(p, m, n);
        int[] split = LaunchGeometry.gemmSplitK(p, m, n, k, context.multiprocessors());
        if (split[0] == 1) {
            context.launch(operation, kernel, blocks, 1, LaunchGeometry.GEMM_THREADS, 1,
                    gemmParameters(m, n, k, a, b, Pointer.to(out.pointer()),
                            bias == null ? NULL_POINTER : Pointer.to(bias.pointer()), act, k));
        } else {
            long elements = (long) m * n;
            DeviceBuffer slabs = context.allocate(split[0] * elements * p.bytes(), operation,
                    "split-K scratch");
            try {
                context.launch(operation, kernel, blocks, split[0], LaunchGeometry.GEMM_THREADS, 1,
                        gemmParameters(m, n, k, a, b, Pointer.to(slabs.pointer()), NULL_POINTER, 0, split[1]));
                Pointer sum = Pointer.to(Pointer.to(slabs.pointer()), Pointer.to(new int[] {split[0]}),
                        bias == null ? NULL_POINTER : Pointer.to(bias.pointer()), Pointer.to(out.pointer()),
                        Pointer.to(new long[] {elements}), Pointer.to(new int[] {n}), Pointer.to(new int[] {act}));
                context.launch(operation, "splitk_sum" + suffix(p),
                        LaunchGeometry.elementwiseBlocks(elements, context.multiprocessors()), 1,
                        LaunchGeometry.ELEMENTWISE_THREADS, 1, sum);
            } finally {
                slabs.release(); // back to the cache; work queued later on the stream runs after the sum
            }
        }
        if (softmax) {
            softmax(operation, out, out);
        }
    }

    private static Pointer gemmParameters(int m, int n, int k, CudaMatrix a, CudaMatrix b, Pointer c, Pointer bias,
            int act, int kChunk) {
        return Pointer.to(Pointer.to(new int[] {m}), Pointer.to(new int[] {n}), Pointer.to(new int[] {k}),
                Pointer.to(a.pointer()), Pointer.to(b.pointer()), c, bias, Pointer.to(new int[] {act}),
                Pointer.to(new int[] {kChunk}));
    }

    /** out = g(in + bias) element-wise, bias broadcast over rows (or absent); out may be in. */
    void biasActivation(String operation, CudaMatrix in, CudaMatrix bias, CudaMatrix out, int act) {
        long n = (long) in.rows() * in.cols();
        Pointer parameters = Pointer.to(Pointer.to(in.pointer()),
                bias == null ? NULL_POINTER : Pointer.to(bias.pointer()), Pointer.to(out.pointer()),
                Pointer.to(new long[] {n}), Pointer.to(new int[] {in.cols()}), Pointer.to(new int[] {act}));
        context.launch(operation, "bias_act" + suffix(in.precision()),
                LaunchGeometry.elementwiseBlocks(n, context.multiprocessors()), 1, LaunchGeometry.ELEMENTWISE_THREADS,
                1, parameters);
    }

    /** Row-wise softmax; out may be in. */
    void softmax(String operation, CudaMatrix in, CudaMatrix out) {
        Pointer parameters = Pointer.to(Pointer.to(in.pointer()), Pointer.to(out.pointer()),
                Pointer.to(new int[] {in.rows()}), Pointer.to(new int[] {in.cols()}));
        context.launch(operation, "softmax_rows" + suffix(in.precision()), LaunchGeometry.softmaxBlocks(in.rows()),
                1, LaunchGeometry.ELEMENTWISE_THREADS, 1, parameters);
    }

    void transpose(String operation, CudaMatrix in, CudaMatrix out) {
        int[] grid = LaunchGeometry.transposeGrid(in.rows(), in.cols());
        Pointer parameters = Pointer.to(Pointer.to(in.pointer()), Pointer.to(out.pointer()),
                Pointer.to(new int[] {in.rows()}), Pointer.to(new int[] {in.cols()}));
        context.launch(operation, "transpose" + suffix(in.precision()), grid[0], grid[1],
                LaunchGeometry.TRANSPOSE_TILE, LaunchGeometry.TRANSPOSE_ROWS_PER_PASS, parameters);
    }

    /** out = in converted to out's precision (the precisions differ). */
    void convert(String operation, CudaMatrix in, CudaMatrix out) {
        long n = (long) in.rows() * in.cols();
        String kernel = in.precision() == Precision.FLOAT32 ? "convert_f32_f64" : "convert_f64_f32";
        Pointer parameters = Pointer.to(Pointer.to(in.pointer()), Pointer.to(out.pointer()),
                Pointer.to(new long[] {n}));
        context.launch(operation, kernel, LaunchGeometry.elementwiseBlocks(n, context.multiprocessors()), 1,
                LaunchGeometry.ELEMENTWISE_THREADS, 1, parameters);
    }

    void copy(String operation, CudaMatrix in, CudaMatrix out) {
        context.copy(out.pointer(), in.pointer(), in.bytes(), operation);
    }
}
