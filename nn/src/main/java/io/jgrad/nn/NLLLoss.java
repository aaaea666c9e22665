package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/**
 * The negative log-likelihood {@code -input[i, target[i]]} of log-probabilities, as PyTorch's
 * {@code nn.NLLLoss}: input {@code [N, C]}, target {@code [N]} class indices; targets equal to
 * {@code ignoreIndex} contribute nothing, and the mean is over the others.
 */
public final class NLLLoss extends Loss {
    private final int ignoreIndex;

    /** With mean reduction and PyTorch's default ignore index, -100. */
    public NLLLoss() {
        this(Reduction.MEAN, -100);
    }

    /** With the given reduction and ignore index. */
    public NLLLoss(Reduction reduction, int ignoreIndex) {
        super(reduction);
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * @throws IllegalArgumentException if the shapes do not fit {@code [N, C]} and {@code [N]}, or
     *     a target is not a whole number
     * @throws IndexOutOfBoundsException naming the first target outside {@code [0, C)}
     */
    @Override
    public Variable forward(Variable input, Tensor target) {
        ClassTargets targets = ClassTargets.of("NLLLoss", input.shape(), target, ignoreIndex);
        Variable picked = input.gather(1, targets.indices().reshape(-1, 1)).reshape(-1);
        Variable perRow = picked.neg().mul(Variable.of(targets.kept()));
        return reduction() == Reduction.MEAN ? targets.mean(perRow) : reduce(perRow);
    }
}
