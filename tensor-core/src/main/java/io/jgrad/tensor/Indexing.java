package io.jgrad.tensor;

import java.util.Arrays;

/** Joining tensors and picking elements by index: the bodies of {@link Tensor}'s cat, gather and kin. */
final class Indexing {
    private Indexing() {
    }

    static Tensor cat(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("cat needs at least one tensor");
        }
        Shape first = tensors[0].shape();
        int d = first.normalize(dim);
        int total = 0;
        for (Tensor t : tensors) {
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("cat needs tensors of equal rank, got shapes " + first + " and "
                        + t.shape());
            }
            for (int i = 0; i < first.rank(); i++) {
                if (i != d && t.shape().dims()[i] != first.dims()[i]) {
                    throw new IllegalArgumentException("cat along dimension " + d + " needs equal sizes elsewhere, got shapes "
                            + first + " and " + t.shape());
                }
            }
            total += t.shape().dims()[d];
        }
        int[] dims = first.toArray();
        dims[d] = total;
        Tensor out = Tensor.allocate(Shape.of(dims));
        int start = 0;
        for (Tensor t : tensors) {
            Tensor.copyInto(out.narrow(d, start, t.size(d)), t);
            start += t.size(d);
        }
        return out;
    }

    static Tensor stack(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack needs at least one tensor");
        }
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].shape().equals(tensors[0].shape())) {
                throw new IllegalArgumentException("stack needs tensors of one shape, got " + tensors[0].shape()
                        + " and " + tensors[i].shape());
            }
            expanded[i] = tensors[i].unsqueeze(dim);
        }
        return cat(Shape.normalize(dim, tensors[0].rank() + 1), expanded);
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = x.shape().normalize(dim);
        checkIndexShape(x, d, index, "gather");
        Tensor out = Tensor.allocate(index.shape());
        int[] sourceStrides = x.strides();
        sourceStrides[d] = 0;
        int step = x.stridesView()[d];
        int limit = x.size(d);
        float[] o = out.data(), idx = index.data(), src = x.data();
        StridedLoop.forEachRow(index.shape().dims(), new int[][] {out.stridesView(), index.stridesView(), sourceStrides},
                new int[] {0, index.offset(), x.offset()},
                (n, off, st) -> {
                    for (int i = 0; i < n; i++) {
                        int at = toIndex(idx[off[1] + i * st[1]], limit, d);
                        o[off[0] + i * st[0]] = src[off[2] + i * st[2] + at * step];
                    }
                });
        return out;
    }

    static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor source) {
        int d = x.shape().normalize(dim);
        if (!index.shape().equals(source.shape())) {
            throw new IllegalArgumentException("scatterAdd needs index and source of one shape, got " + index.shape()
                    + " and " + source.shape());
        }
        checkIndexShape(x, d, index, "scatterAdd");
        Tensor out = x.copy();
        int[] targetStrides = out.strides();
        targetStrides[d] = 0;
        int step = out.stridesView()[d];
        int limit = x.size(d);
        float[] o = out.data(), idx = index.data(), src = source.data();
        StridedLoop.forEachRow(index.shape().dims(), new int[][] {targetStrides, index.stridesView(), source.stridesView()},
                new int[] {0, index.offset(), source.offset()},
                (n, off, st) -> {
                    for (int i = 0; i < n; i++) {
                        int at = toIndex(idx[off[1] + i * st[1]], limit, d);
                        o[off[0] + i * st[0] + at * step] += src[off[2] + i * st[2]];
                    }
                });
        return out;
    }

    private static void checkIndexShape(Tensor x, int d, Tensor index, String op) {
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException(op + " needs an index of rank " + x.rank() + ", got shape " + index.shape());
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != d && index.shape().dims()[i] > x.shape().dims()[i]) {
                throw new IllegalArgumentException(op + " index shape " + index.shape() + " exceeds input shape "
                        + x.shape() + " at dimension " + i);
            }
        }
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = x.shape().normalize(dim);
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect needs a 1-D index, got shape " + index.shape());
        }
        int[] picks = new int[index.numel()];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = toIndex(index.get(i), x.size(d), d);
        }
        return slices(x, d, picks);
    }

    static Tensor indexSelect(Tensor x, int dim, int[] indices) {
        int d = x.shape().normalize(dim);
        if (indices == null) {
            throw new IllegalArgumentException("indexSelect needs indices, got null");
        }
        int[] picks = indices.clone();
        for (int pick : picks) {
            checkRange(pick, x.size(d), d);
        }
        return slices(x, d, picks);
    }

    /** The slices {@code picks} (each in range) of dimension {@code d}, in that order. */
    private static Tensor slices(Tensor x, int d, int[] picks) {
        int[] dims = x.shape().toArray();
        int n = picks.length;
        dims[d] = n;
        Tensor out = Tensor.allocate(Shape.of(dims));
        if (x.isContiguous()) {
            // Each pick is one block of the dimensions after d per index of those before it: a
            // data loader's batch of images is n copies of one image each, not n view copies.
            int inner = 1;
            for (int k = d + 1; k < dims.length; k++) {
                inner *= dims[k];
            }
            int outer = out.numel() == 0 ? 0 : out.numel() / (n * inner);
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < outer; o++) {
                    System.arraycopy(x.data(), x.offset() + (o * x.size(d) + picks[i]) * inner, out.data(),
                            (o * n + i) * inner, inner);
                }
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            Tensor.copyInto(out.select(d, i), x.select(d, picks[i]));
        }
        return out;
    }

    static Tensor oneHot(Tensor indices, int numClasses) {
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be non-negative, got " + numClasses);
        }
        float[] flat = indices.toArray();
        int[] dims = Arrays.copyOf(indices.shape().dims(), indices.rank() + 1);
        dims[indices.rank()] = numClasses;
        Tensor out = Tensor.allocate(Shape.of(dims));
        float[] o = out.data();
        for (int i = 0; i < flat.length; i++) {
            o[i * numClasses + toIndex(flat[i], numClasses, -1)] = 1f;
        }
        return out;
    }

    private static int toIndex(float value, int size, int dim) {
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException("indices must be whole numbers, got " + value);
        }
        checkRange((long) value, size, dim);
        return (int) value;
    }

    private static void checkRange(long index, int size, int dim) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for "
                    + (dim < 0 ? size + " classes" : "dimension " + dim + " of size " + size));
        }
    }
}
