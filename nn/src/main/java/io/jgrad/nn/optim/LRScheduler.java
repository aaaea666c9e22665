package io.jgrad.nn.optim;

/**
 * Changes an optimizer's learning rate as training proceeds, as PyTorch's
 * {@code torch.optim.lr_scheduler}: call {@link #step()} once per epoch (or per batch, for
 * {@link OneCycleLR}) after the optimizer's step. Each schedule is a closed-form function of
 * the number of steps taken, so setting {@link #setStepCount} restores it exactly on resume.
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private final double baseLearningRate;
    private int steps;

    /**
     * Starts from the optimizer's current learning rate, or, as PyTorch does, from the rate the
     * optimizer's first scheduler started from: restored with the optimizer's state, it lets a
     * scheduler made after {@link Optimizer#loadStateDict} continue the saved schedule.
     */
    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("a scheduler needs an optimizer, got null");
        }
        this.optimizer = optimizer;
        this.baseLearningRate = optimizer.fixInitialLearningRate();
    }

    /** The learning rate after {@code step} steps. */
    protected abstract double learningRateAt(int step);

    /** The rate this schedule starts from (see the constructor). */
    protected final double baseLearningRate() {
        return baseLearningRate;
    }

    /** Advances the schedule by one step and sets the optimizer's learning rate. */
    public final void step() {
        setStepCount(steps + 1);
    }

    /** How many steps were taken. */
    public final int stepCount() {
        return steps;
    }

    /**
     * Jumps to {@code steps} steps taken and sets the optimizer's learning rate accordingly.
     *
     * @throws IllegalArgumentException if {@code steps} is negative
     * @throws IllegalStateException if the schedule has no rate for {@code steps}; the step count
     *     is unchanged then
     */
    public final void setStepCount(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be non-negative, got " + steps);
        }
        optimizer.setLearningRate(learningRateAt(steps));
        this.steps = steps;
    }
}
