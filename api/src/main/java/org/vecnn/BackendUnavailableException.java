package org.vecnn;

/**
 * Thrown when a backend cannot be chosen or created: it is not on the class path, its probe failed, two
 * providers claim its name, or no backend was found at all. The message says what was found and what to do.
 */
public class BackendUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for, what was found, and what to do */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for, what was found, and what to do
     * @param cause the failure behind it
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
