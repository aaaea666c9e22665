package io.jgrad.nn;

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
            if (t[i] != Math.rint(t[i]) || t[i] < 0 || t[i] >= classes) {
                throw new IndexOutOfBoundsException(loss + ": target " + t[i] + " at position " + i
                        + " is not a class index in [0, " + classes + ")");
            }
            indices[i] = t[i];
            kept[i] = 1f;
            count++;
        }
        return new ClassTargets(Tensor.of(indices, t.length), Tensor.of(kept, t.length), count);
    }
}
