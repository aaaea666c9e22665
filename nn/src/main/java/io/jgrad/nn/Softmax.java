package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** {@code exp(x) / Σ exp(x)} along {@code dim}, as PyTorch's {@code nn.Softmax}. */
public final class Softmax extends Module {
    private final int dim;

    /** Normalises along {@code dim} (negative counts from the end). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable input) {
        return input.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
