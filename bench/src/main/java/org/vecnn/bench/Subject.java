package org.vecnn.bench;

import java.util.List;
import org.vecnn.spi.ProbeResult;

/**
 * Something that is benchmarked: a vecnn backend found through {@link java.util.ServiceLoader}, or a raw
 * library called directly as the baseline a backend is compared with.
 */
public interface Subject extends AutoCloseable {

    /** @return the name in reports: a backend's name ({@code loop}) or {@code raw:<library>} */
    String name();

    /** @return true for a raw library called directly, false for a vecnn backend */
    boolean isLibrary();

    /**
     * @return whether it can run here and on what (a backend's probe result, a library's load result);
     *     never throws
     */
    ProbeResult probe();

    /**
     * @return the raw libraries this subject is compared with (the fastest of them measured on a workload),
     *     empty when there is none
     */
    List<String> references();

    /**
     * Prepares a workload: creates the operands from {@link WorkloadData} and allocates the outputs.
     *
     * @param workload the workload
     * @return the prepared task, owned by the caller
     * @throws UnsupportedOperationException when this subject has no form of the workload
     */
    Task prepare(Workload workload);

    /** Frees what the subject holds (a backend instance). Idempotent; never throws. */
    @Override
    void close();
}
