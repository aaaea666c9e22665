package io.jgrad.nn.optim;

/** Cosine annealing from the base rate to {@code etaMin} over {@code tMax} steps: {@code lr = η_min + (base - η_min)(1 + cos(π t / T_max)) / 2}. */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** @throws IllegalArgumentException if {@code tMax} is not positive or {@code etaMin} is negative */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0 || !(etaMin >= 0)) {
            throw new IllegalArgumentException("CosineAnnealingLR needs tMax > 0 and etaMin >= 0, got " + tMax + ", " + etaMin);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double learningRateAt(int step) {
        return etaMin + (baseLearningRate() - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
