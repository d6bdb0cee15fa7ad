// Memory-bound kernels, row-major throughout:
//   bias_act_*      out[i] = act(in[i] + bias[i mod cols])   bias may be null; in may equal out (in place)
//   splitk_sum_*    out[i] = act(Σ_s part[s·n + i] + bias[i mod cols])   the slabs of a split-K GEMM (gemm.cu)
//   softmax_rows_*  out[r][:] = exp(in[r][:] - max) / sum    one block per row, grid-stride over rows;
//                                                             in may equal out
//   log_softmax_rows_*  out[r][:] = in[r][:] - (max + log sum)   the same blocks; max, sum and shift in double
//   transpose_*     out[c][r] = in[r][c]                      32×32 tiles through padded shared memory
//   convert_*       out[i] = (target type) in[i]
// Block size: 256 threads for the 1-D kernels, 32×8 for transpose (LaunchGeometry on the host).
#include "vecnn_common.cuh"

namespace vecnn {

constexpr int EW_THREADS = 256;
constexpr int TILE = 32;

template <typename T>
__device__ __forceinline__ void bias_act(const T* in, const T* __restrict__ bias, T* out, long long n, int cols, int act,
                                         double slope)
{
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        T z = in[i];
        if (bias != nullptr) z += bias[i % cols];
        out[i] = activate(z, act, slope);
    }
}

// Adds the slabs in order s = 0, 1, ..., so the result does not depend on the launch.
template <typename T>
__device__ __forceinline__ void splitk_sum(const T* __restrict__ part, int splits, const T* __restrict__ bias,
                                           T* __restrict__ out, long long n, int cols, int act, double slope)
{
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        T z = part[i];
        for (int s = 1; s < splits; ++s) z += part[(long long)s * n + i];
        if (bias != nullptr) z += bias[i % cols];
        out[i] = activate(z, act, slope);
    }
}

// Block reduction through shared memory (EW_THREADS is a power of two). Returns the result to every thread
// and leaves `red` free for reuse.
template <typename T, bool MAX>
__device__ __forceinline__ T block_reduce(T v, T* red)
{
    const int tid = threadIdx.x;
    red[tid] = v;
    __syncthreads();
    for (int s = EW_THREADS / 2; s > 0; s >>= 1) {
        if (tid < s) {
            T o = red[tid + s];
            red[tid] = MAX ? (o > red[tid] ? o : red[tid]) : red[tid] + o;
        }
        __syncthreads();
    }
    T r = red[0];
    __syncthreads();
    return r;
}

// Subtracting the row maximum keeps exp ≤ 1, so rows of large values neither overflow nor lose the result.
// A NaN anywhere makes the sum, and so the whole row, NaN, as on the CPU backends.
template <typename T>
__device__ __forceinline__ void softmax_rows(const T* in, T* out, int rows, int cols)
{
    __shared__ T red[EW_THREADS];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* x = in + (size_t)r * cols;
        T* y = out + (size_t)r * cols;
        T m = -INFINITY;
        for (int c = threadIdx.x; c < cols; c += EW_THREADS) m = x[c] > m ? x[c] : m;
        m = block_reduce<T, true>(m, red);
        T s = T(0);
        for (int c = threadIdx.x; c < cols; c += EW_THREADS) s += vexp(x[c] - m);
        s = block_reduce<T, false>(s, red);
        for (int c = threadIdx.x; c < cols; c += EW_THREADS) y[c] = vexp(x[c] - m) / s;
    }
}

// FloatActivations.logSoftmaxRows' formula in both precisions: max, Σ exp(x - max) and shift = max + log(sum) in
// double (the sum in a fixed tree instead of in column order), out = (T)(x - shift). Finite wherever the row is;
// a NaN, or an infinite max (+inf - +inf), makes the row NaN, as on the CPU backends.
template <typename T>
__device__ __forceinline__ void log_softmax_rows(const T* in, T* out, int rows, int cols)
{
    __shared__ double red[EW_THREADS];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* x = in + (size_t)r * cols;
        T* y = out + (size_t)r * cols;
        double m = -INFINITY;
        for (int c = threadIdx.x; c < cols; c += EW_THREADS) m = (double)x[c] > m ? (double)x[c] : m;
        m = block_reduce<double, true>(m, red);
        double s = 0;
        for (int c = threadIdx.x; c < cols; c += EW_THREADS) s += exp((double)x[c] - m);
        s = block_reduce<double, false>(s, red);
        const double shift = m + log(s);
        for (int c = threadIdx.x; c < cols; c += EW_THREADS) y[c] = T((double)x[c] - shift);
    }
}

// blockDim = (32, 8); grid = (ceil(cols/32), min(ceil(rows/32), 65535)), grid-stride over row tiles.
template <typename T>
__device__ __forceinline__ void transpose(const T* __restrict__ in, T* __restrict__ out, int rows, int cols)
{
    __shared__ T tile[TILE][TILE + 1];
    const int c0 = blockIdx.x * TILE;
    for (int r0 = blockIdx.y * TILE; r0 < rows; r0 += gridDim.y * TILE) {
        for (int j = threadIdx.y; j < TILE; j += blockDim.y) {
            const int r = r0 + j;
            const int c = c0 + threadIdx.x;
            if (r < rows && c < cols) tile[j][threadIdx.x] = in[(size_t)r * cols + c];
        }
        __syncthreads();
        for (int j = threadIdx.y; j < TILE; j += blockDim.y) {
            const int outRow = c0 + j;
            const int outCol = r0 + threadIdx.x;
            if (outRow < cols && outCol < rows) out[(size_t)outRow * rows + outCol] = tile[threadIdx.x][j];
        }
        __syncthreads();
    }
}

template <typename S, typename D>
__device__ __forceinline__ void convert(const S* __restrict__ in, D* __restrict__ out, long long n)
{
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        out[i] = (D)in[i];
    }
}

} // namespace vecnn

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
bias_act_f32(const float* in, const float* __restrict__ bias, float* out, long long n, int cols, int act,
             double slope)
{
    vecnn::bias_act<float>(in, bias, out, n, cols, act, slope);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
bias_act_f64(const double* in, const double* __restrict__ bias, double* out, long long n, int cols, int act,
             double slope)
{
    vecnn::bias_act<double>(in, bias, out, n, cols, act, slope);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
splitk_sum_f32(const float* __restrict__ part, int splits, const float* __restrict__ bias, float* __restrict__ out,
               long long n, int cols, int act, double slope)
{
    vecnn::splitk_sum<float>(part, splits, bias, out, n, cols, act, slope);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
splitk_sum_f64(const double* __restrict__ part, int splits, const double* __restrict__ bias,
               double* __restrict__ out, long long n, int cols, int act, double slope)
{
    vecnn::splitk_sum<double>(part, splits, bias, out, n, cols, act, slope);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
softmax_rows_f32(const float* in, float* out, int rows, int cols)
{
    vecnn::softmax_rows<float>(in, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
softmax_rows_f64(const double* in, double* out, int rows, int cols)
{
    vecnn::softmax_rows<double>(in, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
log_softmax_rows_f32(const float* in, float* out, int rows, int cols)
{
    vecnn::log_softmax_rows<float>(in, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
log_softmax_rows_f64(const double* in, double* out, int rows, int cols)
{
    vecnn::log_softmax_rows<double>(in, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
transpose_f32(const float* __restrict__ in, float* __restrict__ out, int rows, int cols)
{
    vecnn::transpose<float>(in, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
transpose_f64(const double* __restrict__ in, double* __restrict__ out, int rows, int cols)
{
    vecnn::transpose<double>(in, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
convert_f32_f64(const float* __restrict__ in, double* __restrict__ out, long long n)
{
    vecnn::convert<float, double>(in, out, n);
}

extern "C" __global__ void __launch_bounds__(vecnn::EW_THREADS)
convert_f64_f32(const double* __restrict__ in, float* __restrict__ out, long long n)
{
    vecnn::convert<double, float>(in, out, n);
}
