package org.vecnn.bench;

import java.util.Objects;

/**
 * The outcome of one (workload, subject) cell.
 *
 * @param workload what was measured
 * @param subject who computed it: a backend name or {@code raw:<library>}
 * @param library true for a raw library
 * @param status whether it was measured
 * @param note why it was skipped or failed; empty when measured
 * @param stats the times, when measured; otherwise null
 */
public record Result(Workload workload, String subject, boolean library, Status status, String note, Stats stats) {

    /** Whether a cell was measured. */
    public enum Status {
        /** Measured. */
        OK,
        /** Not run by rule (e.g. loop-naive on large GEMMs). */
        SKIPPED,
        /** Preparing or running it threw. */
        FAILED
    }

    /** Validates the components. */
    public Result {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        note = note == null ? "" : note;
        if ((status == Status.OK) != (stats != null)) {
            throw new IllegalArgumentException("result: stats are given exactly when the status is OK");
        }
    }

    /** @return true when measured */
    public boolean ok() {
        return status == Status.OK;
    }

    /** @return the median time per call in nanoseconds, NaN when not measured */
    public double medianNs() {
        return ok() ? stats.medianNs() : Double.NaN;
    }

    /** @return GFLOPS at the median time (products only, see {@link Workload#flops()}); NaN when not measured */
    public double gflops() {
        return workload.flops() / medianNs();
    }

    /** @return input rows per second at the median time for layer workloads; NaN for GEMM or not measured */
    public double samplesPerSecond() {
        return workload.hasSamples() ? workload.batch() * 1e9 / medianNs() : Double.NaN;
    }
}
