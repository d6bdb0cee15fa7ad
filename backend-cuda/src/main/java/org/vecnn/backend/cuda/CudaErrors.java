package org.vecnn.backend.cuda;

import jcuda.driver.CUresult;

/** CUDA driver error codes: names and which ones leave the context unusable. */
final class CudaErrors {
    private CudaErrors() {
    }

    /**
     * Errors after which every later call in the process fails the same way (the CUDA programming guide's
     * "sticky" errors): the context must be torn down, so the backend stops instead of going on.
     */
    static boolean isSticky(int code) {
        switch (code) {
            case 214: // CUDA_ERROR_ECC_UNCORRECTABLE
            case 700: // CUDA_ERROR_ILLEGAL_ADDRESS
            case 702: // CUDA_ERROR_LAUNCH_TIMEOUT
            case 710: // CUDA_ERROR_ASSERT
            case 714: // CUDA_ERROR_HARDWARE_STACK_ERROR
            case 715: // CUDA_ERROR_ILLEGAL_INSTRUCTION
            case 716: // CUDA_ERROR_MISALIGNED_ADDRESS
            case 717: // CUDA_ERROR_INVALID_ADDRESS_SPACE
            case 718: // CUDA_ERROR_INVALID_PC
            case 719: // CUDA_ERROR_LAUNCH_FAILED
            case 999: // CUDA_ERROR_UNKNOWN: assume the worst
                return true;
            default:
                return false;
        }
    }

    /** @return e.g. {@code "CUDA_ERROR_ILLEGAL_ADDRESS (700)"} */
    static String name(int code) {
        String name = CUresult.stringFor(code);
        if (name == null || name.startsWith("INVALID CUresult")) {
            name = "CUDA error";
        }
        return name + " (" + code + ")";
    }

    /** @return "2.0 GiB", "64.0 MiB", "512 bytes" */
    static String bytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / (double) (1L << 10));
        }
        return bytes + " bytes";
    }
}
