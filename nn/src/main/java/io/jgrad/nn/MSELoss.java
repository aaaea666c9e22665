package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/** The squared error {@code (input - target)²}, as PyTorch's {@code nn.MSELoss}; input and target of one shape. */
public final class MSELoss extends Loss {
    /** With mean reduction. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    /** @throws IllegalArgumentException if the shapes differ */
    @Override
    public Variable forward(Variable input, Tensor target) {
        requireSameShape("MSELoss", input, target);
        Variable diff = input.sub(Variable.of(target));
        return reduce(diff.mul(diff));
    }
}
