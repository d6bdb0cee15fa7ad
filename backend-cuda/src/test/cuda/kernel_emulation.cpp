// Checks the kernels of src/main/cuda on the CPU (see emulate.hpp) against a plain reference, for the launch
// geometry the Java host code chooses. Reads one case per line from stdin (written by KernelEmulationTest):
//   gemm <f32|f64> <vec> M N K act bias blocks splits chunk sumBlocks   (splits > 1: split-K, then splitk_sum)
//   bias_act <f32|f64> rows cols act bias blocks inplace
//   softmax <f32|f64> rows cols blocks inplace
//   transpose <f32|f64> rows cols gridX gridY
//   convert <f32_f64|f64_f32> n blocks
// Prints "ok <case>" or "FAIL <case>: <why>" per line; exits with 1 when any case failed.
#include "emulate.hpp"

#include "gemm.cu"
#include "elementwise.cu"

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

double refActivate(double z, int act)
{
    switch (act) {
    case 1: return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
    case 2: return z < 0 ? 0.0 : z;
    case 3: return std::tanh(z);
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
std::string gemmCase(bool vec, int M, int N, int K, int act, bool hasBias, unsigned blocks, unsigned splits,
                     int chunk, unsigned sumBlocks, std::mt19937_64& rng)
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
            (vec ? gemm_f32_vec : gemm_f32)(M, N, K, A.data(), B.data(), target, gemmBias, gemmAct, chunk);
        } else {
            (vec ? gemm_f64_vec : gemm_f64)(M, N, K, A.data(), B.data(), target, gemmBias, gemmAct, chunk);
        }
    });
    if (splits > 1) {
        if (!slabs.guardsIntact()) return "wrote outside the split-K slabs";
        emulate_launch(dim3{sumBlocks, 1, 1}, dim3{256, 1, 1}, [&] {
            if constexpr (sizeof(T) == 4) {
                splitk_sum_f32(slabs.data(), (int)splits, biasPtr, C.data(), (long long)M * N, N, act);
            } else {
                splitk_sum_f64(slabs.data(), (int)splits, biasPtr, C.data(), (long long)M * N, N, act);
            }
        });
    }
    if (!C.guardsIntact()) return "wrote outside C";
    const double u = unitRoundoff<T>();
    for (int r = 0; r < M; ++r) {
        for (int c = 0; c < N; ++c) {
            double z = hasBias ? (double)bias[c] : 0.0, mag = std::fabs(z);
            for (int k = 0; k < K; ++k) {
                z += (double)A[(size_t)r * K + k] * B[(size_t)k * N + c];
                mag += std::fabs((double)A[(size_t)r * K + k] * B[(size_t)k * N + c]);
            }
            double want = refActivate(z, act);
            double tol = 2.0 * (K + 2) * u * mag + 8 * u * std::fabs(want) + 1e-300;
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
std::string biasActCase(int rows, int cols, int act, bool hasBias, unsigned blocks, bool inplace, std::mt19937_64& rng)
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
        if constexpr (sizeof(T) == 4) bias_act_f32(in.data(), biasPtr, dst, (long long)n, cols, act);
        else bias_act_f64(in.data(), biasPtr, dst, (long long)n, cols, act);
    });
    if (!in.guardsIntact() || !out.guardsIntact()) return "wrote outside the output";
    const double u = unitRoundoff<T>();
    for (size_t i = 0; i < n; ++i) {
        double z = (double)(T)(src[i] + (hasBias ? (double)bias[i % cols] : 0.0));
        double want = refActivate(z, act);
        double got = dst[i];
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
            unsigned blocks, splits, sumBlocks;
            in >> vec >> M >> N >> K >> act >> bias >> blocks >> splits >> chunk >> sumBlocks;
            why = f32 ? gemmCase<float>(vec, M, N, K, act, bias, blocks, splits, chunk, sumBlocks, rng)
                      : gemmCase<double>(vec, M, N, K, act, bias, blocks, splits, chunk, sumBlocks, rng);
        } else if (kind == "bias_act") {
            int rows, cols, act, bias, inplace;
            unsigned blocks;
            in >> rows >> cols >> act >> bias >> blocks >> inplace;
            why = f32 ? biasActCase<float>(rows, cols, act, bias, blocks, inplace, rng)
                      : biasActCase<double>(rows, cols, act, bias, blocks, inplace, rng);
        } else if (kind == "softmax") {
            int rows, cols, inplace;
            unsigned blocks;
            in >> rows >> cols >> blocks >> inplace;
            why = f32 ? softmaxCase<float>(rows, cols, blocks, inplace, rng)
                      : softmaxCase<double>(rows, cols, blocks, inplace, rng);
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
