package org.vecnn.train;

import java.time.Duration;

/**
 * What one epoch of {@link Trainer#fit(Dataset)} gave.
 *
 * @param epoch the epoch, counted from 1 within one fit
 * @param loss the mean training loss over the epoch's rows, each batch's loss weighted by its rows (measured
 *     while the weights changed, as Keras reports it)
 * @param accuracy the fraction of training rows predicted right during the epoch (see {@link Evaluation})
 * @param validationLoss the loss on the validation rows after the epoch, NaN when there is no validation set
 * @param validationAccuracy the accuracy on the validation rows after the epoch, NaN when there is none
 * @param learningRate the learning rate used in the epoch
 * @param samples the number of training rows the epoch went through
 * @param time the wall time of the epoch's training steps, validation excluded
 */
public record EpochResult(int epoch, double loss, double accuracy, double validationLoss,
        double validationAccuracy, double learningRate, long samples, Duration time) {

    /** @return training rows per second: samples / time, or 0 when no time was measured */
    public double samplesPerSecond() {
        long nanos = time.toNanos();
        return nanos <= 0 ? 0 : samples * 1e9 / nanos;
    }

    /** @return whether a validation set was evaluated */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
