package io.jgrad.nn.optim;

/**
 * Changes an optimizer's learning rate as training proceeds, as PyTorch's
 * {@code torch.optim.lr_scheduler}: call {@link #step()} once per epoch (or per batch, for
 * {@link OneCycleLR}) after the optimizer's step. As in PyTorch, {@link StepLR} and
 * {@link CosineAnnealingLR} change the optimizer's current rate, so that a rate set by hand, or
 * by another scheduler on the same optimizer, carries on through them; {@link OneCycleLR} sets
 * the rate its step count gives. To resume, as in PyTorch, make the optimizer (with the run's
 * first rate) and its scheduler, then restore the optimizer's state, which holds its rate
 * exactly, and the step count with {@link #setStepCount}; a {@link OneCycleLR} made after the
 * restore would set the rate of its step 0.
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private final double baseLearningRate;
    private int steps;

    /**
     * The schedule's base rate, which {@link CosineAnnealingLR} uses as it leaves its trough, is
     * the rate the optimizer's first scheduler started from ({@code initial_lr}, kept in the
     * optimizer's state, as PyTorch's), or the optimizer's current rate if it has had none.
     */
    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("a scheduler needs an optimizer, got null");
        }
        this.optimizer = optimizer;
        this.baseLearningRate = optimizer.fixInitialLearningRate();
    }

    /**
     * The learning rate after step {@code step} (1 for the first), given the optimizer's rate
     * before it.
     *
     * @throws IllegalStateException if the schedule has no rate for {@code step}
     */
    protected abstract double learningRateAfter(int step, double current);

    /** The rate this schedule starts from (see the constructor). */
    protected final double baseLearningRate() {
        return baseLearningRate;
    }

    /**
     * Advances the schedule by one step and sets the optimizer's learning rate.
     *
     * @throws IllegalStateException if the schedule has no rate for the next step; the step
     *     count is unchanged then
     */
    public final void step() {
        optimizer.setLearningRate(learningRateAfter(steps + 1, optimizer.learningRate()));
        steps++;
    }

    /** How many steps were taken. */
    public final int stepCount() {
        return steps;
    }

    /**
     * Sets how many steps were taken, as loading PyTorch's scheduler state does, for a resumed
     * run. The optimizer's rate is not touched: it comes back with the optimizer's own state.
     *
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public final void setStepCount(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be non-negative, got " + steps);
        }
        this.steps = steps;
    }
}
