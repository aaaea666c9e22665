package io.jgrad.nn;

import io.jgrad.autograd.Function;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/**
 * Cross-entropy of logits against class indices, as PyTorch's {@code nn.CrossEntropyLoss}:
 * a fused, numerically stable log-softmax and negative log-likelihood.
 *
 * <p>Input {@code [N, C]} (or {@code [N, C, d...]} with target {@code [N, d...]}, or {@code [C]}
 * with a scalar target); target class indices in {@code [0, C)}. With label smoothing ε the
 * target distribution is {@code (1 - ε)·onehot + ε/C}. Targets equal to {@code ignoreIndex}
 * contribute nothing, and the mean is over the others. The gradient is
 * {@code softmax(x) - target distribution}.
 */
public final class CrossEntropyLoss extends Loss {
    private final float labelSmoothing;
    private final int ignoreIndex;

    /** Mean reduction, no label smoothing, PyTorch's default ignore index -100. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f, -100);
    }

    /**
     * @throws IllegalArgumentException if {@code labelSmoothing} is outside {@code [0, 1]}
     */
    public CrossEntropyLoss(Reduction reduction, float labelSmoothing, int ignoreIndex) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * @throws IllegalArgumentException if the shapes do not fit one of the layouts above, or a
     *     target is not a whole number
     * @throws IndexOutOfBoundsException naming the first target outside {@code [0, C)}
     */
    @Override
    public Variable forward(Variable input, Tensor target) {
        int rank = input.shape().rank();
        if (rank == 1 || rank > 2) {
            // Checked here, before the reshapes below: a target with the right number of
            // positions in another layout would otherwise be accepted, and a wrong one reported
            // with the reshaped shapes instead of the caller's.
            requireTargetShape(input.shape(), target.shape());
        }
        if (rank == 1) {
            return forward(input.unsqueeze(0), target.reshape(1)).reshape();
        }
        if (rank > 2) {
            // Move the class dimension last and treat every position as a row.
            int[] order = new int[rank];
            for (int i = 0, j = 0; i < rank; i++) {
                if (i != 1) {
                    order[j++] = i;
                }
            }
            order[rank - 1] = 1;
            int classes = input.shape().size(1);
            Variable rows = input.permute(order).reshape(-1, classes);
            Variable loss = forward(rows, target.reshape(-1));
            return reduction() == Reduction.NONE ? loss.reshape(target.shape().toArray()) : loss;
        }
        ClassTargets targets = ClassTargets.of("CrossEntropyLoss", input.shape(), target, ignoreIndex);
        Variable perRow = Fused.apply(input, targets, labelSmoothing);
        return reduction() == Reduction.MEAN ? targets.mean(perRow) : reduce(perRow);
    }

    /** @throws IllegalArgumentException unless the target's shape is the input's without its class dimension */
    private static void requireTargetShape(Shape input, Shape target) {
        int classDim = input.rank() == 1 ? 0 : 1;
        int[] expected = new int[input.rank() - 1];
        for (int i = 0, j = 0; i < input.rank(); i++) {
            if (i != classDim) {
                expected[j++] = input.size(i);
            }
        }
        if (!target.equals(Shape.of(expected))) {
            throw new IllegalArgumentException("CrossEntropyLoss needs input [N, C, d...] and target [N, d...], or input"
                    + " [C] and a scalar target, got " + input + " and " + target);
        }
    }

    /** Per-row loss with the softmax-minus-target gradient in one node. */
    private static final class Fused extends Function {
        private final Tensor targetDistribution;
        private final Tensor kept;

        private Fused(Variable logits, Tensor targetDistribution, Tensor kept) {
            super("CrossEntropy", logits);
            this.targetDistribution = targetDistribution;
            this.kept = kept;
            save(logits);
        }

        static Variable apply(Variable logits, ClassTargets targets, float smoothing) {
            int classes = logits.shape().size(1);
            Tensor q = Tensor.oneHot(targets.indices(), classes).mul(1 - smoothing).add(smoothing / classes);
            Tensor logProbabilities = logits.value().logSoftmax(1);
            Tensor out = logProbabilities.mul(q).sum(1, false).neg().mul(targets.kept());
            return recording(logits) ? new Fused(logits, q, targets.kept()).output(out) : Variable.of(out);
        }

        @Override
        protected Variable[] backward(Variable grad) {
            Variable rowWeight = grad.mul(Variable.of(kept)).unsqueeze(1);
            return new Variable[] {saved(0).softmax(1).sub(Variable.of(targetDistribution)).mul(rowWeight)};
        }
    }
}
