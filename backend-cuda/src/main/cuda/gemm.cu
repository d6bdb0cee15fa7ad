// The GEMM kernels of the forward pass: C = act(A·B + bias), row-major, plain operands, FLOAT32 and FLOAT64,
// with 16-byte vector loads (*_vec) where the rows allow them. The template and its description: gemm.cuh.
#include "gemm.cuh"

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f32(int M, int N, int K, const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
         const float* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<float, false>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f32_vec(int M, int N, int K, const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
             const float* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<float, true>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f64(int M, int N, int K, const double* __restrict__ A, const double* __restrict__ B, double* __restrict__ C,
         const double* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<double, false>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f64_vec(int M, int N, int K, const double* __restrict__ A, const double* __restrict__ B, double* __restrict__ C,
             const double* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<double, true>(M, N, K, A, B, C, bias, act, slope, kChunk);
}
