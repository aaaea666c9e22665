package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/**
 * A loss of class scores against class indices in PyTorch's layouts: input {@code [N, C]} with
 * target {@code [N]}, {@code [C]} with a scalar target, or {@code [N, C, d...]} with target
 * {@code [N, d...]}. Targets equal to the ignore index contribute nothing, and the mean is over
 * the others, weighted by their classes' weights when the loss has them. Subclasses give the
 * loss of each row of {@code [N, C]}.
 */
abstract sealed class ClassIndexLoss extends Loss permits CrossEntropyLoss, NLLLoss {
    private final String name;
    private final int ignoreIndex;
    private final Tensor weight;

    /** @throws IllegalArgumentException if {@code weight} is not 1-D or has a negative or non-finite entry */
    ClassIndexLoss(String name, Reduction reduction, int ignoreIndex, Tensor weight) {
        super(reduction);
        if (weight != null) {
            if (weight.rank() != 1) {
                throw new IllegalArgumentException(name + " needs class weights [C], got shape " + weight.shape());
            }
            for (float w : weight.toArray()) {
                if (!(w >= 0 && w < Float.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException(name + " needs finite class weights >= 0, got " + w);
                }
            }
        }
        this.name = name;
        this.ignoreIndex = ignoreIndex;
        // A copy: the caller's tensor may change, a loss may not.
        this.weight = weight == null ? null : weight.copy();
    }

    /** The class weights {@code [C]}, or null for none; subclasses must not change them. */
    final Tensor classWeights() {
        return weight;
    }

    /** The loss of each row of {@code rows} ({@code [N, C]}), 0 for ignored rows: {@code [N]}. */
    abstract Variable perRow(Variable rows, ClassTargets targets);

    /**
     * @throws IllegalArgumentException if the shapes do not fit one of the layouts above, or a
     *     target is not a whole number
     * @throws IndexOutOfBoundsException naming the first target outside {@code [0, C)}
     */
    @Override
    public final Variable forward(Variable input, Tensor target) {
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
        ClassTargets targets = ClassTargets.of(name, input.shape(), target, ignoreIndex, weight);
        Variable perRow = perRow(input, targets);
        return reduction() == Reduction.MEAN ? targets.mean(perRow) : reduce(perRow);
    }

    /** @throws IllegalArgumentException unless the target's shape is the input's without its class dimension */
    private void requireTargetShape(Shape input, Shape target) {
        int classDim = input.rank() == 1 ? 0 : 1;
        int[] expected = new int[input.rank() - 1];
        for (int i = 0, j = 0; i < input.rank(); i++) {
            if (i != classDim) {
                expected[j++] = input.size(i);
            }
        }
        if (!target.equals(Shape.of(expected))) {
            throw new IllegalArgumentException(name + " needs input [N, C, d...] and target [N, d...], or input"
                    + " [C] and a scalar target, got " + input + " and " + target);
        }
    }
}
