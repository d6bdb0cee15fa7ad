/**
 * The {@code cuda} backend: matrices live in GPU memory and dense layers run on NVIDIA GPUs (compute
 * capability 7.5 or newer) through JCuda, needing only the NVIDIA driver (CUDA 12 or newer). Products,
 * bias and activations run on the backend's own PTX kernels.
 *
 * <p>System property: {@code vecnn.cuda.device} (GPU index, default 0), read when the backend is probed and
 * when it is created.
 *
 * <p>{@link org.vecnn.backend.cuda.CudaBackend#memoryStatistics()} reports the GPU memory a backend holds.
 */
package org.vecnn.backend.cuda;
