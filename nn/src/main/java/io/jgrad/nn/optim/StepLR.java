package io.jgrad.nn.optim;

/**
 * Multiplies the optimizer's learning rate by {@code gamma} at every {@code stepSize}-th step,
 * as PyTorch's {@code StepLR}: left alone, {@code lr = base·γ^⌊t / stepSize⌋}.
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /**
     * With PyTorch's default gamma of 0.1.
     *
     * @throws IllegalArgumentException if {@code stepSize} is not positive
     */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /**
     * @param optimizer the optimizer whose rate this decays
     * @param stepSize the steps between decays
     * @param gamma the factor of each decay (0.1)
     * @throws IllegalArgumentException if {@code stepSize} is not positive or {@code gamma} is negative or infinite
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0 || !(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("StepLR needs stepSize > 0 and a finite gamma >= 0, got " + stepSize + ", "
                    + gamma);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double learningRateAfter(int step, double current) {
        return step % stepSize == 0 ? current * gamma : current;
    }
}
