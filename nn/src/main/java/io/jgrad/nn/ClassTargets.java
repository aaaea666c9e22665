package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/**
 * Validated class-index targets for a {@code [N, C]} input: the indices (ignored rows point
 * at class 0 so that gathering stays in range), a 0/1 mask of the rows that count, and their number.
 */
record ClassTargets(Tensor indices, Tensor kept, int keptCount) {
    static ClassTargets of(String loss, Shape input, Tensor target, int ignoreIndex) {
        if (input.rank() != 2 || target.shape().rank() != 1 || target.shape().size(0) != input.size(0)) {
            throw new IllegalArgumentException(loss + " needs input [N, C] and target [N], got " + input + " and "
                    + target.shape());
        }
        int classes = input.size(1);
        float[] t = target.toArray();
        float[] indices = new float[t.length];
        float[] kept = new float[t.length];
        int count = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == ignoreIndex) {
                continue;
            }
            if (t[i] != Math.rint(t[i])) {
                throw new IllegalArgumentException(loss + ": target " + t[i] + " at position " + i
                        + " is not a whole number; expected a class index in [0, " + classes + ")");
            }
            if (t[i] < 0 || t[i] >= classes) {
                throw new IndexOutOfBoundsException(loss + ": target " + t[i] + " at position " + i
                        + " is not a class index in [0, " + classes + ")");
            }
            indices[i] = t[i];
            kept[i] = 1f;
            count++;
        }
        return new ClassTargets(Tensor.of(indices, t.length), Tensor.of(kept, t.length), count);
    }

    /**
     * The mean of the kept rows' losses. With none kept it is NaN, as PyTorch's, but its
     * gradient is zero rather than NaN, so that a batch of ignored rows leaves the weights alone.
     */
    Variable mean(Variable perRow) {
        Variable sum = perRow.sum();
        return keptCount > 0 ? sum.div(keptCount) : sum.mul(0f).add(Float.NaN);
    }
}
