package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/** Merges dimensions {@code startDim..endDim}, as PyTorch's {@code nn.Flatten}: by default {@code [N, ...] -> [N, rest]}. */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens everything but the batch dimension. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim..endDim}, inclusive. */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Variable forward(Variable input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
