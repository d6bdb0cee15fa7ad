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
     * Waits until the calls made so far have completed. A device backend queues its work and returns at once,
     * so a timed round ends with this call; its cost is spread over the round's calls. For the CPU subjects,
     * which finish each call before returning, it reads one element or does nothing.
     */
    default void finish() {
    }

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
