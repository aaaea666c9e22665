package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** {@code 1 / (1 + e^-x)} element-wise, as PyTorch's {@code nn.Sigmoid}; any shape. */
public final class Sigmoid extends Module {
    @Override
    public Variable forward(Variable input) {
        return input.sigmoid();
    }
}
