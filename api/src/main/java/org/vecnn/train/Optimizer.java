package org.vecnn.train;

import java.util.Objects;

/**
 * How parameters are updated from their gradients: an immutable value, built by {@link #sgd(double)},
 * {@link #adam(double)} or {@link #adamW(double, double)} and refined by the {@code with...} methods, each of
 * which returns a new optimizer.
 *
 * <p>For a parameter &theta; with gradient g at update t = 1, 2, &hellip; of that parameter, with learning
 * rate &eta; = base rate &times; {@link LearningRateSchedule#factor(int) schedule factor} of the epoch, every
 * kind first adds the L2 term: g &larr; g + &lambda;&theta; ({@link #withL2(double)}, 0 by default). Then:
 * <ul>
 * <li>{@link Kind#SGD}: without momentum, &theta; &larr; &theta; - &eta;g. With momentum &mu;, one state v
 *     (starting at 0): v &larr; &mu;v + g; &theta; &larr; &theta; - &eta;v, or with Nesterov &theta; &larr;
 *     &theta; - &eta;(g + &mu;v) (PyTorch's form, no dampening).</li>
 * <li>{@link Kind#ADAM}: two states m, v (starting at 0): m &larr; &beta;<sub>1</sub>m + (1 -
 *     &beta;<sub>1</sub>)g; v &larr; &beta;<sub>2</sub>v + (1 - &beta;<sub>2</sub>)g<sup>2</sup>; &theta; &larr;
 *     &theta; - &eta;&middot;(m/c<sub>1</sub>)/(&radic;(v/c<sub>2</sub>) + &epsilon;) with the bias corrections
 *     c<sub>1</sub> = 1 - &beta;<sub>1</sub><sup>t</sup>, c<sub>2</sub> = 1 - &beta;<sub>2</sub><sup>t</sup>.</li>
 * <li>{@link Kind#ADAMW}: Adam with decoupled weight decay w: first &theta; &larr; &theta;(1 - &eta;w), then
 *     the Adam step.</li>
 * </ul>
 * Each parameter matrix has its own states; they are never shared between parameters.
 */
public final class Optimizer {

    /** The update rule. */
    public enum Kind {
        /** Stochastic gradient descent, optionally with (Nesterov) momentum. */
        SGD,
        /** Adam (Kingma and Ba), with bias correction. */
        ADAM,
        /** Adam with decoupled weight decay (Loshchilov and Hutter). */
        ADAMW
    }

    private final Kind kind;
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double l2;
    private final LearningRateSchedule schedule;

    private Optimizer(Kind kind, double learningRate, double momentum, boolean nesterov, double beta1,
            double beta2, double epsilon, double weightDecay, double l2, LearningRateSchedule schedule) {
        this.kind = kind;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.l2 = l2;
        this.schedule = schedule;
    }

    /**
     * Plain SGD, no momentum, no L2, a constant rate.
     *
     * @param learningRate &eta; &gt; 0, finite
     * @return the optimizer
     * @throws IllegalArgumentException when learningRate is not a finite positive number
     */
    public static Optimizer sgd(double learningRate) {
        return new Optimizer(Kind.SGD, positive("learningRate", learningRate), 0, false, 0.9, 0.999, 1e-8, 0, 0,
                LearningRateSchedule.constant());
    }

    /**
     * Adam with &beta;<sub>1</sub> = 0.9, &beta;<sub>2</sub> = 0.999, &epsilon; = 1e-8, no L2, a constant rate.
     *
     * @param learningRate &eta; &gt; 0, finite (0.001 is the usual choice)
     * @return the optimizer
     * @throws IllegalArgumentException when learningRate is not a finite positive number
     */
    public static Optimizer adam(double learningRate) {
        return new Optimizer(Kind.ADAM, positive("learningRate", learningRate), 0, false, 0.9, 0.999, 1e-8, 0, 0,
                LearningRateSchedule.constant());
    }

    /**
     * AdamW: Adam's defaults with decoupled weight decay.
     *
     * @param learningRate &eta; &gt; 0, finite
     * @param weightDecay w &ge; 0, finite (0.01 is the usual choice)
     * @return the optimizer
     * @throws IllegalArgumentException when a value is out of range
     */
    public static Optimizer adamW(double learningRate, double weightDecay) {
        return new Optimizer(Kind.ADAMW, positive("learningRate", learningRate), 0, false, 0.9, 0.999, 1e-8,
                nonNegative("weightDecay", weightDecay), 0, LearningRateSchedule.constant());
    }

    /**
     * @param mu the momentum &mu; in [0, 1); 0 turns momentum off
     * @return an SGD optimizer like this one with momentum &mu;
     * @throws IllegalArgumentException when mu is outside [0, 1)
     * @throws IllegalStateException when this is not SGD
     */
    public Optimizer withMomentum(double mu) {
        requireKind("withMomentum", Kind.SGD);
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("optimizer: momentum must be in [0, 1), got " + mu);
        }
        return new Optimizer(kind, learningRate, mu, nesterov && mu > 0, beta1, beta2, epsilon, weightDecay, l2,
                schedule);
    }

    /**
     * @param mu the momentum &mu; in (0, 1)
     * @return an SGD optimizer like this one with Nesterov momentum &mu;
     * @throws IllegalArgumentException when mu is outside (0, 1)
     * @throws IllegalStateException when this is not SGD
     */
    public Optimizer withNesterov(double mu) {
        requireKind("withNesterov", Kind.SGD);
        if (!(mu > 0 && mu < 1)) {
            throw new IllegalArgumentException("optimizer: Nesterov momentum must be in (0, 1), got " + mu);
        }
        return new Optimizer(kind, learningRate, mu, true, beta1, beta2, epsilon, weightDecay, l2, schedule);
    }

    /**
     * @param b1 &beta;<sub>1</sub> in [0, 1)
     * @param b2 &beta;<sub>2</sub> in [0, 1)
     * @return an Adam(W) optimizer like this one with these decay rates
     * @throws IllegalArgumentException when a rate is outside [0, 1)
     * @throws IllegalStateException when this is SGD
     */
    public Optimizer withBetas(double b1, double b2) {
        if (kind == Kind.SGD) {
            throw new IllegalStateException("optimizer: withBetas applies to adam and adamw, not sgd");
        }
        if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("optimizer: betas must be in [0, 1), got " + b1 + ", " + b2);
        }
        return new Optimizer(kind, learningRate, momentum, nesterov, b1, b2, epsilon, weightDecay, l2, schedule);
    }

    /**
     * @param eps &epsilon; &gt; 0, finite
     * @return an Adam(W) optimizer like this one with this &epsilon;
     * @throws IllegalArgumentException when eps is not a finite positive number
     * @throws IllegalStateException when this is SGD
     */
    public Optimizer withEpsilon(double eps) {
        if (kind == Kind.SGD) {
            throw new IllegalStateException("optimizer: withEpsilon applies to adam and adamw, not sgd");
        }
        return new Optimizer(kind, learningRate, momentum, nesterov, beta1, beta2, positive("epsilon", eps),
                weightDecay, l2, schedule);
    }

    /**
     * @param lambda the L2 coefficient &lambda; &ge; 0, finite, added to the gradient as &lambda;&theta;
     * @return an optimizer like this one with this L2 regularization
     * @throws IllegalArgumentException when lambda is negative or not finite
     */
    public Optimizer withL2(double lambda) {
        return new Optimizer(kind, learningRate, momentum, nesterov, beta1, beta2, epsilon, weightDecay,
                nonNegative("l2", lambda), schedule);
    }

    /**
     * @param rate the base learning rate &eta; &gt; 0, finite
     * @return an optimizer like this one with this base rate
     * @throws IllegalArgumentException when rate is not a finite positive number
     */
    public Optimizer withLearningRate(double rate) {
        return new Optimizer(kind, positive("learningRate", rate), momentum, nesterov, beta1, beta2, epsilon,
                weightDecay, l2, schedule);
    }

    /**
     * @param next the schedule of the learning rate
     * @return an optimizer like this one with this schedule
     * @throws IllegalArgumentException when next is null
     */
    public Optimizer withSchedule(LearningRateSchedule next) {
        if (next == null) {
            throw new IllegalArgumentException("optimizer: schedule is null");
        }
        return new Optimizer(kind, learningRate, momentum, nesterov, beta1, beta2, epsilon, weightDecay, l2, next);
    }

    /**
     * Finds an optimizer kind by name and gives it its defaults: {@code sgd}, {@code momentum} (SGD with
     * &mu; = 0.9), {@code nesterov} (&mu; = 0.9), {@code adam}, {@code adamw} (w = 0.01); case is ignored.
     *
     * @param name the name
     * @param learningRate &eta; &gt; 0, finite
     * @return the optimizer
     * @throws IllegalArgumentException when the name is null or unknown, listing the accepted names
     */
    public static Optimizer byName(String name, double learningRate) {
        String key = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (key) {
            case "sgd":
                return sgd(learningRate);
            case "momentum":
                return sgd(learningRate).withMomentum(0.9);
            case "nesterov":
                return sgd(learningRate).withNesterov(0.9);
            case "adam":
                return adam(learningRate);
            case "adamw":
                return adamW(learningRate, 0.01);
            default:
                throw new IllegalArgumentException("optimizer: unknown name '" + name
                        + "'; expected one of sgd, momentum, nesterov, adam, adamw");
        }
    }

    /** @return the update rule */
    public Kind kind() {
        return kind;
    }

    /** @return the base learning rate &eta; */
    public double learningRate() {
        return learningRate;
    }

    /**
     * @param epoch the epoch, counted from 0
     * @return the learning rate in that epoch: base rate &times; schedule factor
     */
    public double learningRate(int epoch) {
        return learningRate * schedule.factor(epoch);
    }

    /** @return the momentum &mu; of SGD, 0 when off */
    public double momentum() {
        return momentum;
    }

    /** @return whether SGD's momentum is Nesterov's */
    public boolean nesterov() {
        return nesterov;
    }

    /** @return Adam's &beta;<sub>1</sub> */
    public double beta1() {
        return beta1;
    }

    /** @return Adam's &beta;<sub>2</sub> */
    public double beta2() {
        return beta2;
    }

    /** @return Adam's &epsilon; */
    public double epsilon() {
        return epsilon;
    }

    /** @return AdamW's decoupled weight decay w (0 for the other kinds) */
    public double weightDecay() {
        return weightDecay;
    }

    /** @return the L2 coefficient &lambda; */
    public double l2() {
        return l2;
    }

    /** @return the learning-rate schedule */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * @return how many state matrices, each shaped like the parameter, one parameter needs: 0 for SGD without
     *     momentum, 1 (v) with momentum, 2 (m, v) for Adam and AdamW
     */
    public int stateCount() {
        if (kind == Kind.SGD) {
            return momentum > 0 ? 1 : 0;
        }
        return 2;
    }

    private void requireKind(String operation, Kind wanted) {
        if (kind != wanted) {
            throw new IllegalStateException("optimizer: " + operation + " applies to " + wanted + ", not " + kind);
        }
    }

    private static double positive(String name, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("optimizer: " + name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    private static double nonNegative(String name, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("optimizer: " + name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Optimizer)) {
            return false;
        }
        Optimizer x = (Optimizer) o;
        return kind == x.kind && Double.compare(learningRate, x.learningRate) == 0
                && Double.compare(momentum, x.momentum) == 0 && nesterov == x.nesterov
                && Double.compare(beta1, x.beta1) == 0 && Double.compare(beta2, x.beta2) == 0
                && Double.compare(epsilon, x.epsilon) == 0 && Double.compare(weightDecay, x.weightDecay) == 0
                && Double.compare(l2, x.l2) == 0 && schedule.equals(x.schedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, learningRate, momentum, nesterov, beta1, beta2, epsilon, weightDecay, l2, schedule);
    }

    /** @return e.g. {@code adam(lr=0.001, betas=0.9/0.999, eps=1.0E-8, l2=0.0, constant)} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT)).append("(lr=")
                .append(learningRate);
        if (kind == Kind.SGD) {
            s.append(", momentum=").append(momentum).append(nesterov ? " nesterov" : "");
        } else {
            s.append(", betas=").append(beta1).append('/').append(beta2).append(", eps=").append(epsilon);
        }
        if (kind == Kind.ADAMW) {
            s.append(", weightDecay=").append(weightDecay);
        }
        return s.append(", l2=").append(l2).append(", ").append(schedule).append(')').toString();
    }
}
