package org.vecnn.backend.cuda;

import java.util.List;
import java.util.function.Function;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.train.Loss;

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
                        "softmax_rows_f32", "softmax_rows_f64", "log_softmax_rows_f32", "log_softmax_rows_f64",
                        "transpose_f32", "transpose_f64", "convert_f32_f64", "convert_f64_f32");
            case "training":
                return List.of("gemm_f32_ta", "gemm_f32_tb", "gemm_f32_tatb", "gemm_f64_ta", "gemm_f64_tb",
                        "gemm_f64_tatb", "column_sums_f32", "column_sums_f64", "activation_backward_f32",
                        "activation_backward_f64", "loss_f32", "loss_f64", "fused_gradient_f32",
                        "fused_gradient_f64", "log_softmax_gradient_f32", "log_softmax_gradient_f64",
                        "count_correct_f32", "count_correct_f64",
                        "optimizer_update_f32", "optimizer_update_f64");
            default:
                throw new IllegalArgumentException("unknown module " + module);
        }
    }

    private static String suffix(Precision precision) {
        return precision == Precision.FLOAT32 ? "_f32" : "_f64";
    }

    /**
     * out = g(a·b + bias) for an element-wise g, or a row-wise g (softmax, log-softmax) of a·b + bias: one fused
     * GEMM (plus the row pass of a row-wise g). Call inside {@link CudaContext#call}.
     *
     * @param bias 1×n or null
     */
    void dense(String operation, CudaMatrix a, CudaMatrix b, CudaMatrix bias, CudaMatrix out,
            Activation activation) {
        product(operation, a, false, b, false, bias, out, activation);
    }

    /**
     * out = g(op(a)·op(b) + bias), op transposing its operand when the flag says so: the transposed operand is
     * read in place by the GEMM's _ta/_tb variants, never copied. Call inside {@link CudaContext#call}.
     *
     * @param bias 1×n or null
     */
    void product(String operation, CudaMatrix a, boolean transposeA, CudaMatrix b, boolean transposeB,
            CudaMatrix bias, CudaMatrix out, Activation activation) {
        Precision p = a.precision();
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int n = transposeB ? b.rows() : b.cols();
        boolean rowWise = activation.isRowWise();
        int act = rowWise ? 0 : LaunchGeometry.activationCode(activation);
        double slope = LaunchGeometry.activationSlope(activation);
        String kernel = LaunchGeometry.gemmKernel(p, transposeA, transposeB, n, k);
        int blocks = LaunchGeometry.gemmBlocks(p, m, n);
        int[] split = LaunchGeometry.gemmSplitK(p, m, n, k, context.multiprocessors());
        if (split[0] == 1) {
            context.launch(operation, kernel, blocks, 1, LaunchGeometry.GEMM_THREADS, 1,
                    gemmParameters(m, n, k, a, b, Pointer.to(out.pointer()),
                            bias == null ? NULL_POINTER : Pointer.to(bias.pointer()), act, slope, k));
        } else {
            long elements = (long) m * n;
            DeviceBuffer slabs = context.allocate(split[0] * elements * p.bytes(), operation,
                    "split-K scratch");
            try {
                context.launch(operation, kernel, blocks, split[0], LaunchGeometry.GEMM_THREADS, 1,
                        gemmParameters(m, n, k, a, b, Pointer.to(slabs.pointer()), NULL_POINTER, 0, 0, split[1]));
                Pointer sum = Pointer.to(Pointer.to(slabs.pointer()), Pointer.to(new int[] {split[0]}),
                        bias == null ? NULL_POINTER : Pointer.to(bias.pointer()), Pointer.to(out.pointer()),
                        Pointer.to(new long[] {elements}), Pointer.to(new int[] {n}), Pointer.to(new int[] {act}),
                        Pointer.to(new double[] {slope}));
                context.launch(operation, "splitk_sum" + suffix(p),
                        LaunchGeometry.elementwiseBlocks(elements, context.multiprocessors()), 1,
                        LaunchGeometry.ELEMENTWISE_THREADS, 1, sum);
            } finally {
                slabs.release(); // back to the cache; work queued later on the stream runs after the sum
            }
        }
        if (rowWise) {
            rowWise(operation, activation, out, out);
        }
    }

    private static Pointer gemmParameters(int m, int n, int k, CudaMatrix a, CudaMatrix b, Pointer c, Pointer bias,
            int act, double slope, int kChunk) {
        return Pointer.to(Pointer.to(new int[] {m}), Pointer.to(new int[] {n}), Pointer.to(new int[] {k}),
                Pointer.to(a.pointer()), Pointer.to(b.pointer()), c, bias, Pointer.to(new int[] {act}),
                Pointer.to(new double[] {slope}), Pointer.to(new int[] {kChunk}));
    }

    /**
     * out = g(in + bias) for an element-wise g, bias broadcast over rows (or absent); out may be in.
     *
     * @throws IllegalArgumentException for a row-wise g, which {@link #rowWise} applies
     */
    void biasActivation(String operation, CudaMatrix in, CudaMatrix bias, CudaMatrix out, Activation activation) {
        long n = (long) in.rows() * in.cols();
        Pointer parameters = Pointer.to(Pointer.to(in.pointer()),
                bias == null ? NULL_POINTER : Pointer.to(bias.pointer()), Pointer.to(out.pointer()),
                Pointer.to(new long[] {n}), Pointer.to(new int[] {in.cols()}),
                Pointer.to(new int[] {LaunchGeometry.activationCode(activation)}),
                Pointer.to(new double[] {LaunchGeometry.activationSlope(activation)}));
        context.launch(operation, "bias_act" + suffix(in.precision()),
                LaunchGeometry.elementwiseBlocks(n, context.multiprocessors()), 1, LaunchGeometry.ELEMENTWISE_THREADS,
                1, parameters);
    }

    /** Row-wise softmax or log-softmax (the activation says which); out may be in. */
    void rowWise(String operation, Activation activation, CudaMatrix in, CudaMatrix out) {
        String kernel = activation.kind() == Activation.Kind.LOG_SOFTMAX ? "log_softmax_rows" : "softmax_rows";
        Pointer parameters = Pointer.to(Pointer.to(in.pointer()), Pointer.to(out.pointer()),
                Pointer.to(new int[] {in.rows()}), Pointer.to(new int[] {in.cols()}));
        context.launch(operation, kernel + suffix(in.precision()), LaunchGeometry.softmaxBlocks(in.rows()),
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

    /** out[j] = Σ_i a[i][j] in increasing i, in the element type. */
    void columnSums(String operation, CudaMatrix a, CudaMatrix out) {
        Pointer parameters = Pointer.to(Pointer.to(a.pointer()), Pointer.to(out.pointer()),
                Pointer.to(new int[] {a.rows()}), Pointer.to(new int[] {a.cols()}));
        context.launch(operation, "column_sums" + suffix(a.precision()),
                LaunchGeometry.columnSumBlocks(a.cols(), context.multiprocessors()), 1,
                LaunchGeometry.ELEMENTWISE_THREADS, 1, parameters);
    }

    /** gradLogits = g'(z) ⊙ gradOutput from the output a = g(z); gradLogits may be gradOutput. */
    void activationBackward(String operation, Activation activation, CudaMatrix output, CudaMatrix gradOutput,
            CudaMatrix gradLogits) {
        Pointer parameters = Pointer.to(Pointer.to(new int[] {LaunchGeometry.trainingActivationCode(activation)}),
                Pointer.to(new double[] {LaunchGeometry.activationSlope(activation)}), Pointer.to(output.pointer()),
                Pointer.to(gradOutput.pointer()), Pointer.to(gradLogits.pointer()),
                Pointer.to(new int[] {output.rows()}), Pointer.to(new int[] {output.cols()}));
        context.launch(operation, "activation_backward" + suffix(output.precision()),
                LaunchGeometry.activationBackwardBlocks(activation, output.rows(), output.cols(),
                        context.multiprocessors()), 1, LaunchGeometry.ELEMENTWISE_THREADS, 1, parameters);
    }

    /**
     * The loss summed over the rows (the caller divides), and dL/dZ into gradLogits unless it is null; only
     * the sum comes back to the host.
     *
     * @param lossCode {@link LaunchGeometry#lossCode}
     */
    double lossSum(String operation, int lossCode, Activation activation, CudaMatrix logits, CudaMatrix output,
            CudaMatrix targets, CudaMatrix gradLogits) {
        Precision p = output.precision();
        int m = output.rows();
        int n = output.cols();
        boolean mse = lossCode == LaunchGeometry.lossCode(Loss.MEAN_SQUARED_ERROR);
        if (gradLogits != null && !mse) {
            long elements = (long) m * n;
            Pointer parameters = Pointer.to(Pointer.to(output.pointer()), Pointer.to(targets.pointer()),
                    Pointer.to(gradLogits.pointer()), Pointer.to(new long[] {elements}), scalar(p, m));
            // cce on a log-softmax output: (exp(A) - Y)/m, exp(A) being the softmax
            String kernel = activation.kind() == Activation.Kind.LOG_SOFTMAX ? "log_softmax_gradient"
                    : "fused_gradient";
            context.launch(operation, kernel + suffix(p),
                    LaunchGeometry.elementwiseBlocks(elements, context.multiprocessors()), 1,
                    LaunchGeometry.ELEMENTWISE_THREADS, 1, parameters);
        }
        return reduceToScalar(operation, "loss value", total -> Pointer.to(Pointer.to(new int[] {lossCode}),
                Pointer.to(new int[] {LaunchGeometry.trainingActivationCode(activation)}),
                Pointer.to(new double[] {LaunchGeometry.activationSlope(activation)}), Pointer.to(logits.pointer()),
                Pointer.to(output.pointer()), Pointer.to(targets.pointer()),
                gradLogits == null || !mse ? NULL_POINTER : Pointer.to(gradLogits.pointer()),
                Pointer.to(new int[] {m}), Pointer.to(new int[] {n}), scalar(p, 2.0 / ((double) m * n)),
                Pointer.to(total)), "loss" + suffix(p));
    }

    /** @return the rows whose first largest output is the first largest target (one column: both ≥ 0.5 or not) */
    long countCorrect(String operation, CudaMatrix output, CudaMatrix targets) {
        double count = reduceToScalar(operation, "count", total -> Pointer.to(Pointer.to(output.pointer()),
                Pointer.to(targets.pointer()), Pointer.to(new int[] {output.rows()}),
                Pointer.to(new int[] {output.cols()}), Pointer.to(total)), "count_correct" + suffix(output.precision()));
        return (long) count;
    }

    // Runs a one-block kernel that writes one double into device memory, and returns that double.
    private double reduceToScalar(String operation, String what, Function<CUdeviceptr, Pointer> parameters,
            String kernel) {
        DeviceBuffer total = context.allocate(Double.BYTES, operation, what);
        try {
            context.launch(operation, kernel, 1, 1, LaunchGeometry.ELEMENTWISE_THREADS, 1,
                    parameters.apply(total.pointer()));
            double[] value = new double[1];
            context.download(value, total.pointer(), 0, operation);
            return value[0];
        } finally {
            total.release();
        }
    }

    /**
     * One optimizer step on every element of parameter, in place (training.cu's optimizer_update).
     *
     * @param rule 0 sgd, 1 momentum, 2 Nesterov, 3 Adam/AdamW
     * @param constants lr, l2, mu, b1, b2, r1, r2, c1, c2, eps, keep, as FloatTraining.update computes them
     *     (the kernel rounds nothing: the caller passes them already rounded to the element type)
     * @param s0 the first state or null, s1 the second or null
     */
    void update(String operation, int rule, boolean decay, double[] constants, CudaMatrix parameter,
            CudaMatrix gradient, CudaMatrix s0, CudaMatrix s1) {
        Precision p = parameter.precision();
        long n = (long) parameter.rows() * parameter.cols();
        Pointer[] arguments = new Pointer[7 + constants.length];
        arguments[0] = Pointer.to(new int[] {rule});
        arguments[1] = Pointer.to(parameter.pointer());
        arguments[2] = Pointer.to(gradient.pointer());
        arguments[3] = s0 == null ? NULL_POINTER : Pointer.to(s0.pointer());
        arguments[4] = s1 == null ? NULL_POINTER : Pointer.to(s1.pointer());
        arguments[5] = Pointer.to(new long[] {n});
        for (int i = 0; i < constants.length; i++) {
            arguments[6 + i] = scalar(p, constants[i]);
        }
        arguments[6 + constants.length] = Pointer.to(new int[] {decay ? 1 : 0});
        context.launch(operation, "optimizer_update" + suffix(p),
                LaunchGeometry.elementwiseBlocks(n, context.multiprocessors()), 1, LaunchGeometry.ELEMENTWISE_THREADS,
                1, Pointer.to(arguments));
    }

    // A kernel argument of the element type: the value rounded to float for FLOAT32.
    private static Pointer scalar(Precision precision, double value) {
        return precision == Precision.FLOAT32 ? Pointer.to(new float[] {(float) value})
                : Pointer.to(new double[] {value});
    }

    void copy(String operation, CudaMatrix in, CudaMatrix out) {
        context.copy(out.pointer(), in.pointer(), in.bytes(), operation);
    }
}
