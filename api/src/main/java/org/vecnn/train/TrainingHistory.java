package org.vecnn.train;

import java.util.List;

/**
 * What {@link Trainer#fit(Dataset)} did.
 *
 * @param epochs each epoch's result, in order
 * @param stop why training stopped
 * @param bestEpoch with early stopping, the epoch whose weights the trainer holds (lowest validation loss);
 *     otherwise the last epoch
 */
public record TrainingHistory(List<EpochResult> epochs, Stop stop, int bestEpoch) {

    /** Why a run stopped. */
    public enum Stop {
        /** Every epoch asked for ran. */
        COMPLETED,
        /** The validation loss did not improve for the patience; the best weights were restored. */
        EARLY_STOPPED
    }

    /**
     * @param epochs each epoch's result
     * @param stop why training stopped
     * @param bestEpoch the epoch whose weights the trainer holds
     */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** @return the last epoch's result, or null when no epoch ran */
    public EpochResult last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
