package io.jgrad.nn;

import io.jgrad.autograd.Function;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/**
 * Cross-entropy of logits against class indices, as PyTorch's {@code nn.CrossEntropyLoss}:
 * a fused, numerically stable log-softmax and negative log-likelihood.
 *
 * <p>Input {@code [N, C]} (or {@code [N, C, d...]} with target {@code [N, d...]}, or {@code [C]}
 * with a scalar target); target class indices in {@code [0, C)}. With label smoothing ε the
 * target distribution is {@code (1 - ε)·onehot + ε/C}. Targets equal to {@code ignoreIndex}
 * contribute nothing, and the mean is over the others. The gradient is
 * {@code softmax(x)·Σq - q} for the target distribution q, {@code softmax(x) - q} without
 * class weights.
 *
 * <p>With class weights {@code w}, as PyTorch's {@code weight}: row i's loss is
 * {@code -(1 - ε)·w[y]·log p[y] - (ε/C)·Σ_c w[c]·log p[c]}, and the mean divides by the kept
 * rows' {@code Σ w[y]} instead of their number.
 */
public final class CrossEntropyLoss extends ClassIndexLoss {
    private final float labelSmoothing;

    /** Mean reduction, no label smoothing, PyTorch's default ignore index -100. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f, -100);
    }

    /**
     * @param reduction how the rows' losses are combined
     * @param labelSmoothing ε, the share of the target spread evenly over the classes (0)
     * @param ignoreIndex a target value whose rows count for nothing (-100)
     * @throws IllegalArgumentException if {@code labelSmoothing} is outside {@code [0, 1]}
     */
    public CrossEntropyLoss(Reduction reduction, float labelSmoothing, int ignoreIndex) {
        this(null, reduction, labelSmoothing, ignoreIndex);
    }

    /**
     * @param weight a weight per class {@code [C]}, copied; null for none
     * @param reduction how the rows' losses are combined
     * @param labelSmoothing ε, the share of the target spread evenly over the classes (0)
     * @param ignoreIndex a target value whose rows count for nothing (-100)
     * @throws IllegalArgumentException if {@code labelSmoothing} is outside {@code [0, 1]}, or
     *     {@code weight} is not 1-D or has a negative or non-finite entry
     */
    public CrossEntropyLoss(Tensor weight, Reduction reduction, float labelSmoothing, int ignoreIndex) {
        super("CrossEntropyLoss", reduction, ignoreIndex, weight);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    Variable perRow(Variable rows, ClassTargets targets) {
        return Fused.apply(rows, targets, labelSmoothing, classWeights());
    }

    /** Per-row loss with the softmax-minus-target gradient in one node. */
    private static final class Fused extends Function {
        private final Tensor targetDistribution;
        private final Tensor targetMass;
        private final Tensor kept;

        private Fused(Variable logits, Tensor targetDistribution, Tensor targetMass, Tensor kept) {
            super("CrossEntropy", logits);
            this.targetDistribution = targetDistribution;
            this.targetMass = targetMass;
            this.kept = kept;
            save(logits);
        }

        /** @param weight the class weights {@code [C]}, or null */
        static Variable apply(Variable logits, ClassTargets targets, float smoothing, Tensor weight) {
            int classes = logits.shape().size(1);
            Tensor logProbabilities = logits.value().logSoftmax(1);
            // PyTorch's form, -(1-ε)·w[y]·log p[y] - (ε/C)·Σ w·log p, rather than Σ q·log p: a
            // masked logit (-inf) outside the target would make 0·∞ = NaN there.
            Tensor picked = logProbabilities.gather(1, targets.indices().reshape(-1, 1)).reshape(-1);
            Tensor loss = picked.mul(weight == null ? Tensor.scalar(1 - smoothing) : targets.rowWeights().mul(1 - smoothing));
            if (smoothing > 0) {
                Tensor weighted = weight == null ? logProbabilities : logProbabilities.mul(weight);
                loss = loss.add(weighted.sum(1, false).mul(smoothing / classes));
            }
            // Ignored rows are 0 by selection, not by multiplying, for the same reason.
            Tensor out = Tensor.where(targets.kept(), loss.neg(), Tensor.scalar(0f));
            if (!recording(logits)) {
                return Variable.of(out);
            }
            // Row i's target q_i, whose sum (1 without weights) scales softmax in the gradient.
            Tensor oneHot = Tensor.oneHot(targets.indices(), classes);
            Tensor q = weight == null ? oneHot.mul(1 - smoothing).add(smoothing / classes)
                    : oneHot.mul(targets.rowWeights().unsqueeze(1)).mul(1 - smoothing).add(weight.mul(smoothing / classes));
            Tensor mass = weight == null ? null : q.sum(1, true);
            return new Fused(logits, q, mass, targets.kept()).output(out);
        }

        @Override
        protected Variable[] backward(Variable grad) {
            Variable softmax = saved(0).softmax(1);
            Variable scaled = targetMass == null ? softmax : softmax.mul(Variable.of(targetMass));
            Variable perRow = scaled.sub(Variable.of(targetDistribution)).mul(grad.unsqueeze(1));
            return new Variable[] {Variable.where(kept.unsqueeze(1), perRow, Variable.scalar(0f))};
        }
    }
}
