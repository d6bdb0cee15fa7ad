package org.vecnn.backend.cuda;

/** The backend's system property, validated: which GPU to use. */
record CudaSettings(int device) {
    static final String DEVICE = "vecnn.cuda.device";

    static CudaSettings fromSystemProperties() {
        return of(System.getProperty(DEVICE));
    }

    static CudaSettings of(String device) {
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
        return new CudaSettings(index);
    }
}
