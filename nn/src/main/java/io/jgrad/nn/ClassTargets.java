package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/**
 * Validated class-index targets for a {@code [N, C]} input: the indices (ignored rows point
 * at class 0 so that gathering stays in range), a 0/1 mask of the rows that count, each row's
 * class weight ({@code weight[target]}, 1 without class weights, 0 when ignored), and the
 * rows' total weight, which the mean divides by.
 */
record ClassTargets(Tensor indices, Tensor kept, Tensor rowWeights, double totalWeight) {
    /**
     * @param weight the class weights {@code [C]}, or null for none
     * @throws IllegalArgumentException if the shapes do not fit, a target is not a whole number,
     *     or the weights are not {@code [C]}
     * @throws IndexOutOfBoundsException naming the first target outside {@code [0, C)}
     */
    static ClassTargets of(String loss, Shape input, Tensor target, int ignoreIndex, Tensor weight) {
        if (input.rank() != 2 || target.shape().rank() != 1 || target.shape().size(0) != input.size(0)) {
            throw new IllegalArgumentException(loss + " needs input [N, C] and target [N], got " + input + " and "
                    + target.shape());
        }
        int classes = input.size(1);
        if (weight != null && !weight.shape().equals(Shape.of(classes))) {
            throw new IllegalArgumentException(loss + " needs a class weight per class, [" + classes + "], got "
                    + weight.shape());
        }
        float[] w = weight == null ? null : weight.toArray();
        float[] t = target.toArray();
        float[] indices = new float[t.length];
        float[] kept = new float[t.length];
        float[] rowWeights = new float[t.length];
        double total = 0;
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
            rowWeights[i] = w == null ? 1f : w[(int) t[i]];
            total += rowWeights[i];
        }
        return new ClassTargets(Tensor.of(indices, t.length), Tensor.of(kept, t.length), Tensor.of(rowWeights, t.length),
                total);
    }

    /**
     * The kept rows' losses summed and divided by their total weight (their number, without
     * class weights), as PyTorch's mean. With no weight kept (every row ignored, or every kept
     * target's class weighted 0) it is NaN, as PyTorch's, but its gradient is zero rather than
     * PyTorch's NaN, so that such a batch leaves the weights alone.
     */
    Variable mean(Variable perRow) {
        Variable sum = perRow.sum();
        return totalWeight > 0 ? sum.div((float) totalWeight) : sum.mul(0f).add(Float.NaN);
    }
}
