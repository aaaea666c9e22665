package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** {@code x Φ(x)} element-wise (the exact, erf-based GELU), as PyTorch's {@code nn.GELU}; any shape. */
public final class GELU extends Module {
    @Override
    public Variable forward(Variable input) {
        return input.gelu();
    }

    @Override
    protected String extraRepr() {
        return "approximate='none'";
    }
}
