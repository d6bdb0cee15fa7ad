package org.vecnn.bench;

/**
 * A subject measured in a process of its own, which times its calls there: the harness cannot time its calls
 * one by one, so it asks for a whole cell, right after the in-process subjects of the same workload, with the
 * same plan. {@link #prepare} is not used for it.
 */
public interface OutOfProcessSubject extends Subject {

    /**
     * Measures one workload with the harness's plan (warm-up, rounds, round length, cell budget).
     *
     * @param workload the workload
     * @param plan how the cell is timed
     * @return the result: measured, or failed with what went wrong; never throws for a failure of the other
     *     process
     */
    Result measure(Workload workload, Suite.Plan plan);
}
