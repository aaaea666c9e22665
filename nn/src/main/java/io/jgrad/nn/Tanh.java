package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** The hyperbolic tangent element-wise, as PyTorch's {@code nn.Tanh}; any shape. */
public final class Tanh extends Module {
    @Override
    public Variable forward(Variable input) {
        return input.tanh();
    }
}
