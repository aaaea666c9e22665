package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** {@code max(x, 0)} element-wise, as PyTorch's {@code nn.ReLU}; any shape. */
public final class ReLU extends Module {
    @Override
    public Variable forward(Variable input) {
        return input.relu();
    }
}
