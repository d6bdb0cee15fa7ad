// Shared by the vecnn CUDA kernels: activation codes, precision traits and vector helpers.
// Everything here is also valid host C++ so that src/test/cuda/emulate.hpp can run the kernels on a CPU.
#pragma once

namespace vecnn {

// Activation codes passed by the host (LaunchGeometry.activationCode); the row-wise SOFTMAX and LOG_SOFTMAX
// have their own forward kernels, and their codes only reach the training kernels (training.cu), which take
// them per row. LEAKY_RELU's slope travels beside the code as a double kernel parameter.
enum { ACT_LINEAR = 0, ACT_SIGMOID = 1, ACT_RELU = 2, ACT_TANH = 3, ACT_SOFTMAX = 4, ACT_LEAKY_RELU = 5,
       ACT_LOG_SOFTMAX = 6 };

__device__ __forceinline__ float vexp(float x) { return expf(x); }
__device__ __forceinline__ double vexp(double x) { return exp(x); }
__device__ __forceinline__ float vtanh(float x) { return tanhf(x); }
__device__ __forceinline__ double vtanh(double x) { return tanh(x); }

// The backend's one formula per element-wise activation, used by the fused GEMM epilogue and by the
// standalone bias_act/splitk_sum passes alike (softmax: softmax_rows in elementwise.cu). The same formulas as
// org.vecnn.spi.FloatActivations/DoubleActivations, but evaluated in the element type (expf, tanhf for
// FLOAT32, where the Java backends compute in double and round once) and without their saturation
// shortcuts: sigmoid split at the sign so exp never overflows, relu lets NaN and -0.0 through (NaN < 0 is
// false). The leaky ReLU is the Java formula exactly, in both precisions: the product slope·z in double
// (exact for a float z times a float slope), rounded once to T.
template <typename T>
__device__ __forceinline__ T activate(T z, int act, double slope)
{
    switch (act) {
    case ACT_SIGMOID:
        if (z >= T(0)) {
            return T(1) / (T(1) + vexp(-z));
        } else {
            T e = vexp(z);
            return e / (T(1) + e);
        }
    case ACT_RELU:
        return z < T(0) ? T(0) : z;
    case ACT_LEAKY_RELU:
        return z < T(0) ? T(slope * (double)z) : z;
    case ACT_TANH:
        return vtanh(z);
    default:
        return z;
    }
}

// A 16-byte vector per precision: float4 or double2.
template <typename T> struct Vec;
template <> struct Vec<float> {
    typedef float4 type;
    static constexpr int width = 4;
    static __device__ __forceinline__ void unpack(const float4& v, float* d) { d[0] = v.x; d[1] = v.y; d[2] = v.z; d[3] = v.w; }
    static __device__ __forceinline__ float4 pack(const float* s) { float4 v; v.x = s[0]; v.y = s[1]; v.z = s[2]; v.w = s[3]; return v; }
};
template <> struct Vec<double> {
    typedef double2 type;
    static constexpr int width = 2;
    static __device__ __forceinline__ void unpack(const double2& v, double* d) { d[0] = v.x; d[1] = v.y; }
    static __device__ __forceinline__ double2 pack(const double* s) { double2 v; v.x = s[0]; v.y = s[1]; return v; }
};

} // namespace vecnn
