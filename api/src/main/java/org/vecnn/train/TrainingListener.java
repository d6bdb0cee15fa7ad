package org.vecnn.train;

/**
 * Sees a training run as it goes. Called on the thread that runs {@link Trainer#fit(Dataset)}; an exception
 * thrown here stops the run and comes out of {@code fit}.
 */
@FunctionalInterface
public interface TrainingListener {

    /**
     * Called after each epoch (and its validation).
     *
     * @param result what the epoch gave
     */
    void onEpoch(EpochResult result);

    /**
     * Called after each training step; the default does nothing.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 1
     * @param batches the number of batches in an epoch
     * @param loss the step's batch loss
     */
    default void onBatch(int epoch, int batch, int batches, double loss) {
    }
}
