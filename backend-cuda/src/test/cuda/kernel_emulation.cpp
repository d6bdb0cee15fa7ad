// Checks the kernels of src/main/cuda on the CPU (see emulate.hpp) against a plain reference, for the launch
// geometry the Java host code chooses. Reads one case per line from stdin (written by KernelEmulationTest):
//   gemm <f32|f64> <vec> M N K act slope bias blocks splits chunk sumBlocks   (splits > 1: split-K, then
//                                                                         splitk_sum)
//   gemmt <f32|f64> ta tb M N K act slope bias blocks splits chunk sumBlocks  op(A)·op(B): A stored K×M when
//                                                                         ta, B stored N×K when tb
//   colsums <f32|f64> rows cols blocks
//   backward <f32|f64> act slope rows cols blocks inplace                 act 4 = softmax, 6 = log-softmax
//   loss <f32|f64> loss act slope rows cols grad nan                     loss 0 mse, 1 bce, 2 cce
//   count <f32|f64> rows cols
//   update <f32|f64> rule decay l2 n blocks steps                        rule 0 sgd, 1 momentum, 2 nesterov, 3 adam
//   bias_act <f32|f64> rows cols act slope bias blocks inplace           act 5 = leaky relu of that slope
//   softmax <f32|f64> rows cols blocks inplace
//   log_softmax <f32|f64> rows cols blocks inplace
//   transpose <f32|f64> rows cols gridX gridY
//   convert <f32_f64|f64_f32> n blocks
// Prints "ok <case>" or "FAIL <case>: <why>" per line; exits with 1 when any case failed.
#include "emulate.hpp"

#include "gemm.cu"
#include "elementwise.cu"
#include "training.cu"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <string>

namespace {

constexpr int GUARD = 64;  // elements of sentinel around every output, to catch stray writes

template <typename T>
struct Buffer {
    T* base;
    size_t n;
    explicit Buffer(size_t count) : n(count)
    {
        base = static_cast<T*>(std::aligned_alloc(256, ((count + 2 * GUARD) * sizeof(T) + 255) / 256 * 256));
        for (size_t i = 0; i < count + 2 * GUARD; ++i) base[i] = T(-12345);
    }
    ~Buffer() { std::free(base); }
    T* data() { return base + GUARD; }
    T& operator[](size_t i) { return base[GUARD + i]; }
    bool guardsIntact() const
    {
        for (size_t i = 0; i < GUARD; ++i) {
            if (base[i] != T(-12345) || base[GUARD + n + i] != T(-12345)) return false;
        }
        return true;
    }
};

template <typename T>
void fill(Buffer<T>& b, std::mt19937_64& rng, double lo = -1.0, double hi = 1.0)
{
    std::uniform_real_distribution<double> d(lo, hi);
    for (size_t i = 0; i < b.n; ++i) b[i] = T(d(rng));
}

double refActivate(double z, int act, double slope)
{
    switch (act) {
    case 1: return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
    case 2: return z < 0 ? 0.0 : z;
    case 3: return std::tanh(z);
    case 5: return z < 0 ? slope * z : z;
    default: return z;
    }
}

template <typename T>
double unitRoundoff() { return std::numeric_limits<T>::epsilon() / 2; }

bool sameOrClose(double got, double want, double tol)
{
    if (std::isnan(want)) return std::isnan(got);
    if (std::isinf(want)) return got == want;
    return std::fabs(got - want) <= tol;
}

template <typename T>
std::string gemmCase(bool vec, bool ta, bool tb, int M, int N, int K, int act, double slope, bool hasBias, unsigned blocks,
                     unsigned splits, int chunk, unsigned sumBlocks, std::mt19937_64& rng)
{
    Buffer<T> A((size_t)M * K), B((size_t)K * N), C((size_t)M * N), bias(N);
    Buffer<T> slabs(splits > 1 ? (size_t)splits * M * N : 1);
    fill(A, rng);
    fill(B, rng);
    fill(bias, rng);
    const T* biasPtr = hasBias ? bias.data() : nullptr;
    T* target = splits > 1 ? slabs.data() : C.data();
    const T* gemmBias = splits > 1 ? nullptr : biasPtr;
    const int gemmAct = splits > 1 ? 0 : act;
    emulate_launch(dim3{blocks, splits, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) {
            auto kernel = ta ? (tb ? gemm_f32_tatb : gemm_f32_ta) : tb ? gemm_f32_tb : vec ? gemm_f32_vec : gemm_f32;
            kernel(M, N, K, A.data(), B.data(), target, gemmBias, gemmAct, slope, chunk);
        } else {
            auto kernel = ta ? (tb ? gemm_f64_tatb : gemm_f64_ta) : tb ? gemm_f64_tb : vec ? gemm_f64_vec : gemm_f64;
            kernel(M, N, K, A.data(), B.data(), target, gemmBias, gemmAct, slope, chunk);
        }
    });
    if (splits > 1) {
        if (!slabs.guardsIntact()) return "wrote outside the split-K slabs";
        emulate_launch(dim3{sumBlocks, 1, 1}, dim3{256, 1, 1}, [&] {
            if constexpr (sizeof(T) == 4) {
                splitk_sum_f32(slabs.data(), (int)splits, biasPtr, C.data(), (long long)M * N, N, act, slope);
            } else {
                splitk_sum_f64(slabs.data(), (int)splits, biasPtr, C.data(), (long long)M * N, N, act, slope);
            }
        });
    }
    if (!C.guardsIntact()) return "wrote outside C";
    const double u = unitRoundoff<T>();
    for (int r = 0; r < M; ++r) {
        for (int c = 0; c < N; ++c) {
            double z = hasBias ? (double)bias[c] : 0.0, mag = std::fabs(z);
            for (int k = 0; k < K; ++k) {
                double term = (double)A[ta ? (size_t)k * M + r : (size_t)r * K + k]
                        * B[tb ? (size_t)c * K + k : (size_t)k * N + c];
                z += term;
                mag += std::fabs(term);
            }
            double want = refActivate(z, act, slope);
            double tol = 2.0 * (K + 2) * u * mag * std::max(1.0, std::fabs(slope)) + 8 * u * std::fabs(want) + 1e-300;
            double got = C[(size_t)r * N + c];
            if (!sameOrClose(got, want, tol)) {
                std::ostringstream o;
                o << "C[" << r << "][" << c << "] = " << got << ", expected " << want << " ± " << tol;
                return o.str();
            }
        }
    }
    return "";
}

template <typename T>
std::string biasActCase(int rows, int cols, int act, double slope, bool hasBias, unsigned blocks, bool inplace,
                        std::mt19937_64& rng)
{
    size_t n = (size_t)rows * cols;
    Buffer<T> in(n), out(n), bias(cols);
    fill(in, rng, -8, 8);
    fill(bias, rng);
    // Values where naive formulas overflow or lose NaN.
    const T specials[] = {T(1000), T(-1000), T(800), T(-800), std::numeric_limits<T>::quiet_NaN(), T(0)};
    for (size_t i = 0; i < 6 && i < n; ++i) in[i * 7 % n] = specials[i];
    std::vector<double> src(n);
    for (size_t i = 0; i < n; ++i) src[i] = in[i];
    T* dst = inplace ? in.data() : out.data();
    const T* biasPtr = hasBias ? bias.data() : nullptr;
    emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) bias_act_f32(in.data(), biasPtr, dst, (long long)n, cols, act, slope);
        else bias_act_f64(in.data(), biasPtr, dst, (long long)n, cols, act, slope);
    });
    if (!in.guardsIntact() || !out.guardsIntact()) return "wrote outside the output";
    const double u = unitRoundoff<T>();
    for (size_t i = 0; i < n; ++i) {
        double z = (double)(T)(src[i] + (hasBias ? (double)bias[i % cols] : 0.0));
        double want = refActivate(z, act, slope);
        double got = dst[i];
        if (act == 5 && !std::isnan(want) && got != (double)(T)want) {  // the leaky ReLU: slope·z in double rounded once, bitwise
            std::ostringstream o;
            o << "element " << i << " = " << got << ", expected " << (T)want << " exactly";
            return o.str();
        }
        if (!sameOrClose(got, want, 8 * u * std::fabs(want) + 4 * u * std::fabs(z) + 1e-300)) {
            std::ostringstream o;
            o << "element " << i << " = " << got << ", expected " << want;
            return o.str();
        }
    }
    return "";
}

template <typename T>
std::string softmaxCase(int rows, int cols, unsigned blocks, bool inplace, std::mt19937_64& rng)
{
    size_t n = (size_t)rows * cols;
    Buffer<T> in(n), out(n);
    fill(in, rng, -10, 10);
    for (int c = 0; c < cols; ++c) in[c] = T(1000 + c % 5);  // row 0: large values, stable only with max-shift
    std::vector<double> src(n);
    for (size_t i = 0; i < n; ++i) src[i] = in[i];
    T* dst = inplace ? in.data() : out.data();
    emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) softmax_rows_f32(in.data(), dst, rows, cols);
        else softmax_rows_f64(in.data(), dst, rows, cols);
    });
    if (!in.guardsIntact() || !out.guardsIntact()) return "wrote outside the output";
    const double u = unitRoundoff<T>();
    for (int r = 0; r < rows; ++r) {
        double m = -INFINITY, s = 0;
        for (int c = 0; c < cols; ++c) m = std::max(m, src[(size_t)r * cols + c]);
        for (int c = 0; c < cols; ++c) s += std::exp(src[(size_t)r * cols + c] - m);
        for (int c = 0; c < cols; ++c) {
            double want = std::exp(src[(size_t)r * cols + c] - m) / s;
            double got = dst[(size_t)r * cols + c];
            if (!sameOrClose(got, want, (2.0 * cols + 40) * u * want + 1e-300)) {
                std::ostringstream o;
                o << "row " << r << " col " << c << " = " << got << ", expected " << want;
                return o.str();
            }
        }
    }
    return "";
}

// Rows of random values, one of large values (stable only with the max shift), one with a NaN (the whole row
// NaN) and one whose values differ by more than exp's range (log-softmax stays finite where softmax underflows).
template <typename T>
std::string logSoftmaxCase(int rows, int cols, unsigned blocks, bool inplace, std::mt19937_64& rng)
{
    size_t n = (size_t)rows * cols;
    Buffer<T> in(n), out(n);
    fill(in, rng, -10, 10);
    for (int c = 0; c < cols; ++c) in[c] = T(1000 + c % 5);
    if (rows > 1) in[(size_t)cols + cols / 2] = std::numeric_limits<T>::quiet_NaN();
    if (rows > 2) for (int c = 0; c < cols; ++c) in[(size_t)2 * cols + c] = T(c % 2 == 0 ? 500 : -500);
    std::vector<double> src(n);
    for (size_t i = 0; i < n; ++i) src[i] = in[i];
    T* dst = inplace ? in.data() : out.data();
    emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) log_softmax_rows_f32(in.data(), dst, rows, cols);
        else log_softmax_rows_f64(in.data(), dst, rows, cols);
    });
    if (!in.guardsIntact() || !out.guardsIntact()) return "wrote outside the output";
    const double u = unitRoundoff<T>();
    for (int r = 0; r < rows; ++r) {
        double m = -INFINITY, s = 0;
        bool nan = false;
        for (int c = 0; c < cols; ++c) {
            nan |= std::isnan(src[(size_t)r * cols + c]);
            m = std::max(m, src[(size_t)r * cols + c]);
        }
        for (int c = 0; c < cols; ++c) s += std::exp(src[(size_t)r * cols + c] - m);
        for (int c = 0; c < cols; ++c) {
            double want = nan ? NAN : src[(size_t)r * cols + c] - m - std::log(s);
            double got = dst[(size_t)r * cols + c];
            // FloatActivations.logSoftmaxRows' formula: the shift in double, one rounding of z - shift to T
            if (!sameOrClose(got, want, u * std::fabs(want) + 1e-12 * (std::fabs(m) + cols) + 1e-300)) {
                std::ostringstream o;
                o << "row " << r << " col " << c << " = " << got << ", expected " << want;
                return o.str();
            }
        }
    }
    return "";
}

template <typename T>
std::string transposeCase(int rows, int cols, unsigned gx, unsigned gy, std::mt19937_64& rng)
{
    size_t n = (size_t)rows * cols;
    Buffer<T> in(n), out(n);
    fill(in, rng);
    emulate_launch(dim3{gx, gy, 1}, dim3{32, 8, 1}, [&] {
        if constexpr (sizeof(T) == 4) transpose_f32(in.data(), out.data(), rows, cols);
        else transpose_f64(in.data(), out.data(), rows, cols);
    });
    if (!out.guardsIntact()) return "wrote outside the output";
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            if (out[(size_t)c * rows + r] != in[(size_t)r * cols + c]) {
                std::ostringstream o;
                o << "out[" << c << "][" << r << "] differs";
                return o.str();
            }
        }
    }
    return "";
}

std::string convertCase(bool toDouble, long long n, unsigned blocks, std::mt19937_64& rng)
{
    Buffer<float> f(n);
    Buffer<double> d(n);
    if (toDouble) {
        fill(f, rng);
        emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] { convert_f32_f64(f.data(), d.data(), n); });
        for (long long i = 0; i < n; ++i) if (d[i] != (double)f[i]) return "element differs";
    } else {
        fill(d, rng);
        emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] { convert_f64_f32(d.data(), f.data(), n); });
        for (long long i = 0; i < n; ++i) if (f[i] != (float)d[i]) return "element differs";
    }
    if (!f.guardsIntact() || !d.guardsIntact()) return "wrote outside the output";
    return "";
}

template <typename T>
std::string columnSumsCase(int rows, int cols, unsigned blocks, std::mt19937_64& rng)
{
    Buffer<T> a((size_t)rows * cols), out(cols);
    fill(a, rng, -3, 3);
    emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) column_sums_f32(a.data(), out.data(), rows, cols);
        else column_sums_f64(a.data(), out.data(), rows, cols);
    });
    if (!out.guardsIntact()) return "wrote outside the output";
    for (int j = 0; j < cols; ++j) {
        T want = a[j];
        for (int i = 1; i < rows; ++i) want += a[(size_t)i * cols + j];  // FloatTraining.columnSums' order
        if (out[j] != want) {
            std::ostringstream o;
            o << "column " << j << " = " << out[j] << ", expected " << want << " (the sum in increasing row order)";
            return o.str();
        }
    }
    return "";
}

// A plausible layer output a = g(z) for z in [-3, 3), with exact zeros for relu.
template <typename T>
void outputsOf(int act, double slope, Buffer<T>& a, int rows, int cols, std::mt19937_64& rng)
{
    std::uniform_real_distribution<double> d(-3, 3);
    for (int r = 0; r < rows; ++r) {
        double m = -INFINITY;
        std::vector<double> z(cols);
        for (int c = 0; c < cols; ++c) m = std::max(m, z[c] = d(rng));
        double s = 0;
        for (int c = 0; c < cols; ++c) s += std::exp(z[c] - m);
        for (int c = 0; c < cols; ++c) {
            a[(size_t)r * cols + c] = T(act == 4 ? std::exp(z[c] - m) / s
                                        : act == 6 ? z[c] - m - std::log(s) : refActivate(z[c], act, slope));
        }
    }
}

// dz from a and da in double, and the magnitude of its terms (for the bound).
void refBackward(int act, double slope, const double* a, const double* da, double* dz, double* mag, int cols)
{
    if (act == 6) {
        double s = 0, sm = 0;
        for (int j = 0; j < cols; ++j) s += da[j], sm += std::fabs(da[j]);
        for (int j = 0; j < cols; ++j) {
            dz[j] = da[j] - std::exp(a[j]) * s;
            mag[j] = std::fabs(da[j]) + std::exp(a[j]) * sm;
        }
        return;
    }
    if (act == 4) {
        double s = 0, sm = 0;
        for (int j = 0; j < cols; ++j) s += a[j] * da[j], sm += std::fabs(a[j] * da[j]);
        for (int j = 0; j < cols; ++j) {
            dz[j] = a[j] * (da[j] - s);
            mag[j] = std::fabs(a[j]) * (std::fabs(da[j]) + sm);
        }
        return;
    }
    for (int j = 0; j < cols; ++j) {
        switch (act) {
        case 1: dz[j] = a[j] * (1 - a[j]) * da[j]; mag[j] = std::fabs(a[j]) * (1 + std::fabs(a[j])) * std::fabs(da[j]); break;
        case 2: dz[j] = a[j] > 0 ? da[j] : 0; mag[j] = std::fabs(dz[j]); break;
        case 3: dz[j] = (1 - a[j] * a[j]) * da[j]; mag[j] = (1 + a[j] * a[j]) * std::fabs(da[j]); break;
        case 5: dz[j] = a[j] > 0 ? da[j] : slope * da[j]; mag[j] = std::fabs(dz[j]); break;
        default: dz[j] = da[j]; mag[j] = std::fabs(da[j]); break;
        }
    }
}

template <typename T>
std::string backwardCase(int act, double slope, int rows, int cols, unsigned blocks, bool inplace,
                         std::mt19937_64& rng)
{
    size_t n = (size_t)rows * cols;
    Buffer<T> a(n), da(n), dz(n);
    outputsOf(act, slope, a, rows, cols, rng);
    fill(da, rng, -2, 2);
    std::vector<double> ad(n), dad(n), want(n), mag(n);
    for (size_t i = 0; i < n; ++i) ad[i] = a[i], dad[i] = da[i];
    for (int r = 0; r < rows; ++r) {
        size_t o = (size_t)r * cols;
        refBackward(act, slope, &ad[o], &dad[o], &want[o], &mag[o], cols);
    }
    T* out = inplace ? da.data() : dz.data();
    emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) activation_backward_f32(act, slope, a.data(), da.data(), out, rows, cols);
        else activation_backward_f64(act, slope, a.data(), da.data(), out, rows, cols);
    });
    if (!da.guardsIntact() || !dz.guardsIntact()) return "wrote outside the output";
    const double u = unitRoundoff<T>();
    for (size_t i = 0; i < n; ++i) {
        if (!sameOrClose(out[i], want[i], 8 * u * mag[i] + 1e-300)) {
            std::ostringstream o;
            o << "dz[" << i << "] = " << out[i] << ", expected " << want[i];
            return o.str();
        }
    }
    return "";
}

template <typename T>
std::string lossCase(int loss, int act, double slope, int rows, int cols, bool grad, bool nan, std::mt19937_64& rng)
{
    size_t n = (size_t)rows * cols;
    Buffer<T> z(n), a(n), y(n), dz(n);
    Buffer<double> total(1);
    fill(z, rng, -4, 4);
    if (nan) z[1] = std::numeric_limits<T>::quiet_NaN();
    std::vector<double> ad(n);
    for (int r = 0; r < rows; ++r) {
        double m = -INFINITY, s = 0;
        for (int c = 0; c < cols; ++c) m = std::max(m, (double)z[(size_t)r * cols + c]);
        for (int c = 0; c < cols; ++c) s += std::exp(z[(size_t)r * cols + c] - m);
        for (int c = 0; c < cols; ++c) {
            size_t i = (size_t)r * cols + c;
            a[i] = T(act == 4 ? std::exp(z[i] - m) / s
                              : act == 6 ? z[i] - m - std::log(s) : refActivate(z[i], act, slope));
            if (nan && i == 1) a[i] = std::numeric_limits<T>::quiet_NaN();
            ad[i] = a[i];
        }
    }
    std::uniform_real_distribution<double> d(-1, 1);
    for (int r = 0; r < rows; ++r) {
        int hot = (int)(rng() % cols);
        for (int c = 0; c < cols; ++c) {
            size_t i = (size_t)r * cols + c;
            y[i] = loss == 0 ? T(d(rng)) : loss == 1 ? T(rng() % 2) : T(c == hot ? 1 : 0);
        }
    }
    if (nan) y[1] = T(1);
    const T factor = loss == 0 ? T(2.0 / ((double)rows * cols)) : T(rows);
    emulate_launch(dim3{1, 1, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) {
            loss_f32(loss, act, slope, z.data(), a.data(), y.data(), grad ? dz.data() : nullptr, rows, cols, factor,
                     total.data());
        } else {
            loss_f64(loss, act, slope, z.data(), a.data(), y.data(), grad ? dz.data() : nullptr, rows, cols, factor,
                     total.data());
        }
    });
    if (loss != 0 && grad) {  // the cross-entropies' dz: fused_gradient, as the host launches it, on a small grid
        emulate_launch(dim3{2, 1, 1}, dim3{256, 1, 1}, [&] {
            if (act == 6) {  // cce on log-softmax
                if constexpr (sizeof(T) == 4) log_softmax_gradient_f32(a.data(), y.data(), dz.data(), (long long)n, factor);
                else log_softmax_gradient_f64(a.data(), y.data(), dz.data(), (long long)n, factor);
            } else {
                if constexpr (sizeof(T) == 4) fused_gradient_f32(a.data(), y.data(), dz.data(), (long long)n, factor);
                else fused_gradient_f64(a.data(), y.data(), dz.data(), (long long)n, factor);
            }
        });
    }
    if (!dz.guardsIntact() || !total.guardsIntact()) return "wrote outside the output";
    if (!grad && dz[0] != T(-12345)) return "wrote dz although it is null";
    double want = 0, mag = 0;
    std::vector<double> wantDz(n), magDz(n);
    for (int r = 0; r < rows; ++r) {
        size_t o = (size_t)r * cols;
        double m = -INFINITY, s = 0;
        for (int c = 0; c < cols; ++c) m = std::max(m, (double)z[o + c]);
        for (int c = 0; c < cols; ++c) s += std::exp(z[o + c] - m);
        for (int c = 0; c < cols; ++c) {
            double zi = z[o + c], yi = y[o + c], term;
            if (loss == 0) term = (ad[o + c] - yi) * (ad[o + c] - yi);
            else if (loss == 1) term = std::max(zi, 0.0) - zi * yi + std::log1p(std::exp(-std::fabs(zi)));
            else if (act == 6) term = yi == 0 ? 0 : -yi * ad[o + c];  // the NLL of the log-probabilities
            else term = yi == 0 ? 0 : yi * (m + std::log(s) - zi);
            want += term;
            mag += std::fabs(term);
        }
        if (loss == 0) {
            std::vector<double> da(cols);
            for (int c = 0; c < cols; ++c) da[c] = (ad[o + c] - y[o + c]) * (double)factor;
            refBackward(act, slope, &ad[o], da.data(), &wantDz[o], &magDz[o], cols);
        } else {
            for (int c = 0; c < cols; ++c) {
                double p = act == 6 ? std::exp(ad[o + c]) : ad[o + c];  // a log-softmax output's softmax
                wantDz[o + c] = (p - y[o + c]) / rows;
                magDz[o + c] = (std::fabs(p) + std::fabs((double)y[o + c])) / rows;
            }
        }
    }
    if (nan) {
        if (!std::isnan(total[0])) return "the loss is not NaN although an output is";
        return "";
    }
    if (!sameOrClose(total[0], want, 1e-13 * mag + 1e-300)) {
        std::ostringstream o;
        o << "total = " << total[0] << ", expected " << want;
        return o.str();
    }
    const double u = unitRoundoff<T>();
    for (size_t i = 0; grad && i < n; ++i) {
        if (!sameOrClose(dz[i], wantDz[i], 16 * u * magDz[i] + 1e-300)) {
            std::ostringstream o;
            o << "dz[" << i << "] = " << dz[i] << ", expected " << wantDz[i];
            return o.str();
        }
    }
    return "";
}

template <typename T>
std::string countCase(int rows, int cols, std::mt19937_64& rng)
{
    size_t n = (size_t)rows * cols;
    Buffer<T> a(n), y(n);
    Buffer<double> total(1);
    for (size_t i = 0; i < n; ++i) {
        a[i] = T((rng() % 4) / 4.0);  // few distinct values: ties, where the first largest column counts
        y[i] = T((rng() % 3) / 2.0);
    }
    emulate_launch(dim3{1, 1, 1}, dim3{256, 1, 1}, [&] {
        if constexpr (sizeof(T) == 4) count_correct_f32(a.data(), y.data(), rows, cols, total.data());
        else count_correct_f64(a.data(), y.data(), rows, cols, total.data());
    });
    if (!total.guardsIntact()) return "wrote outside the output";
    long long want = 0;
    for (int r = 0; r < rows; ++r) {
        size_t o = (size_t)r * cols;
        if (cols == 1) {
            want += (a[o] >= T(0.5)) == (y[o] >= T(0.5));
            continue;
        }
        size_t best = std::max_element(&a[o], &a[o] + cols) - &a[o];
        size_t hot = std::max_element(&y[o], &y[o] + cols) - &y[o];
        want += best == hot;
    }
    if (total[0] != (double)want) {
        std::ostringstream o;
        o << "count = " << total[0] << ", expected " << want;
        return o.str();
    }
    return "";
}

template <typename T>
std::string updateCase(int rule, bool decay, bool withL2, long long n, unsigned blocks, int steps, std::mt19937_64& rng)
{
    Buffer<T> p(n), g(n), s0(n), s1(n);
    fill(p, rng);
    for (long long i = 0; i < n; ++i) s0[i] = T(0), s1[i] = T(0);
    std::vector<double> wp(n), w0(n, 0.0), w1(n, 0.0);
    for (long long i = 0; i < n; ++i) wp[i] = p[i];
    const double lr = rule == 3 ? 0.01 : 0.05, l2 = withL2 ? 0.1 : 0.0, mu = 0.9, beta1 = 0.9, beta2 = 0.999;
    const double eps = 1e-8, wd = decay ? 0.1 : 0.0;
    const double u = unitRoundoff<T>();
    for (int t = 1; t <= steps; ++t) {
        fill(g, rng, -3, 3);
        const T c1 = T(1 - std::pow(beta1, t)), c2 = T(1 - std::pow(beta2, t));
        emulate_launch(dim3{blocks, 1, 1}, dim3{256, 1, 1}, [&] {
            if constexpr (sizeof(T) == 4) {
                optimizer_update_f32(rule, p.data(), g.data(), s0.data(), s1.data(), n, T(lr), T(l2), T(mu), T(beta1),
                        T(beta2), T(1 - beta1), T(1 - beta2), c1, c2, T(eps), T(1 - lr * wd), decay);
            } else {
                optimizer_update_f64(rule, p.data(), g.data(), s0.data(), s1.data(), n, T(lr), T(l2), T(mu), T(beta1),
                        T(beta2), T(1 - beta1), T(1 - beta2), c1, c2, T(eps), T(1 - lr * wd), decay);
            }
        });
        if (!p.guardsIntact() || !s0.guardsIntact() || !s1.guardsIntact()) return "wrote outside the parameter";
        for (long long i = 0; i < n; ++i) {
            double grad = g[i] + l2 * wp[i];
            if (rule == 0) {
                wp[i] -= lr * grad;
            } else if (rule == 1 || rule == 2) {
                w0[i] = mu * w0[i] + grad;
                wp[i] -= lr * (rule == 2 ? grad + mu * w0[i] : w0[i]);
            } else {
                w0[i] = beta1 * w0[i] + (1 - beta1) * grad;
                w1[i] = beta2 * w1[i] + (1 - beta2) * grad * grad;
                double theta = decay ? wp[i] * (1 - lr * wd) : wp[i];
                wp[i] = theta - lr * (w0[i] / (1 - std::pow(beta1, t))) / (std::sqrt(w1[i] / (1 - std::pow(beta2, t))) + eps);
            }
            // the kernel and this reference drift apart by a few roundings per step; compare loosely, then
            // continue from the kernel's values so that the drift does not accumulate
            double tol = 64 * u * (std::fabs(wp[i]) + lr * 4);
            if (!sameOrClose(p[i], wp[i], tol)) {
                std::ostringstream o;
                o << "step " << t << ": p[" << i << "] = " << p[i] << ", expected " << wp[i] << " ± " << tol;
                return o.str();
            }
            if (rule > 0 && !sameOrClose(s0[i], w0[i], 64 * u * (std::fabs(w0[i]) + 4))) return "the first state differs";
            if (rule == 3 && !sameOrClose(s1[i], w1[i], 64 * u * (std::fabs(w1[i]) + 16))) return "the second state differs";
            wp[i] = p[i];
            w0[i] = s0[i];
            w1[i] = s1[i];
        }
        if (rule < 3 && s1[0] != T(0)) return "touched the second state, which this rule has none of";
    }
    return "";
}

} // namespace

int main()
{
    std::string line;
    int failures = 0;
    unsigned long long seed = 20240611;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        std::istringstream in(line);
        std::string kind, prec;
        in >> kind >> prec;
        std::mt19937_64 rng(seed++);
        bool f32 = prec == "f32";
        std::string why;
        if (kind == "gemm") {
            int vec, M, N, K, act, bias, chunk;
            double slope;
            unsigned blocks, splits, sumBlocks;
            in >> vec >> M >> N >> K >> act >> slope >> bias >> blocks >> splits >> chunk >> sumBlocks;
            why = f32 ? gemmCase<float>(vec, false, false, M, N, K, act, slope, bias, blocks, splits, chunk, sumBlocks, rng)
                      : gemmCase<double>(vec, false, false, M, N, K, act, slope, bias, blocks, splits, chunk, sumBlocks,
                                         rng);
        } else if (kind == "gemmt") {
            int ta, tb, M, N, K, act, bias, chunk;
            double slope;
            unsigned blocks, splits, sumBlocks;
            in >> ta >> tb >> M >> N >> K >> act >> slope >> bias >> blocks >> splits >> chunk >> sumBlocks;
            why = f32 ? gemmCase<float>(false, ta, tb, M, N, K, act, slope, bias, blocks, splits, chunk, sumBlocks, rng)
                      : gemmCase<double>(false, ta, tb, M, N, K, act, slope, bias, blocks, splits, chunk, sumBlocks,
                                         rng);
        } else if (kind == "colsums") {
            int rows, cols;
            unsigned blocks;
            in >> rows >> cols >> blocks;
            why = f32 ? columnSumsCase<float>(rows, cols, blocks, rng) : columnSumsCase<double>(rows, cols, blocks, rng);
        } else if (kind == "backward") {
            int act, rows, cols, inplace;
            double slope;
            unsigned blocks;
            in >> act >> slope >> rows >> cols >> blocks >> inplace;
            why = f32 ? backwardCase<float>(act, slope, rows, cols, blocks, inplace, rng)
                      : backwardCase<double>(act, slope, rows, cols, blocks, inplace, rng);
        } else if (kind == "loss") {
            int loss, act, rows, cols, grad, nan;
            double slope;
            in >> loss >> act >> slope >> rows >> cols >> grad >> nan;
            why = f32 ? lossCase<float>(loss, act, slope, rows, cols, grad, nan, rng)
                      : lossCase<double>(loss, act, slope, rows, cols, grad, nan, rng);
        } else if (kind == "count") {
            int rows, cols;
            in >> rows >> cols;
            why = f32 ? countCase<float>(rows, cols, rng) : countCase<double>(rows, cols, rng);
        } else if (kind == "update") {
            int rule, decay, l2, steps;
            long long n;
            unsigned blocks;
            in >> rule >> decay >> l2 >> n >> blocks >> steps;
            why = f32 ? updateCase<float>(rule, decay, l2, n, blocks, steps, rng)
                      : updateCase<double>(rule, decay, l2, n, blocks, steps, rng);
        } else if (kind == "bias_act") {
            int rows, cols, act, bias, inplace;
            double slope;
            unsigned blocks;
            in >> rows >> cols >> act >> slope >> bias >> blocks >> inplace;
            why = f32 ? biasActCase<float>(rows, cols, act, slope, bias, blocks, inplace, rng)
                      : biasActCase<double>(rows, cols, act, slope, bias, blocks, inplace, rng);
        } else if (kind == "softmax") {
            int rows, cols, inplace;
            unsigned blocks;
            in >> rows >> cols >> blocks >> inplace;
            why = f32 ? softmaxCase<float>(rows, cols, blocks, inplace, rng)
                      : softmaxCase<double>(rows, cols, blocks, inplace, rng);
        } else if (kind == "log_softmax") {
            int rows, cols, inplace;
            unsigned blocks;
            in >> rows >> cols >> blocks >> inplace;
            why = f32 ? logSoftmaxCase<float>(rows, cols, blocks, inplace, rng)
                      : logSoftmaxCase<double>(rows, cols, blocks, inplace, rng);
        } else if (kind == "transpose") {
            int rows, cols;
            unsigned gx, gy;
            in >> rows >> cols >> gx >> gy;
            why = f32 ? transposeCase<float>(rows, cols, gx, gy, rng) : transposeCase<double>(rows, cols, gx, gy, rng);
        } else if (kind == "convert") {
            long long n;
            unsigned blocks;
            in >> n >> blocks;
            why = convertCase(prec == "f32_f64", n, blocks, rng);
        } else {
            why = "unknown case";
        }
        if (why.empty()) {
            std::cout << "ok " << line << "\n";
        } else {
            std::cout << "FAIL " << line << ": " << why << "\n";
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
