package io.jgrad.nn.optim;

/**
 * Cosine annealing from the base rate to {@code etaMin} over {@code tMax} steps and back over
 * the next {@code tMax}, as PyTorch's {@code CosineAnnealingLR}. Left alone,
 * {@code lr = η_min + (base - η_min)(1 + cos(π t / T_max)) / 2}; like PyTorch, each step scales
 * the optimizer's current rate instead, so that a rate changed by hand is annealed from there.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /**
     * Annealing down to 0, PyTorch's default {@code eta_min}.
     *
     * @throws IllegalArgumentException if {@code tMax} is not positive
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    /**
     * @param optimizer the optimizer whose rate this anneals
     * @param tMax the steps from the base rate down to {@code etaMin}
     * @param etaMin the lowest rate (0)
     * @throws IllegalArgumentException if {@code tMax} is not positive or {@code etaMin} is negative or infinite
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0 || !(etaMin >= 0 && etaMin < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("CosineAnnealingLR needs tMax > 0 and a finite etaMin >= 0, got " + tMax
                    + ", " + etaMin);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double learningRateAfter(int step, double current) {
        if (Math.floorMod(step - 1 - tMax, 2 * tMax) == 0) {
            // Leaving the trough, where the ratio below would divide by 1 + cos(π) = 0.
            return current + (baseLearningRate() - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        }
        return (1 + Math.cos(Math.PI * step / tMax)) / (1 + Math.cos(Math.PI * (step - 1) / tMax)) * (current - etaMin)
                + etaMin;
    }
}
