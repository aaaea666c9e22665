package io.jgrad.nn;

/**
 * The activation a layer's weights are initialised for, with its recommended gain, as the
 * names PyTorch's {@code nn.init.calculate_gain} takes.
 */
public enum Nonlinearity {
    /** Linear and convolution layers, gain 1. */
    LINEAR,
    /** Gain 1. */
    SIGMOID,
    /** Gain 5/3. */
    TANH,
    /** Gain √2. */
    RELU,
    /** Gain {@code sqrt(2 / (1 + slope²))}. */
    LEAKY_RELU,
    /** Gain 3/4. */
    SELU;

    /**
     * The gain, as {@code calculate_gain(name, param)}.
     *
     * @param negativeSlope the slope below 0, used by {@link #LEAKY_RELU} alone
     * @throws IllegalArgumentException if {@code negativeSlope} is not finite
     */
    public double gain(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("the negative slope must be finite, got " + negativeSlope);
        }
        return switch (this) {
            case LINEAR, SIGMOID -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
            case SELU -> 0.75;
        };
    }
}
