package io.jgrad.nn.data;

import io.jgrad.tensor.Tensor;

/**
 * Examples held as rows of tensors that share their first dimension, as PyTorch's
 * {@code TensorDataset}: example {@code i} is {@code (t0[i], t1[i], ...)}.
 */
public final class TensorDataset implements Dataset {
    private final Tensor[] tensors;

    /**
     * @throws IllegalArgumentException if no tensor is given, one is null or a scalar, or their
     *     first sizes differ
     */
    public TensorDataset(Tensor... tensors) {
        if (tensors == null || tensors.length == 0) {
            throw new IllegalArgumentException("TensorDataset needs at least one tensor, got none");
        }
        for (int k = 0; k < tensors.length; k++) {
            Tensor t = tensors[k];
            if (t == null) {
                throw new IllegalArgumentException("TensorDataset needs tensors, but tensor " + k + " is null");
            }
            if (t.rank() == 0) {
                throw new IllegalArgumentException("TensorDataset needs tensors with a first dimension, but tensor " + k
                        + " is a scalar");
            }
            if (t.size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("TensorDataset needs tensors with one first size, got shapes "
                        + tensors[0].shape() + " and " + t.shape());
            }
        }
        this.tensors = tensors.clone();
    }

    @Override
    public int size() {
        return tensors[0].size(0);
    }

    @Override
    public Tensor[] get(int index) {
        Tensor[] out = new Tensor[tensors.length];
        for (int k = 0; k < tensors.length; k++) {
            out[k] = tensors[k].select(0, checkIndex(index));
        }
        return out;
    }

    @Override
    public Tensor[] batch(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one index");
        }
        for (int index : indices) {
            checkIndex(index);
        }
        Tensor[] out = new Tensor[tensors.length];
        for (int k = 0; k < tensors.length; k++) {
            out[k] = tensors[k].indexSelect(0, indices);
        }
        return out;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for a dataset of " + size()
                    + " examples");
        }
        return index;
    }
}
