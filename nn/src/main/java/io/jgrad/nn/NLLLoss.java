package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/**
 * The negative log-likelihood {@code -input[i, target[i]]} of log-probabilities, as PyTorch's
 * {@code nn.NLLLoss}: input {@code [N, C]} with target {@code [N]} class indices (or
 * {@code [N, C, d...]} with target {@code [N, d...]}, or {@code [C]} with a scalar target);
 * targets equal to {@code ignoreIndex} contribute nothing, and the mean is over the others.
 * With class weights {@code w}, as PyTorch's {@code weight}, row i's loss is
 * {@code -w[y]·input[i, y]} and the mean divides by the kept rows' {@code Σ w[y]}.
 */
public final class NLLLoss extends ClassIndexLoss {
    /** With mean reduction and PyTorch's default ignore index, -100. */
    public NLLLoss() {
        this(Reduction.MEAN, -100);
    }

    /** With the given reduction and ignore index. */
    public NLLLoss(Reduction reduction, int ignoreIndex) {
        this(null, reduction, ignoreIndex);
    }

    /**
     * @param weight a weight per class {@code [C]}, copied; null for none
     * @param reduction how the rows' losses are combined
     * @param ignoreIndex a target value whose rows count for nothing (-100)
     * @throws IllegalArgumentException if {@code weight} is not 1-D or has a negative or non-finite entry
     */
    public NLLLoss(Tensor weight, Reduction reduction, int ignoreIndex) {
        super("NLLLoss", reduction, ignoreIndex, weight);
    }

    @Override
    Variable perRow(Variable rows, ClassTargets targets) {
        Variable picked = rows.gather(1, targets.indices().reshape(-1, 1)).reshape(-1);
        // Selected, not multiplied by the 0/1 mask: an ignored row may pick -inf, and 0·∞ is NaN.
        Variable loss = classWeights() == null ? picked.neg() : picked.neg().mul(Variable.of(targets.rowWeights()));
        return Variable.where(targets.kept(), loss, Variable.scalar(0f));
    }
}
