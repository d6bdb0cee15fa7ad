package org.vecnn.train;

/**
 * Thrown by {@link Trainer#fit(Dataset)} when a batch's loss is NaN or infinite. Training stops; the trainer
 * then holds the weights it had at the start of the failing epoch (the last weights known good), which
 * {@link Trainer#network()} returns and a model can save.
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The epoch whose batch diverged, from 1. */
    private final int epoch;
    /** The batch whose loss was not finite, from 1 within the epoch. */
    private final int batch;
    /** The loss, NaN or an infinity. */
    private final double loss;
    private final transient TrainingHistory history;

    /**
     * @param message the message, naming the epoch and the batch
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 1
     * @param loss the non-finite loss
     * @param history the epochs completed before
     */
    public TrainingDivergedException(String message, int epoch, int batch, double loss, TrainingHistory history) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
        this.history = history;
    }

    /** @return the epoch whose batch diverged, from 1 */
    public int epoch() {
        return epoch;
    }

    /** @return the batch whose loss was not finite, from 1 within the epoch */
    public int batch() {
        return batch;
    }

    /** @return the loss, NaN or an infinity */
    public double loss() {
        return loss;
    }

    /** @return the epochs completed before the failing one */
    public TrainingHistory history() {
        return history;
    }
}
