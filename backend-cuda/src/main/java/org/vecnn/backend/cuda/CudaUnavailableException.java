package org.vecnn.backend.cuda;

/** Why the GPU cannot be used, in words for the probe's reason and hint. */
final class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String hint;

    CudaUnavailableException(String reason, String hint) {
        super(reason);
        this.hint = hint;
    }

    String reason() {
        return getMessage();
    }

    String hint() {
        return hint;
    }
}
