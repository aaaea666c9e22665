package io.jgrad.nn.optim;

/**
 * The one-cycle policy with cosine annealing, stepped once per batch, as PyTorch's
 * {@code OneCycleLR} (learning rate only; momentum is not cycled): from
 * {@code maxLr / divFactor} up to {@code maxLr} over the first {@code pctStart} of
 * {@code totalSteps}, then down to {@code maxLr / (divFactor · finalDivFactor)}.
 * The optimizer's learning rate is set to the schedule's step 0 on construction, and each
 * step sets the rate its step count gives, whatever the rate was.
 */
public final class OneCycleLR extends LRScheduler {
    private final double maxLr;
    private final int totalSteps;
    private final double initialLr;
    private final double minLr;
    private final double warmupEnd;

    /** With PyTorch's defaults: pctStart 0.3, divFactor 25, finalDivFactor 1e4. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, 25, 1e4);
    }

    /**
     * @param optimizer the optimizer whose rate this sets
     * @param maxLr the peak rate
     * @param totalSteps the number of {@link #step()} calls the cycle lasts
     * @param pctStart the share of the steps spent rising to the peak (0.3)
     * @param divFactor the initial rate is {@code maxLr / divFactor} (25)
     * @param finalDivFactor the last rate is the initial one divided by this (1e4)
     * @throws IllegalArgumentException if {@code maxLr} is not positive and finite, a factor is not positive,
     *     {@code totalSteps} is below 2, or {@code pctStart} is outside {@code (0, 1)}
     */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, double divFactor,
                      double finalDivFactor) {
        super(optimizer);
        if (!(maxLr > 0 && maxLr < Double.POSITIVE_INFINITY) || totalSteps < 2 || !(pctStart > 0 && pctStart < 1) || !(divFactor > 0)
                || !(finalDivFactor > 0)) {
            throw new IllegalArgumentException("OneCycleLR needs a finite maxLr > 0, totalSteps >= 2, pctStart in (0, 1) and"
                    + " positive factors, got " + maxLr + ", " + totalSteps + ", " + pctStart + ", " + divFactor
                    + ", " + finalDivFactor);
        }
        this.maxLr = maxLr;
        this.totalSteps = totalSteps;
        this.initialLr = maxLr / divFactor;
        this.minLr = initialLr / finalDivFactor;
        this.warmupEnd = pctStart * totalSteps - 1;
        optimizer.setLearningRate(learningRateAfter(0, Double.NaN));
    }

    /**
     * @throws IllegalStateException past {@code totalSteps}, as PyTorch: the last of the
     *     {@code totalSteps} calls to {@link #step()} that follow the optimizer's steps is allowed
     */
    @Override
    protected double learningRateAfter(int step, double current) {
        if (step > totalSteps) {
            throw new IllegalStateException("OneCycleLR stepped " + step + " times, beyond its totalSteps of " + totalSteps);
        }
        if (step <= warmupEnd) {
            // A warm-up shorter than one step has nothing to interpolate: start at the peak.
            return warmupEnd > 0 ? cosine(initialLr, maxLr, step / warmupEnd) : maxLr;
        }
        return cosine(maxLr, minLr, (step - warmupEnd) / (totalSteps - 1 - warmupEnd));
    }

    private static double cosine(double start, double end, double fraction) {
        return end + (start - end) / 2 * (1 + Math.cos(Math.PI * fraction));
    }
}
