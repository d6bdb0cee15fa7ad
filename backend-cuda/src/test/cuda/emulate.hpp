// Runs CUDA kernel sources on the CPU for tests: each block of a launch is executed by real threads (one per
// CUDA thread) that meet at __syncthreads() on a std::barrier; __shared__ becomes a function-local static, which
// is correct because blocks run one after another. Only what the vecnn kernels use is provided.
#pragma once

#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

inline thread_local dim3 threadIdx;
inline thread_local dim3 blockIdx;
inline dim3 blockDim;
inline dim3 gridDim;
inline std::barrier<>* emulated_barrier = nullptr;

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
#define __launch_bounds__(...)
#define __restrict__ __restrict

inline void __syncthreads() { emulated_barrier->arrive_and_wait(); }

struct alignas(16) float4 {
    float x, y, z, w;
};
struct alignas(16) double2 {
    double x, y;
};

using std::min;

// Launches kernel() on grid×block, one block at a time.
inline void emulate_launch(dim3 grid, dim3 block, const std::function<void()>& kernel)
{
    gridDim = grid;
    blockDim = block;
    const unsigned threads = block.x * block.y * block.z;
    for (unsigned bz = 0; bz < grid.z; ++bz) {
        for (unsigned by = 0; by < grid.y; ++by) {
            for (unsigned bx = 0; bx < grid.x; ++bx) {
                std::barrier<> barrier(threads);
                emulated_barrier = &barrier;
                std::vector<std::thread> pool;
                pool.reserve(threads);
                for (unsigned t = 0; t < threads; ++t) {
                    pool.emplace_back([&, t] {
                        threadIdx = dim3{t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
                        blockIdx = dim3{bx, by, bz};
                        kernel();
                    });
                }
                for (auto& th : pool) th.join();
            }
        }
    }
}
