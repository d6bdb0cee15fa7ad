package org.vecnn.spi;

import java.util.Objects;

/**
 * The outcome of {@link BackendProvider#probe()}.
 *
 * @param available whether the backend can run here
 * @param reason when available, what it runs on (e.g. {@code "Vector API, 256-bit lanes, 2 threads"});
 *     when not, what failed, in words a user understands (e.g. {@code "libcuda.so.1 not found: no NVIDIA
 *     driver installed"})
 * @param hint what a user can do about it; empty when there is nothing to say
 */
public record ProbeResult(boolean available, String reason, String hint) {

    /**
     * Validates the components.
     *
     * @param available whether the backend can run here
     * @param reason what it runs on, or what failed
     * @param hint what a user can do about it, or empty
     * @throws NullPointerException when reason or hint is null
     */
    public ProbeResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(hint, "hint");
    }

    /**
     * @return the reason, followed by the hint when there is one: {@code "reason. hint"}, the form every
     *     "cannot run here" message uses
     */
    public String explanation() {
        return hint.isEmpty() ? reason : reason + ". " + hint;
    }

    /**
     * @param detail what the backend runs on
     * @return an available result
     */
    public static ProbeResult available(String detail) {
        return new ProbeResult(true, detail, "");
    }

    /**
     * @param reason what failed
     * @param hint what to do about it
     * @return an unavailable result
     */
    public static ProbeResult unavailable(String reason, String hint) {
        return new ProbeResult(false, reason, hint);
    }

    /**
     * Describes a failure thrown while probing; {@link LinkageError}s and their causes are spelled out.
     *
     * @param what what was being done, e.g. {@code "loading ND4J's native library"}
     * @param failure what was thrown
     * @param hint what to do about it
     * @return an unavailable result naming the failure and its root cause
     */
    public static ProbeResult failed(String what, Throwable failure, String hint) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            message += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return new ProbeResult(false, what + " failed: " + message, hint);
    }
}
