#pragma once
// The tiled GEMM template, with a fused epilogue, row-major throughout:
//   C[M×N] = act(op(A) · op(B) + bias[1×N])      (bias may be null, act = ACT_LINEAR for a plain product;
//                                                 slope: the leaky ReLU's, unused by the other codes)
// where op(A) is A[M×K], or, with TA, the transpose of A[K×M]; op(B) is B[K×N], or, with TB, the transpose
// of B[N×K]. gemm.cu instantiates the plain kernels (the forward pass), training.cu the transposed ones
// (*_ta, *_tb, *_tatb), so that the driver compiles those only when a trainer first needs them. A transposed operand is read in place with swapped indices
// (the training's dW = Xᵀ·dZ and dX = dZ·Wᵀ), never copied; its loads run along its own rows so that they stay
// coalesced, and the staging into shared memory puts the slice in the same layout as for a plain operand.
//
// One block of 256 threads computes a BM×BN tile of C (128×128 for float, 64×64 for double); each thread
// holds an 8×8 (float) or 4×4 (double) block of accumulators in registers. K advances in slices of BK = 16
// through two shared-memory buffers: the next slice is fetched into registers while the current one is
// multiplied, so global latency hides behind the FMAs. A is stored transposed in shared memory so that both
// operands are read as 16-byte vectors along the tile. A thread's rows and columns are split into two halves
// (ty*VW and HALF + ty*VW) so that a quarter-warp reads 128 consecutive bytes: no bank conflicts.
//
// The *_vec kernels read A and B with 16-byte loads; the host launches them only when K and N are multiples
// of the vector width (row starts stay 16-byte aligned; allocations are 256-byte aligned). Tiles that stick
// out of the matrix are zero-filled on load and masked on store. The epilogue (bias, activation, store) runs
// from shared memory so that the activation is compiled once, not once per accumulator.
//
// Grid: ceil(M/BM)·ceil(N/BN) blocks along x, visited in groups of GROUP_M tile rows so that consecutive
// blocks share B panels in L2 (LaunchGeometry.gemmTileOf mirrors this mapping on the host). Along y, split-K:
// when there are fewer tiles than multiprocessors, the host splits K into gridDim.y chunks of kChunk (a
// multiple of BK); block row y sums its chunk into slab y of C (a scratch buffer of gridDim.y·M·N, with
// bias = null and act = linear), and splitk_sum (elementwise.cu) adds the slabs, the bias and the
// activation. Unsplit, gridDim.y = 1 and kChunk ≥ K.
#include "vecnn_common.cuh"

namespace vecnn {

constexpr int GEMM_THREADS = 256;
constexpr int GEMM_BK = 16;
constexpr int GEMM_GROUP_M = 8;

template <typename T>
struct GemmTile {
    typedef typename Vec<T>::type V;
    static constexpr int VW = Vec<T>::width;
    static constexpr int TM = 2 * VW;                     // accumulators per thread along M and along N
    static constexpr int BM = 16 * TM;                    // 16×16 threads
    static constexpr int BN = BM;
    static constexpr int HALF = BM / 2;
    static constexpr int A_ELEMS = BM * GEMM_BK / GEMM_THREADS;
    static constexpr int B_ELEMS = GEMM_BK * BN / GEMM_THREADS;
};

// Fetches the K-slice starting at k0 of the A panel (rows m0..m0+BM) and the B panel (columns n0..n0+BN);
// kEnd is the end of this block's part of K (K itself unless the product is split). The vector loads serve
// plain operands only (VEC implies !TA && !TB).
template <typename T, bool VEC, bool TA, bool TB>
__device__ __forceinline__ void gemm_fetch(int M, int N, int K, int kEnd, const T* __restrict__ A,
                                           const T* __restrict__ B, int m0, int n0, int k0, int tid,
                                           T (&ra)[GemmTile<T>::A_ELEMS], T (&rb)[GemmTile<T>::B_ELEMS])
{
    typedef GemmTile<T> G;
    typedef typename G::V V;
    constexpr int VW = G::VW;
    if (VEC) {
#pragma unroll
        for (int i = 0; i < G::A_ELEMS / VW; ++i) {
            int v = tid + i * GEMM_THREADS;
            int row = v / (GEMM_BK / VW);
            int gr = m0 + row;
            int gk = k0 + (v % (GEMM_BK / VW)) * VW;
            if (gr < M && gk < kEnd) {
                Vec<T>::unpack(*reinterpret_cast<const V*>(A + (size_t)gr * K + gk), &ra[i * VW]);
            } else {
#pragma unroll
                for (int q = 0; q < VW; ++q) ra[i * VW + q] = T(0);
            }
        }
#pragma unroll
        for (int i = 0; i < G::B_ELEMS / VW; ++i) {
            int v = tid + i * GEMM_THREADS;
            int gk = k0 + v / (G::BN / VW);
            int gc = n0 + (v % (G::BN / VW)) * VW;
            if (gk < kEnd && gc < N) {
                Vec<T>::unpack(*reinterpret_cast<const V*>(B + (size_t)gk * N + gc), &rb[i * VW]);
            } else {
#pragma unroll
                for (int q = 0; q < VW; ++q) rb[i * VW + q] = T(0);
            }
        }
    } else {
#pragma unroll
        for (int i = 0; i < G::A_ELEMS; ++i) {
            int e = tid + i * GEMM_THREADS;
            if (TA) {  // A is K×M: consecutive threads take consecutive rows of op(A), one row of A
                int gr = m0 + e % G::BM;
                int gk = k0 + e / G::BM;
                ra[i] = (gr < M && gk < kEnd) ? A[(size_t)gk * M + gr] : T(0);
            } else {
                int gr = m0 + e / GEMM_BK;
                int gk = k0 + e % GEMM_BK;
                ra[i] = (gr < M && gk < kEnd) ? A[(size_t)gr * K + gk] : T(0);
            }
        }
#pragma unroll
        for (int i = 0; i < G::B_ELEMS; ++i) {
            int e = tid + i * GEMM_THREADS;
            if (TB) {  // B is N×K: consecutive threads take consecutive k, one row of B
                int gk = k0 + e % GEMM_BK;
                int gc = n0 + e / GEMM_BK;
                rb[i] = (gk < kEnd && gc < N) ? B[(size_t)gc * K + gk] : T(0);
            } else {
                int gk = k0 + e / G::BN;
                int gc = n0 + e % G::BN;
                rb[i] = (gk < kEnd && gc < N) ? B[(size_t)gk * N + gc] : T(0);
            }
        }
    }
}

// Writes fetched registers into shared buffer `buf`; A goes in transposed (As[k][row]), B as Bs[k][col],
// whichever order gemm_fetch read them in.
template <typename T, bool VEC, bool TA, bool TB>
__device__ __forceinline__ void gemm_stage(T (*As)[GEMM_BK][GemmTile<T>::BM], T (*Bs)[GEMM_BK][GemmTile<T>::BN],
                                           int buf, int tid,
                                           const T (&ra)[GemmTile<T>::A_ELEMS], const T (&rb)[GemmTile<T>::B_ELEMS])
{
    typedef GemmTile<T> G;
    typedef typename G::V V;
    constexpr int VW = G::VW;
    if (VEC) {
#pragma unroll
        for (int i = 0; i < G::A_ELEMS / VW; ++i) {
            int v = tid + i * GEMM_THREADS;
            int row = v / (GEMM_BK / VW);
            int k = (v % (GEMM_BK / VW)) * VW;
#pragma unroll
            for (int q = 0; q < VW; ++q) As[buf][k + q][row] = ra[i * VW + q];
        }
#pragma unroll
        for (int i = 0; i < G::B_ELEMS / VW; ++i) {
            int v = tid + i * GEMM_THREADS;
            int k = v / (G::BN / VW);
            int c = (v % (G::BN / VW)) * VW;
            *reinterpret_cast<V*>(&Bs[buf][k][c]) = Vec<T>::pack(&rb[i * VW]);
        }
    } else {
#pragma unroll
        for (int i = 0; i < G::A_ELEMS; ++i) {
            int e = tid + i * GEMM_THREADS;
            if (TA) {
                As[buf][e / G::BM][e % G::BM] = ra[i];
            } else {
                As[buf][e % GEMM_BK][e / GEMM_BK] = ra[i];
            }
        }
#pragma unroll
        for (int i = 0; i < G::B_ELEMS; ++i) {
            int e = tid + i * GEMM_THREADS;
            if (TB) {
                Bs[buf][e % GEMM_BK][e / GEMM_BK] = rb[i];
            } else {
                Bs[buf][e / G::BN][e % G::BN] = rb[i];
            }
        }
    }
}

template <typename T, bool VEC, bool TA = false, bool TB = false>
__device__ __forceinline__ void gemm(int M, int N, int K, const T* __restrict__ A, const T* __restrict__ B,
                                     T* __restrict__ C, const T* __restrict__ bias, int act, double slope,
                                     int kChunk)
{
    static_assert(!VEC || (!TA && !TB), "the vector loads read plain operands only");
    typedef GemmTile<T> G;
    typedef typename G::V V;
    constexpr int VW = G::VW;
    constexpr int TM = G::TM;

    // One raw buffer: the two K-slice buffers of A and B during the loop, the epilogue's half tile after it.
    __shared__ __align__(16) T smem[2 * GEMM_BK * G::BM + 2 * GEMM_BK * G::BN];
    T (*As)[GEMM_BK][G::BM] = reinterpret_cast<T (*)[GEMM_BK][G::BM]>(smem);
    T (*Bs)[GEMM_BK][G::BN] = reinterpret_cast<T (*)[GEMM_BK][G::BN]>(smem + 2 * GEMM_BK * G::BM);

    const int tid = threadIdx.x;
    const int tx = tid % 16;
    const int ty = tid / 16;

    const int tilesM = (M + G::BM - 1) / G::BM;
    const int tilesN = (N + G::BN - 1) / G::BN;
    const int pid = blockIdx.x;
    const int perGroup = GEMM_GROUP_M * tilesN;
    const int firstM = (pid / perGroup) * GEMM_GROUP_M;
    const int groupM = min(tilesM - firstM, GEMM_GROUP_M);
    const int m0 = (firstM + (pid % perGroup) % groupM) * G::BM;
    const int n0 = ((pid % perGroup) / groupM) * G::BN;

    T acc[TM][TM];
#pragma unroll
    for (int i = 0; i < TM; ++i) {
#pragma unroll
        for (int j = 0; j < TM; ++j) acc[i][j] = T(0);
    }

    // Split-K: block row blockIdx.y sums k in [kBegin, kEnd) into its own M×N slab of C.
    const int kBegin = blockIdx.y * kChunk;
    const int kEnd = min(K, kBegin + kChunk);
    C += (size_t)blockIdx.y * M * N;

    T ra[G::A_ELEMS];
    T rb[G::B_ELEMS];
    const int slices = (kEnd - kBegin + GEMM_BK - 1) / GEMM_BK;
    gemm_fetch<T, VEC, TA, TB>(M, N, K, kEnd, A, B, m0, n0, kBegin, tid, ra, rb);
    gemm_stage<T, VEC, TA, TB>(As, Bs, 0, tid, ra, rb);
    __syncthreads();

    for (int s = 0; s < slices; ++s) {
        const int buf = s & 1;
        if (s + 1 < slices) {
            gemm_fetch<T, VEC, TA, TB>(M, N, K, kEnd, A, B, m0, n0, kBegin + (s + 1) * GEMM_BK, tid, ra, rb);
        }
#pragma unroll
        for (int k = 0; k < GEMM_BK; ++k) {
            T a[TM];
            T b[TM];
            Vec<T>::unpack(*reinterpret_cast<const V*>(&As[buf][k][ty * VW]), a);
            Vec<T>::unpack(*reinterpret_cast<const V*>(&As[buf][k][G::HALF + ty * VW]), a + VW);
            Vec<T>::unpack(*reinterpret_cast<const V*>(&Bs[buf][k][tx * VW]), b);
            Vec<T>::unpack(*reinterpret_cast<const V*>(&Bs[buf][k][G::HALF + tx * VW]), b + VW);
#pragma unroll
            for (int i = 0; i < TM; ++i) {
#pragma unroll
                for (int j = 0; j < TM; ++j) acc[i][j] += a[i] * b[j];
            }
        }
        if (s + 1 < slices) {
            // Safe without a second barrier: buffer buf^1 was last read in slice s-1, before the barrier below.
            gemm_stage<T, VEC, TA, TB>(As, Bs, buf ^ 1, tid, ra, rb);
        }
        __syncthreads();
    }

    // Epilogue through shared memory, one half of the tile's rows at a time (HALF×BN fits the slice
    // buffers): the activation is then inlined once in a rolled loop instead of once per accumulator, which
    // keeps the kernel small (fast JIT) and the stores coalesced.
    T (*Es)[G::BN] = reinterpret_cast<T (*)[G::BN]>(smem);
#pragma unroll
    for (int h = 0; h < 2; ++h) {
#pragma unroll
        for (int i = 0; i < VW; ++i) {
            const int r = ty * VW + i;
            *reinterpret_cast<V*>(&Es[r][tx * VW]) = Vec<T>::pack(&acc[h * VW + i][0]);
            *reinterpret_cast<V*>(&Es[r][G::HALF + tx * VW]) = Vec<T>::pack(&acc[h * VW + i][VW]);
        }
        __syncthreads();
#pragma unroll 2
        for (int e = tid; e < G::HALF * G::BN; e += GEMM_THREADS) {
            const int r = m0 + h * G::HALF + e / G::BN;
            const int c = n0 + e % G::BN;
            if (r < M && c < N) {
                T z = Es[e / G::BN][e % G::BN];
                if (bias != nullptr) z += bias[c];
                C[(size_t)r * N + c] = activate(z, act, slope);
            }
        }
        __syncthreads();
    }
}

} // namespace vecnn
