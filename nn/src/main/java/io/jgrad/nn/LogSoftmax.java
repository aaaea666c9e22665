package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** {@code x - log Σ exp(x)} along {@code dim}, as PyTorch's {@code nn.LogSoftmax}. */
public final class LogSoftmax extends Module {
    private final int dim;

    /** Normalises along {@code dim} (negative counts from the end). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable input) {
        return input.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
