package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** {@code x} where positive, {@code negativeSlope · x} elsewhere, as PyTorch's {@code nn.LeakyReLU}; any shape. */
public final class LeakyReLU extends Module {
    private final float negativeSlope;

    /** With PyTorch's default slope, 0.01. */
    public LeakyReLU() {
        this(0.01f);
    }

    /**
     * @param negativeSlope the factor for negative inputs
     * @throws IllegalArgumentException if the slope is not finite
     */
    public LeakyReLU(float negativeSlope) {
        if (!Float.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("negativeSlope must be finite, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Variable forward(Variable input) {
        return Variable.where(input.value().gt(0f), input, input.mul(negativeSlope));
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + PyRepr.of(negativeSlope);
    }
}
