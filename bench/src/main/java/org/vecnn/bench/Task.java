package org.vecnn.bench;

/**
 * One workload prepared on one subject: operands created and outputs allocated, so that {@link #run()} does
 * only the call being measured.
 */
public interface Task extends AutoCloseable {

    /**
     * Performs one call of the workload, writing into the task's own output.
     *
     * @return the output (for the caller to consume, so that no compiler can drop the call)
     */
    Object run();

    /**
     * Runs the workload once more and copies its output out, for checking that a subject computes what the
     * others compute. Not used while timing.
     *
     * @return the output, row-major, widened to double
     */
    double[] result();

    /** Frees the operands and outputs. Idempotent. */
    @Override
    void close();
}
