package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/**
 * A loss function: compares a model's output with a target, as PyTorch's loss modules.
 * Losses are stateless and can be shared.
 */
public abstract class Loss {
    private final Reduction reduction;

    /** @throws IllegalArgumentException if {@code reduction} is null */
    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must be MEAN, SUM or NONE, got null");
        }
        this.reduction = reduction;
    }

    /** How per-element losses are combined. */
    public final Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code input} against {@code target}; shapes are given by each loss. */
    public abstract Variable forward(Variable input, Tensor target);

    /** Applies this loss's reduction to per-element losses. */
    protected final Variable reduce(Variable perElement) {
        return switch (reduction) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }

    /** @throws IllegalArgumentException naming both shapes if they differ */
    static void requireSameShape(String loss, Variable input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + " needs input and target of one shape, got " + input.shape()
                    + " and " + target.shape());
        }
    }
}
