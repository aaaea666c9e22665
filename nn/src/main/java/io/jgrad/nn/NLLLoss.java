package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/**
 * The negative log-likelihood {@code -input[i, target[i]]} of log-probabilities, as PyTorch's
 * {@code nn.NLLLoss}: input {@code [N, C]} with target {@code [N]} class indices (or
 * {@code [N, C, d...]} with target {@code [N, d...]}, or {@code [C]} with a scalar target);
 * targets equal to {@code ignoreIndex} contribute nothing, and the mean is over the others.
 */
public final class NLLLoss extends ClassIndexLoss {
    /** With mean reduction and PyTorch's default ignore index, -100. */
    public NLLLoss() {
        this(Reduction.MEAN, -100);
    }

    /** With the given reduction and ignore index. */
    public NLLLoss(Reduction reduction, int ignoreIndex) {
        super("NLLLoss", reduction, ignoreIndex);
    }

    @Override
    Variable perRow(Variable rows, ClassTargets targets) {
        Variable picked = rows.gather(1, targets.indices().reshape(-1, 1)).reshape(-1);
        // Selected, not multiplied by the 0/1 mask: an ignored row may pick -inf, and 0·∞ is NaN.
        return Variable.where(targets.kept(), picked.neg(), Variable.scalar(0f));
    }
}
