package io.jgrad.nn.data;

import io.jgrad.tensor.Tensor;

/**
 * A finite, indexable collection of examples, each a tuple of tensors (for instance an image
 * and its label), as PyTorch's map-style {@code Dataset}.
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /**
     * The example at {@code index}: the same number of tensors, of the same shapes, for every index.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
     */
    Tensor[] get(int index);

    /**
     * The examples at {@code indices}, stacked: element {@code k} of the result has a new
     * leading dimension of {@code indices.length}. Datasets held in tensors override this with
     * one gather per field.
     *
     * @throws IndexOutOfBoundsException if an index is out of range
     * @throws IllegalArgumentException if {@code indices} is empty
     * @throws IllegalStateException if {@link #get} returns null, or examples with different
     *     numbers of fields
     */
    default Tensor[] batch(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one index");
        }
        Tensor[][] examples = new Tensor[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            examples[i] = get(indices[i]);
            if (examples[i] == null) {
                throw new IllegalStateException("get(" + indices[i] + ") returned null, expected the example's fields");
            }
            if (examples[i].length != examples[0].length) {
                throw new IllegalStateException("get(" + indices[i] + ") returned " + examples[i].length + " fields, but get("
                        + indices[0] + ") " + examples[0].length + "; every example needs the same fields");
            }
        }
        Tensor[] out = new Tensor[examples[0].length];
        for (int field = 0; field < out.length; field++) {
            Tensor[] column = new Tensor[indices.length];
            for (int i = 0; i < indices.length; i++) {
                column[i] = examples[i][field];
            }
            out[field] = Tensor.stack(0, column);
        }
        return out;
    }
}
