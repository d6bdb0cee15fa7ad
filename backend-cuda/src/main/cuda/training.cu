// The training kernels, row-major throughout: the products with a transposed operand (gemm.cuh's template), and
// the rest with the formulas of
// org.vecnn.spi.FloatTraining/DoubleTraining (element-wise work in the element type, row sums in double):
//   column_sums_*          out[j] = Σ_i a[i][j] in increasing i, in the element type (one thread per column)
//   activation_backward_*  dz = g'(z) ⊙ da from the output a; softmax per row: a_j (da_j - Σ_k a_k da_k);
//                          log-softmax per row: da_j - exp(a_j) Σ_k da_k; leaky relu: a > 0 ? da : slope·da;
//                          dz may be da
//   loss_*                 the batch loss summed over the rows into total[0] (double); for mse also dz = g'
//                          of 2(a - y)/(mn), unless dz is null; cce on log-softmax: -Σ y a (the NLL)
//   fused_gradient_*       dz = (a - y)/m, the logits' gradient of bce on sigmoid and cce on softmax
//   log_softmax_gradient_* dz = (exp(a) - y)/m, cce's on log-softmax (exp(a) is the softmax)
//   count_correct_*        total[0] = the rows whose first largest output is the first largest target
//                          (one column: (a ≥ 0.5) = (y ≥ 0.5))
//   gemm_*_ta/_tb/_tatb    C = op(A)·op(B) (+ bias, act), A stored K×M (ta), B stored N×K (tb): dW = Xᵀ·dZ, dX = dZ·Wᵀ
//   optimizer_update_*     one SGD (plain, momentum, Nesterov; L2) or Adam/AdamW step on every element, in place
// The loss and the count run in one block of TRAIN_THREADS threads: thread t takes rows t, t + TRAIN_THREADS, ...
// and the block sums the threads' parts in a fixed tree, so the value does not depend on timing and only one
// scalar goes back to the host. The softmax backward and the per-row loss run one thread per row, in the
// order of the Java formulas. Block size: TRAIN_THREADS; grid-stride loops (LaunchGeometry on the host).
#include "gemm.cuh"
#include "vecnn_common.cuh"

namespace vecnn {

constexpr int TRAIN_THREADS = 256;

// Loss codes (CudaTrainingKernels.lossCode) and optimizer rules (CudaTrainingKernels.ruleCode).
enum { LOSS_MSE = 0, LOSS_BCE = 1, LOSS_CCE = 2 };
enum { RULE_SGD = 0, RULE_MOMENTUM = 1, RULE_NESTEROV = 2, RULE_ADAM = 3 };

template <typename T>
__device__ __forceinline__ void column_sums(const T* __restrict__ a, T* __restrict__ out, int rows, int cols)
{
    for (int j = blockIdx.x * blockDim.x + threadIdx.x; j < cols; j += blockDim.x * gridDim.x) {
        T s = a[j];
        for (int i = 1; i < rows; ++i) s += a[(size_t)i * cols + j];
        out[j] = s;
    }
}

// g'(z)·da for an element-wise g, from a = g(z). The leaky ReLU's derivative is read from the output's sign,
// which needs slope ≥ 0 (the Trainer refuses others); slope·da in double, rounded once, as in the forward.
template <typename T>
__device__ __forceinline__ T backward(T a, T da, int act, double slope)
{
    switch (act) {
    case ACT_LEAKY_RELU:
        return a > T(0) ? da : T(slope * (double)da);
    case ACT_SIGMOID:
        return a * (T(1) - a) * da;
    case ACT_RELU:
        return a > T(0) ? da : T(0);
    case ACT_TANH:
        return (T(1) - a * a) * da;
    default:
        return da;
    }
}

// One row of the softmax backward; dz may be da.
template <typename T>
__device__ __forceinline__ void softmax_backward_row(const T* a, const T* da, T* dz, int cols)
{
    double s = 0;
    for (int j = 0; j < cols; ++j) s += (double)a[j] * (double)da[j];
    const T dot = (T)s;
    for (int j = 0; j < cols; ++j) dz[j] = a[j] * (da[j] - dot);
}

// One row of the log-softmax backward, dz_j = da_j - exp(a_j)·Σ_k da_k as FloatTraining computes it: the sum in
// double and exp(a_j) in double, each rounded once to T, the rest in T; dz may be da.
template <typename T>
__device__ __forceinline__ void log_softmax_backward_row(const T* a, const T* da, T* dz, int cols)
{
    double s = 0;
    for (int j = 0; j < cols; ++j) s += (double)da[j];
    const T sum = (T)s;
    for (int j = 0; j < cols; ++j) dz[j] = da[j] - T(exp((double)a[j])) * sum;
}

// act = ACT_SOFTMAX or ACT_LOG_SOFTMAX: grid-stride over the rows; otherwise over the elements.
template <typename T>
__device__ __forceinline__ void activation_backward(int act, double slope, const T* a, const T* da, T* dz, int rows,
                                                    int cols)
{
    const long long stride = (long long)blockDim.x * gridDim.x;
    const long long first = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (act == ACT_SOFTMAX) {
        for (long long r = first; r < rows; r += stride) {
            softmax_backward_row(a + r * cols, da + r * cols, dz + r * cols, cols);
        }
    } else if (act == ACT_LOG_SOFTMAX) {
        for (long long r = first; r < rows; r += stride) {
            log_softmax_backward_row(a + r * cols, da + r * cols, dz + r * cols, cols);
        }
    } else {
        const long long n = (long long)rows * cols;
        for (long long i = first; i < n; i += stride) dz[i] = backward(a[i], da[i], act, slope);
    }
}

// The sum of every thread's v over the block, in a fixed order; valid in thread 0.
__device__ __forceinline__ double block_sum(double v)
{
    __shared__ double part[TRAIN_THREADS];
    const int tid = threadIdx.x;
    part[tid] = v;
    __syncthreads();
    for (int s = TRAIN_THREADS / 2; s > 0; s >>= 1) {
        if (tid < s) part[tid] += part[tid + s];
        __syncthreads();
    }
    return part[0];
}

// The loss of row r summed over its columns; for mse also its part of dz when dz is not null, with scale
// 2/(mn) rounded to T (the cross-entropies' dz is fused_gradient's).
template <typename T>
__device__ __forceinline__ double loss_row(int loss, int act, double slope, const T* z, const T* a, const T* y, T* dz,
                                           int cols, T scale)
{
    double total = 0;
    if (loss == LOSS_MSE) {
        for (int j = 0; j < cols; ++j) {
            double d = (double)a[j] - (double)y[j];
            total += d * d;
        }
        if (dz != nullptr) {
            for (int j = 0; j < cols; ++j) dz[j] = (a[j] - y[j]) * scale;
            if (act == ACT_SOFTMAX) {
                softmax_backward_row(a, dz, dz, cols);
            } else if (act == ACT_LOG_SOFTMAX) {
                log_softmax_backward_row(a, dz, dz, cols);
            } else {
                for (int j = 0; j < cols; ++j) dz[j] = backward(a[j], dz[j], act, slope);
            }
        }
        return total;
    }
    if (loss == LOSS_BCE) {
        for (int j = 0; j < cols; ++j) {
            double v = z[j];
            // v > 0 ? v : 0 drops a NaN that Java's Math.max keeps; the log term is NaN then anyway
            total += (v > 0 ? v : 0.0) - v * (double)y[j] + log1p(exp(-fabs(v)));
        }
    } else if (act == ACT_LOG_SOFTMAX) {
        // a holds log-probabilities: the negative log-likelihood, -Σ y_j a_j (a_j = z_j - lse(z))
        for (int j = 0; j < cols; ++j) {
            if (y[j] != T(0)) total -= (double)y[j] * (double)a[j];
        }
    } else {
        double max = -INFINITY;
        for (int j = 0; j < cols; ++j) max = (double)z[j] > max ? (double)z[j] : max;
        double sum = 0;
        for (int j = 0; j < cols; ++j) sum += exp((double)z[j] - max);
        const double lse = max + log(sum);
        for (int j = 0; j < cols; ++j) {
            if (y[j] != T(0)) total += (double)y[j] * (lse - (double)z[j]);
        }
    }
    return total;
}

template <typename T>
__device__ __forceinline__ void loss_sum(int loss, int act, double slope, const T* __restrict__ z, const T* __restrict__ a,
                                         const T* __restrict__ y, T* __restrict__ dz, int rows, int cols, T scale,
                                         double* __restrict__ total)
{
    double mine = 0;
    for (int r = threadIdx.x; r < rows; r += TRAIN_THREADS) {
        const size_t o = (size_t)r * cols;
        mine += loss_row(loss, act, slope, z + o, a + o, y + o, dz == nullptr ? nullptr : dz + o, cols, scale);
    }
    const double sum = block_sum(mine);
    if (threadIdx.x == 0) total[0] = sum;
}

// dz = (a - y) / m: the gradient of a cross-entropy w.r.t. the logits of its matching activation.
template <typename T>
__device__ __forceinline__ void fused_gradient(const T* __restrict__ a, const T* __restrict__ y, T* __restrict__ dz,
                                               long long n, T m)
{
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) dz[i] = (a[i] - y[i]) / m;
}

// dz = (exp(a) - y) / m, exp in double rounded once to T: categorical cross-entropy's gradient w.r.t. the logits of
// a log-softmax output a (exp(a) is their softmax). A kernel of its own: with a branch between this and
// fused_gradient in one loop, CUDA 12.0's PTX compiler spills registers around FLOAT64's slow-path calls (sm_90).
template <typename T>
__device__ __forceinline__ void log_softmax_gradient(const T* __restrict__ a, const T* __restrict__ y,
                                                     T* __restrict__ dz, long long n, T m)
{
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        dz[i] = (T(exp((double)a[i])) - y[i]) / m;
    }
}

template <typename T>
__device__ __forceinline__ void count_correct(const T* __restrict__ a, const T* __restrict__ y, int rows, int cols,
                                              double* __restrict__ total)
{
    double mine = 0;
    for (int r = threadIdx.x; r < rows; r += TRAIN_THREADS) {
        const T* ar = a + (size_t)r * cols;
        const T* yr = y + (size_t)r * cols;
        if (cols == 1) {
            mine += (ar[0] >= T(0.5)) == (yr[0] >= T(0.5)) ? 1 : 0;
            continue;
        }
        int best = 0;
        int want = 0;
        for (int j = 1; j < cols; ++j) {
            if (ar[j] > ar[best]) best = j;
            if (yr[j] > yr[want]) want = j;
        }
        mine += best == want ? 1 : 0;
    }
    const double sum = block_sum(mine);
    if (threadIdx.x == 0) total[0] = sum;
}

__device__ __forceinline__ float vsqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double vsqrt(double x) { return sqrt(x); }

// The constants arrive rounded to T by the host as FloatTraining.update rounds them: lr, l2, mu (momentum
// rules), b1, b2, r1 = 1 - β1, r2 = 1 - β2, c1 = 1 - β1^t, c2 = 1 - β2^t, eps, keep = 1 - η·wd (decay != 0).
template <typename T>
__device__ __forceinline__ void optimizer_update(int rule, T* __restrict__ p, const T* __restrict__ g,
                                                 T* __restrict__ s0, T* __restrict__ s1, long long n, T lr, T l2,
                                                 T mu, T b1, T b2, T r1, T r2, T c1, T c2, T eps, T keep, int decay)
{
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const T grad = g[i] + l2 * p[i];
        switch (rule) {
        case RULE_SGD:
            p[i] -= lr * grad;
            break;
        case RULE_MOMENTUM: {
            const T v = mu * s0[i] + grad;
            s0[i] = v;
            p[i] -= lr * v;
            break;
        }
        case RULE_NESTEROV: {
            const T v = mu * s0[i] + grad;
            s0[i] = v;
            p[i] -= lr * (grad + mu * v);
            break;
        }
        default: {
            const T m = b1 * s0[i] + r1 * grad;
            const T v = b2 * s1[i] + r2 * grad * grad;
            s0[i] = m;
            s1[i] = v;
            const T theta = decay ? p[i] * keep : p[i];
            p[i] = theta - lr * (m / c1) / (vsqrt(v / c2) + eps);
            break;
        }
        }
    }
}

} // namespace vecnn

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
column_sums_f32(const float* __restrict__ a, float* __restrict__ out, int rows, int cols)
{
    vecnn::column_sums<float>(a, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
column_sums_f64(const double* __restrict__ a, double* __restrict__ out, int rows, int cols)
{
    vecnn::column_sums<double>(a, out, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
activation_backward_f32(int act, double slope, const float* a, const float* da, float* dz, int rows, int cols)
{
    vecnn::activation_backward<float>(act, slope, a, da, dz, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
activation_backward_f64(int act, double slope, const double* a, const double* da, double* dz, int rows, int cols)
{
    vecnn::activation_backward<double>(act, slope, a, da, dz, rows, cols);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
loss_f32(int loss, int act, double slope, const float* __restrict__ z, const float* __restrict__ a, const float* __restrict__ y,
         float* __restrict__ dz, int rows, int cols, float scale, double* __restrict__ total)
{
    vecnn::loss_sum<float>(loss, act, slope, z, a, y, dz, rows, cols, scale, total);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
loss_f64(int loss, int act, double slope, const double* __restrict__ z, const double* __restrict__ a,
         const double* __restrict__ y, double* __restrict__ dz, int rows, int cols, double scale,
         double* __restrict__ total)
{
    vecnn::loss_sum<double>(loss, act, slope, z, a, y, dz, rows, cols, scale, total);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
fused_gradient_f32(const float* __restrict__ a, const float* __restrict__ y, float* __restrict__ dz, long long n,
                   float m)
{
    vecnn::fused_gradient<float>(a, y, dz, n, m);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
fused_gradient_f64(const double* __restrict__ a, const double* __restrict__ y, double* __restrict__ dz, long long n,
                   double m)
{
    vecnn::fused_gradient<double>(a, y, dz, n, m);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
log_softmax_gradient_f32(const float* __restrict__ a, const float* __restrict__ y, float* __restrict__ dz,
                         long long n, float m)
{
    vecnn::log_softmax_gradient<float>(a, y, dz, n, m);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
log_softmax_gradient_f64(const double* __restrict__ a, const double* __restrict__ y, double* __restrict__ dz,
                         long long n, double m)
{
    vecnn::log_softmax_gradient<double>(a, y, dz, n, m);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
count_correct_f32(const float* __restrict__ a, const float* __restrict__ y, int rows, int cols,
                  double* __restrict__ total)
{
    vecnn::count_correct<float>(a, y, rows, cols, total);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
count_correct_f64(const double* __restrict__ a, const double* __restrict__ y, int rows, int cols,
                  double* __restrict__ total)
{
    vecnn::count_correct<double>(a, y, rows, cols, total);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
optimizer_update_f32(int rule, float* __restrict__ p, const float* __restrict__ g, float* __restrict__ s0,
                     float* __restrict__ s1, long long n, float lr, float l2, float mu, float b1, float b2, float r1,
                     float r2, float c1, float c2, float eps, float keep, int decay)
{
    vecnn::optimizer_update<float>(rule, p, g, s0, s1, n, lr, l2, mu, b1, b2, r1, r2, c1, c2, eps, keep, decay);
}

extern "C" __global__ void __launch_bounds__(vecnn::TRAIN_THREADS)
optimizer_update_f64(int rule, double* __restrict__ p, const double* __restrict__ g, double* __restrict__ s0,
                     double* __restrict__ s1, long long n, double lr, double l2, double mu, double b1, double b2,
                     double r1, double r2, double c1, double c2, double eps, double keep, int decay)
{
    vecnn::optimizer_update<double>(rule, p, g, s0, s1, n, lr, l2, mu, b1, b2, r1, r2, c1, c2, eps, keep, decay);
}
extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f32_ta(int M, int N, int K, const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
            const float* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<float, false, true, false>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f32_tb(int M, int N, int K, const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
            const float* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<float, false, false, true>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f32_tatb(int M, int N, int K, const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
              const float* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<float, false, true, true>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f64_ta(int M, int N, int K, const double* __restrict__ A, const double* __restrict__ B, double* __restrict__ C,
            const double* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<double, false, true, false>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f64_tb(int M, int N, int K, const double* __restrict__ A, const double* __restrict__ B, double* __restrict__ C,
            const double* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<double, false, false, true>(M, N, K, A, B, C, bias, act, slope, kChunk);
}

extern "C" __global__ void __launch_bounds__(vecnn::GEMM_THREADS, 1)
gemm_f64_tatb(int M, int N, int K, const double* __restrict__ A, const double* __restrict__ B, double* __restrict__ C,
              const double* __restrict__ bias, int act, double slope, int kChunk)
{
    vecnn::gemm<double, false, true, true>(M, N, K, A, B, C, bias, act, slope, kChunk);
}
