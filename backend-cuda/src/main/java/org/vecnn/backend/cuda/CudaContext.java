package org.vecnn.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuGetErrorString;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import org.vecnn.Precision;

/**
 * One backend's hold on a GPU: the device's primary context (retained), one non-blocking stream, the loaded
 * kernel modules, and a caching allocator for device memory.
 *
 * <p>Threads: every CUDA call goes through {@link #call}, which takes the lock and makes the primary context
 * current on the calling thread (contexts are per thread in the driver API), so any thread may use the
 * backend; there is no hand-off to a worker thread, which would cost more than most small kernels. All work
 * is queued on the one stream and the host waits only when data comes back ({@link #download}).
 *
 * <p>Errors: JCuda's exceptions stay off (a JVM-wide switch); every return code is checked. A sticky error
 * (700, illegal address, and the others of {@link CudaErrors#isSticky}) marks the context failed: every later
 * call throws {@link IllegalStateException} with the first failure.
 *
 * <p>Memory: freed buffers go into a cache keyed by size and are reused, in stream order, by later
 * allocations; cuMemFree, which synchronizes the whole device, runs only when an allocation fails (then the
 * cache is emptied and the allocation retried) and on close.
 */
final class CudaContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.vecnn.backend.cuda");
    private static final int ALLOCATION_GRANULE = 512;

    private final ReentrantLock lock = new ReentrantLock();
    private final CUdevice device;
    private final CUcontext context;
    private final CUstream stream;
    private final List<CUmodule> modules;
    private final Map<String, CUfunction> functions;
    private final String description;
    private final int multiprocessors;
    private final int major;
    private final int minor;

    private final ConcurrentLinkedQueue<DeviceBuffer> leaked = new ConcurrentLinkedQueue<>();
    private final Map<Long, ArrayDeque<CUdeviceptr>> cache = new HashMap<>();
    private long liveBytes;
    private int liveBuffers;
    private long peakBytes;
    private long cachedBytes;
    private long deviceAllocations;
    private long leakedBuffers;
    private volatile String failure;
    private boolean closed;

    private CudaContext(CUdevice device, CUcontext context, CUstream stream, List<CUmodule> modules,
            Map<String, CUfunction> functions, String description, int multiprocessors, int major, int minor) {
        this.device = device;
        this.context = context;
        this.stream = stream;
        this.modules = modules;
        this.functions = functions;
        this.description = description;
        this.multiprocessors = multiprocessors;
        this.major = major;
        this.minor = minor;
    }

    /**
     * Opens the GPU named by the settings: checks the driver and device, retains the primary context,
     * creates the stream and loads the kernels.
     *
     * @throws CudaUnavailableException with a reason and hint when the GPU cannot be used
     * @throws LinkageError when JCuda's native library cannot be loaded (no driver)
     */
    static CudaContext open(CudaSettings settings) {
        int rc = cuInit(0);
        int[] value = new int[1];
        int versionRc = cuDriverGetVersion(value);
        String driver = versionRc == CUresult.CUDA_SUCCESS ? (value[0] / 1000) + "." + (value[0] % 1000 / 10)
                : "of unknown version";
        if (rc == CUresult.CUDA_ERROR_NO_DEVICE) {
            throw new CudaUnavailableException("no CUDA device (driver " + driver + " found none)",
                    "check nvidia-smi; in a container, pass the GPU through (e.g. docker run --gpus all)");
        }
        if (rc == 35) { // CUDA_ERROR_INSUFFICIENT_DRIVER
            throw new CudaUnavailableException("driver " + driver + " is older than the 12.0 this backend needs",
                    CudaProbe.DRIVER_HINT);
        }
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new CudaUnavailableException("cuInit failed: " + CudaErrors.name(rc) + errorText(rc),
                    "check that nvidia-smi works and that this process may use the GPU");
        }
        if (versionRc == CUresult.CUDA_SUCCESS && value[0] < 12000) {
            throw new CudaUnavailableException("driver " + driver + " is older than the 12.0 this backend needs",
                    CudaProbe.DRIVER_HINT);
        }
        rc = cuDeviceGetCount(value);
        if (rc != CUresult.CUDA_SUCCESS || value[0] == 0) {
            throw new CudaUnavailableException("no CUDA device", "check nvidia-smi; in a container, pass the GPU "
                    + "through (e.g. docker run --gpus all)");
        }
        int count = value[0];
        if (settings.device() >= count) {
            throw new CudaUnavailableException(CudaSettings.DEVICE + "=" + settings.device() + " but there "
                    + (count == 1 ? "is 1 CUDA device" : "are " + count + " CUDA devices"),
                    "choose a GPU index from 0 to " + (count - 1));
        }
        CUdevice device = new CUdevice();
        require(cuDeviceGet(device, settings.device()), "cuDeviceGet");
        byte[] nameBytes = new byte[256];
        require(cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        String name = cString(nameBytes);
        int major = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int sms = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        long[] total = new long[1];
        require(cuDeviceTotalMem(total, device), "cuDeviceTotalMem");
        String gpu = name + " (GPU " + settings.device() + ", sm_" + major + minor + ", " + sms + " SMs, "
                + CudaErrors.bytes(total[0]) + ")";
        if (major * 10 + minor < 75) {
            throw new CudaUnavailableException(gpu + " has compute capability " + major + "." + minor
                    + "; this backend needs 7.5 (Turing) or newer", "use a newer GPU or a CPU backend");
        }

        CUcontext context = new CUcontext();
        rc = cuDevicePrimaryCtxRetain(context, device);
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new CudaUnavailableException("retaining the primary context of " + gpu + " failed: "
                    + CudaErrors.name(rc) + errorText(rc), "if the GPU is in exclusive-process compute mode, "
                    + "another process may hold it (nvidia-smi shows the compute mode and the processes)");
        }
        CUstream stream = null;
        List<CUmodule> modules = new ArrayList<>();
        try {
            require(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            stream = new CUstream();
            require(cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
            Map<String, CUfunction> functions = new HashMap<>();
            for (String module : CudaPtx.LOADED_AT_OPEN) {
                CUmodule loaded = loadModule(module, major, minor);
                modules.add(loaded);
                for (String kernel : CudaKernels.kernelsOf(module)) {
                    CUfunction function = new CUfunction();
                    int frc = cuModuleGetFunction(function, loaded, kernel);
                    if (frc != CUresult.CUDA_SUCCESS) {
                        throw new CudaUnavailableException("kernel " + kernel + " is missing from " + module
                                + ".ptx: " + CudaErrors.name(frc), "the vecnn-backend-cuda jar is inconsistent; "
                                + "rebuild it");
                    }
                    functions.put(kernel, function);
                }
            }
            String description = gpu + ", driver " + driver + "; own kernels";
            return new CudaContext(device, context, stream, modules, functions, description, sms, major, minor);
        } catch (RuntimeException | Error e) {
            for (CUmodule module : modules) {
                cuModuleUnload(module);
            }
            if (stream != null) {
                cuStreamDestroy(stream);
            }
            cuDevicePrimaryCtxRelease(device);
            throw e;
        }
    }

    /**
     * Loads PTX through the driver's JIT; when the driver refuses it (too old for the PTX ISA, JIT missing),
     * compiles it with JCuda's PTX compiler for this GPU and loads the cubin.
     */
    private static CUmodule loadModule(String module, int major, int minor) {
        byte[] ptx = CudaPtx.ptx(module);
        CUmodule loaded = new CUmodule();
        int rc = cuModuleLoadData(loaded, CudaPtx.nulTerminated(ptx));
        if (rc == CUresult.CUDA_SUCCESS) {
            return loaded;
        }
        boolean ptxRefused = rc == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION || rc == CUresult.CUDA_ERROR_INVALID_PTX
                || rc == CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND || rc == CUresult.CUDA_ERROR_JIT_COMPILATION_DISABLED
                || rc == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || rc == CUresult.CUDA_ERROR_INVALID_IMAGE;
        String refused = "the driver refused " + module + ".ptx: " + CudaErrors.name(rc) + errorText(rc);
        if (!ptxRefused) {
            throw new CudaUnavailableException("loading the backend's kernels failed: " + refused,
                    "update the NVIDIA driver");
        }
        String arch = "sm_" + major + minor;
        CudaPtx.Compilation compiled;
        try {
            compiled = CudaPtx.compile(ptx, arch, false);
        } catch (LinkageError e) {
            throw new CudaUnavailableException(refused + ", and JCuda's PTX compiler could not be loaded: "
                    + CudaProbe.optionalLoadFailure(e), "update the NVIDIA driver");
        }
        if (!compiled.succeeded()) {
            throw new CudaUnavailableException(refused + ", and JCuda's PTX compiler failed for " + arch + ": "
                    + compiled.errorLog(), "update the NVIDIA driver");
        }
        rc = cuModuleLoadData(loaded, compiled.cubin());
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new CudaUnavailableException(refused + ", and the " + arch + " cubin compiled from it failed too: "
                    + CudaErrors.name(rc) + errorText(rc), "update the NVIDIA driver");
        }
        return loaded;
    }

    /** @return what the probe reports: GPU and driver */
    String description() {
        return description;
    }

    int multiprocessors() {
        return multiprocessors;
    }

    /** @return the kernel; loads its module first when it is one that loads on demand. Call under the lock. */
    CUfunction function(String kernel) {
        CUfunction f = functions.get(kernel);
        if (f == null) {
            for (String module : CudaPtx.MODULES) {
                if (!CudaPtx.LOADED_AT_OPEN.contains(module) && CudaKernels.kernelsOf(module).contains(kernel)) {
                    loadOnDemand(module);
                    f = functions.get(kernel);
                }
            }
        }
        if (f == null) {
            throw new IllegalStateException("no kernel " + kernel);
        }
        return f;
    }

    // Loads a module not loaded at open, and its kernels; the module is unloaded at close with the others.
    private void loadOnDemand(String module) {
        CUmodule loaded = loadModule(module, major, minor);
        modules.add(loaded);
        for (String kernel : CudaKernels.kernelsOf(module)) {
            CUfunction function = new CUfunction();
            int rc = cuModuleGetFunction(function, loaded, kernel);
            if (rc != CUresult.CUDA_SUCCESS) {
                throw new IllegalStateException("kernel " + kernel + " is missing from " + module + ".ptx: "
                        + CudaErrors.name(rc) + "; the vecnn-backend-cuda jar is inconsistent");
            }
            functions.put(kernel, function);
        }
    }

    /**
     * Runs CUDA work under the lock, with the context current on this thread.
     *
     * @param operation the api operation, for messages
     * @throws IllegalStateException when the context failed earlier or is closed, or a call fails
     */
    <T> T call(String operation, Supplier<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(operation + ": backend 'cuda' is closed");
            }
            String failed = failure;
            if (failed != null) {
                throw new IllegalStateException(operation + ": " + failed);
            }
            check(cuCtxSetCurrent(context), operation, "cuCtxSetCurrent");
            reclaimLeaked();
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void run(String operation, Runnable work) {
        call(operation, () -> {
            work.run();
            return null;
        });
    }

    /** Throws for a failed call; marks the context failed for a sticky error. Call with the lock held. */
    void check(int rc, String operation, String what) {
        if (rc == CUresult.CUDA_SUCCESS) {
            return;
        }
        String error = CudaErrors.name(rc) + errorText(rc);
        if (CudaErrors.isSticky(rc)) {
            String message = "the GPU reported " + error + " in " + operation + " (" + what + "); the CUDA context "
                    + "is unusable from now on: close this backend and restart the JVM";
            if (failure == null) {
                failure = message;
                LOG.log(Level.ERROR, "cuda backend failed: " + message);
            }
            throw new IllegalStateException(operation + ": " + message);
        }
        throw new IllegalStateException(operation + ": " + what + " failed: " + error);
    }

    /** Allocates device memory, from the cache when a buffer of this size is free. Call inside {@link #call}. */
    DeviceBuffer allocate(long bytes, String operation, String what) {
        long size = (bytes + ALLOCATION_GRANULE - 1) / ALLOCATION_GRANULE * ALLOCATION_GRANULE;
        CUdeviceptr pointer = null;
        ArrayDeque<CUdeviceptr> free = cache.get(size);
        if (free != null && !free.isEmpty()) {
            pointer = free.pop();
            cachedBytes -= size;
        } else {
            pointer = new CUdeviceptr();
            int rc = cuMemAlloc(pointer, size);
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY && cachedBytes > 0) {
                check(cuStreamSynchronize(stream), operation, "cuStreamSynchronize");
                emptyCache(operation);
                rc = cuMemAlloc(pointer, size);
            }
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                long[] freeBytes = new long[1];
                long[] totalBytes = new long[1];
                String device = cuMemGetInfo(freeBytes, totalBytes) == CUresult.CUDA_SUCCESS
                        ? "; the GPU has " + CudaErrors.bytes(freeBytes[0]) + " free of "
                                + CudaErrors.bytes(totalBytes[0]) : "";
                throw new IllegalStateException(operation + ": out of GPU memory allocating " + what + " ("
                        + CudaErrors.bytes(bytes) + "): this backend holds " + CudaErrors.bytes(liveBytes) + " in "
                        + liveBuffers + " matrices" + device + "; close matrices you no longer need");
            }
            check(rc, operation, "cuMemAlloc of " + CudaErrors.bytes(size));
            deviceAllocations++;
        }
        liveBytes += size;
        liveBuffers++;
        peakBytes = Math.max(peakBytes, liveBytes);
        return new DeviceBuffer(this, pointer, size, what);
    }

    /**
     * Takes a buffer back into the cache. Pure bookkeeping, no CUDA call: later work that reuses the memory
     * is queued after the work that used it, on the same stream. Never throws.
     */
    void recycle(DeviceBuffer buffer) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            liveBytes -= buffer.size();
            liveBuffers--;
            if (failure == null) {
                cache.computeIfAbsent(buffer.size(), s -> new ArrayDeque<>()).push(buffer.pointer());
                cachedBytes += buffer.size();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called by the Cleaner for a buffer whose matrix was never closed: queued for the next call. */
    void leaked(DeviceBuffer buffer) {
        leaked.add(buffer);
        LOG.log(Level.WARNING, () -> "cuda: a " + buffer.what() + " (" + CudaErrors.bytes(buffer.size())
                + " of GPU memory) became unreachable without close(); its memory is reclaimed. Close matrices "
                + "(try-with-resources or MatrixScope) to free GPU memory when you are done with them.");
    }

    private void reclaimLeaked() {
        DeviceBuffer buffer;
        while ((buffer = leaked.poll()) != null) {
            leakedBuffers++;
            recycle(buffer);
        }
    }

    private void emptyCache(String operation) {
        for (ArrayDeque<CUdeviceptr> free : cache.values()) {
            for (CUdeviceptr pointer : free) {
                check(cuMemFree(pointer), operation, "cuMemFree");
            }
        }
        cache.clear();
        cachedBytes = 0;
    }

    /** Returns the cached device memory to the driver. */
    void releaseCachedMemory() {
        run("releaseCachedMemory", () -> {
            check(cuStreamSynchronize(stream), "releaseCachedMemory", "cuStreamSynchronize");
            emptyCache("releaseCachedMemory");
        });
    }

    CudaMemoryStatistics statistics() {
        lock.lock();
        try {
            reclaimLeakedForStatistics();
            return new CudaMemoryStatistics(liveBytes, liveBuffers, peakBytes, cachedBytes, deviceAllocations,
                    leakedBuffers);
        } finally {
            lock.unlock();
        }
    }

    private void reclaimLeakedForStatistics() {
        if (!closed) {
            reclaimLeaked();
        }
    }

    // --- transfers and launches: call inside call()/run() ---

    void upload(CUdeviceptr target, float[] data, String operation) {
        // From pageable memory the driver stages the data before returning, so the array may change afterwards
        check(cuMemcpyHtoDAsync(target, Pointer.to(data), (long) data.length * Float.BYTES, stream), operation,
                "cuMemcpyHtoDAsync");
    }

    void upload(CUdeviceptr target, double[] data, String operation) {
        check(cuMemcpyHtoDAsync(target, Pointer.to(data), (long) data.length * Double.BYTES, stream), operation,
                "cuMemcpyHtoDAsync");
    }

    void download(float[] target, CUdeviceptr source, long offsetElements, String operation) {
        check(cuMemcpyDtoHAsync(Pointer.to(target), source.withByteOffset(offsetElements * Float.BYTES),
                (long) target.length * Float.BYTES, stream), operation, "cuMemcpyDtoHAsync");
        synchronize(operation);
    }

    void download(double[] target, CUdeviceptr source, long offsetElements, String operation) {
        check(cuMemcpyDtoHAsync(Pointer.to(target), source.withByteOffset(offsetElements * Double.BYTES),
                (long) target.length * Double.BYTES, stream), operation, "cuMemcpyDtoHAsync");
        synchronize(operation);
    }

    void copy(CUdeviceptr target, CUdeviceptr source, long bytes, String operation) {
        check(cuMemcpyDtoDAsync(target, source, bytes, stream), operation, "cuMemcpyDtoDAsync");
    }

    void zero(CUdeviceptr target, long bytes, String operation) {
        check(cuMemsetD32Async(target, 0, bytes / Integer.BYTES, stream), operation, "cuMemsetD32Async");
    }

    void launch(String operation, String kernel, int gridX, int gridY, int blockX, int blockY, Pointer parameters) {
        check(cuLaunchKernel(function(kernel), gridX, gridY, 1, blockX, blockY, 1, 0, stream, parameters, null),
                operation, "launching " + kernel);
    }

    void synchronize(String operation) {
        check(cuStreamSynchronize(stream), operation, "cuStreamSynchronize");
    }

    /** Frees everything: cached memory, modules, the stream, the primary context. Never throws. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                cuCtxSetCurrent(context);
                reclaimLeaked();
                cuStreamSynchronize(stream);
                for (ArrayDeque<CUdeviceptr> free : cache.values()) {
                    for (CUdeviceptr pointer : free) {
                        cuMemFree(pointer);
                    }
                }
                cache.clear();
                cachedBytes = 0;
                for (CUmodule module : modules) {
                    cuModuleUnload(module);
                }
                cuStreamDestroy(stream);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "cuda: releasing GPU resources failed", e);
            } finally {
                closed = true;
                cuDevicePrimaryCtxRelease(device);
            }
        } finally {
            lock.unlock();
        }
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        require(cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
        return value[0];
    }

    private static void require(int rc, String what) {
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new CudaUnavailableException(what + " failed: " + CudaErrors.name(rc) + errorText(rc),
                    "check that nvidia-smi works and that this process may use the GPU");
        }
    }

    private static String errorText(int rc) {
        String[] text = new String[1];
        try {
            if (cuGetErrorString(rc, text) == CUresult.CUDA_SUCCESS && text[0] != null) {
                return ": " + text[0];
            }
        } catch (LinkageError ignored) {
            // the code's name alone must do
        }
        return "";
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
