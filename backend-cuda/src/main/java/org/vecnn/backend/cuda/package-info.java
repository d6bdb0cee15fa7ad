/**
 * The {@code cuda} backend: matrices live in GPU memory and dense layers run on NVIDIA GPUs (compute
 * capability 7.5 or newer) through JCuda, needing only the NVIDIA driver (CUDA 12 or newer). Products run
 * on the backend's own PTX kernels, or on cuBLAS where {@code libcublas.so.12} is installed.
 *
 * <p>System properties: {@code vecnn.cuda.device} (GPU index, default 0), {@code vecnn.cuda.cublas}
 * ({@code false} keeps products on the own kernels even where cuBLAS is present), {@code vecnn.cuda.tf32}
 * ({@code true} lets cuBLAS use TF32 tensor cores for FLOAT32 products; off by default because it breaks
 * agreement with the CPU backends). They are read once, when the backend is first probed.
 *
 * <p>{@link org.vecnn.backend.cuda.CudaBackend#memoryStatistics()} reports the GPU memory a backend holds.
 */
package org.vecnn.backend.cuda;
