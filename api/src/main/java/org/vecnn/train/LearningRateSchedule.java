package org.vecnn.train;

/**
 * How the learning rate changes from epoch to epoch: the rate of epoch e (counted from 0) is the optimizer's
 * base rate times {@link #factor(int)}. Immutable.
 */
public final class LearningRateSchedule {
    private enum Kind { CONSTANT, STEP, COSINE }

    private static final LearningRateSchedule CONSTANT = new LearningRateSchedule(Kind.CONSTANT, 1, 1);

    private final Kind kind;
    private final int epochs;
    private final double value;

    private LearningRateSchedule(Kind kind, int epochs, double value) {
        this.kind = kind;
        this.epochs = epochs;
        this.value = value;
    }

    /** @return the schedule whose factor is 1 in every epoch */
    public static LearningRateSchedule constant() {
        return CONSTANT;
    }

    /**
     * Step decay: factor(e) = gamma<sup>&lfloor;e / every&rfloor;</sup>.
     *
     * @param every the number of epochs between two decays, &ge; 1
     * @param gamma the factor applied at each decay, in (0, 1]
     * @return the schedule
     * @throws IllegalArgumentException when every &lt; 1 or gamma is outside (0, 1]
     */
    public static LearningRateSchedule step(int every, double gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("schedule: step needs every >= 1 epoch, got " + every);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("schedule: step needs gamma in (0, 1], got " + gamma);
        }
        return new LearningRateSchedule(Kind.STEP, every, gamma);
    }

    /**
     * Cosine annealing: factor(e) = f<sub>min</sub> + (1 - f<sub>min</sub>)(1 + cos(&pi;&middot;min(e, T)/T))/2,
     * from 1 at epoch 0 down to f<sub>min</sub> at epoch T and after.
     *
     * @param epochs T, the epochs over which to anneal, &ge; 1
     * @param minFactor f<sub>min</sub>, the final factor, in [0, 1]
     * @return the schedule
     * @throws IllegalArgumentException when epochs &lt; 1 or minFactor is outside [0, 1]
     */
    public static LearningRateSchedule cosine(int epochs, double minFactor) {
        if (epochs < 1) {
            throw new IllegalArgumentException("schedule: cosine needs epochs >= 1, got " + epochs);
        }
        if (!(minFactor >= 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("schedule: cosine needs minFactor in [0, 1], got " + minFactor);
        }
        return new LearningRateSchedule(Kind.COSINE, epochs, minFactor);
    }

    /**
     * @param epoch the epoch, counted from 0
     * @return the factor of the base learning rate in that epoch
     * @throws IllegalArgumentException when epoch &lt; 0
     */
    public double factor(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("schedule: epoch must be >= 0, got " + epoch);
        }
        switch (kind) {
            case STEP:
                return Math.pow(value, epoch / epochs);
            case COSINE:
                double progress = Math.min(epoch, epochs) / (double) epochs;
                return value + (1 - value) * (1 + Math.cos(Math.PI * progress)) / 2;
            default:
                return 1;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateSchedule && ((LearningRateSchedule) o).kind == kind
                && ((LearningRateSchedule) o).epochs == epochs
                && Double.compare(((LearningRateSchedule) o).value, value) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 * 31 + epochs * 31 + Double.hashCode(value);
    }

    /** @return e.g. {@code constant}, {@code step(every=10, gamma=0.5)}, {@code cosine(epochs=50, min=0.0)} */
    @Override
    public String toString() {
        switch (kind) {
            case STEP:
                return "step(every=" + epochs + ", gamma=" + value + ")";
            case COSINE:
                return "cosine(epochs=" + epochs + ", min=" + value + ")";
            default:
                return "constant";
        }
    }
}
