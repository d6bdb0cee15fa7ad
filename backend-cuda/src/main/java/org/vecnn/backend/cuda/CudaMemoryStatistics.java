package org.vecnn.backend.cuda;

/**
 * The device memory one {@link CudaBackend} holds, at one moment.
 *
 * @param liveBytes bytes held by open matrices (sizes rounded up to the allocator's 512-byte granule)
 * @param liveMatrices open matrices (weights and biases of layers included)
 * @param peakLiveBytes the most {@code liveBytes} has been since the backend was created
 * @param cachedBytes bytes of closed matrices kept for reuse; returned to the driver when an allocation
 *     fails, on {@link CudaBackend#releaseCachedMemory()} and on close
 * @param deviceAllocations how many times device memory was requested from the driver (cuMemAlloc)
 * @param leakedMatrices matrices that became unreachable without being closed, reclaimed by the Cleaner
 */
public record CudaMemoryStatistics(long liveBytes, int liveMatrices, long peakLiveBytes, long cachedBytes,
        long deviceAllocations, long leakedMatrices) {
}
