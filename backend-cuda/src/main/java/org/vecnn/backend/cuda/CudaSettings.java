package org.vecnn.backend.cuda;

import java.util.Locale;

/** The backend's system properties, validated. */
record CudaSettings(int device, boolean cublas, boolean tf32) {
    static final String DEVICE = "vecnn.cuda.device";
    static final String CUBLAS = "vecnn.cuda.cublas";
    static final String TF32 = "vecnn.cuda.tf32";

    static CudaSettings fromSystemProperties() {
        return of(System.getProperty(DEVICE), System.getProperty(CUBLAS), System.getProperty(TF32));
    }

    static CudaSettings of(String device, String cublas, String tf32) {
        int index = 0;
        if (device != null && !device.isBlank()) {
            try {
                index = Integer.parseInt(device.trim());
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0) {
                throw new CudaUnavailableException(DEVICE + "=" + device + " is not a GPU index",
                        "set -D" + DEVICE + " to 0, 1, ... (the order of nvidia-smi)");
            }
        }
        return new CudaSettings(index, flag(CUBLAS, cublas, true), flag(TF32, tf32, false));
    }

    private static boolean flag(String name, String value, boolean absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new CudaUnavailableException(name + "=" + value + " is neither true nor false",
                        "set -D" + name + "=true or false");
        }
    }
}
