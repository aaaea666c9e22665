package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/**
 * The GELU {@code x Φ(x)} element-wise, as PyTorch's {@code nn.GELU}; any shape. By default
 * the exact, erf-based form; with {@code approximate = "tanh"} PyTorch's approximation
 * {@code x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))}, which GPT-2-style models are trained with.
 */
public final class GELU extends Module {
    private static final float SQRT_2_OVER_PI = 0.7978845608f;
    private static final float CUBIC = 0.044715f;

    private final boolean tanh;

    /** The exact form, PyTorch's {@code approximate='none'}. */
    public GELU() {
        this("none");
    }

    /**
     * @param approximate {@code "none"} for the exact form or {@code "tanh"} for the approximation
     * @throws IllegalArgumentException for any other value
     */
    public GELU(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("GELU's approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
        this.tanh = approximate.equals("tanh");
    }

    @Override
    public Variable forward(Variable input) {
        if (!tanh) {
            return input.gelu();
        }
        Variable inner = input.mul(input).mul(CUBIC).add(1f).mul(input).mul(SQRT_2_OVER_PI);
        return input.mul(0.5f).mul(inner.tanh().add(1f));
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + (tanh ? "tanh" : "none") + "'";
    }
}
