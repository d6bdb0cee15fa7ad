package org.vecnn.backend.cuda;

import java.lang.ref.Cleaner;
import jcuda.driver.CUdeviceptr;

/**
 * A block of device memory owned by one matrix. {@link #release()} gives it back when the matrix is closed;
 * if the matrix becomes unreachable first, the Cleaner queues it for the context (which reclaims it on its
 * next call) and logs the leak. The Cleaner action holds no reference to the matrix.
 */
final class DeviceBuffer implements Runnable {
    private static final class Shared {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "vecnn-cuda-cleaner");
            t.setDaemon(true);
            return t;
        });
    }

    private final CudaContext context;
    private final CUdeviceptr pointer;
    private final long size;
    private final String what;
    private volatile boolean released;
    private volatile Cleaner.Cleanable cleanable;

    DeviceBuffer(CudaContext context, CUdeviceptr pointer, long size, String what) {
        this.context = context;
        this.pointer = pointer;
        this.size = size;
        this.what = what;
    }

    /** Watches the owner: when it becomes unreachable without {@link #release()}, the leak is reclaimed. */
    void watch(Object owner) {
        cleanable = Shared.CLEANER.register(owner, this);
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    /** @return the allocated size in bytes (rounded up to the allocator's granule) */
    long size() {
        return size;
    }

    String what() {
        return what;
    }

    /** Gives the memory back; idempotent, never throws. */
    void release() {
        released = true;
        Cleaner.Cleanable c = cleanable;
        if (c != null) {
            c.clean();
        } else {
            run();
        }
    }

    @Override
    public void run() {
        if (released) {
            context.recycle(this);
        } else {
            context.leaked(this);
        }
    }
}
