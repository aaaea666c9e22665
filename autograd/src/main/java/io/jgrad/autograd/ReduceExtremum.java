package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/**
 * The maximum or minimum over a dimension. As the values of PyTorch's {@code max(dim)}, the
 * gradient goes to the one element that {@code argmax} (or {@code argmin}) picks: the first
 * extreme, or the first NaN.
 */
final class ReduceExtremum extends Function {
    private final int dim;
    private final boolean keepDim;
    private final Shape inputShape;
    private final Tensor index;

    private ReduceExtremum(Variable x, int dim, boolean keepDim, Tensor index, boolean max) {
        super(max ? "Max" : "Min", x);
        this.dim = dim;
        this.keepDim = keepDim;
        this.inputShape = x.shape();
        this.index = index;
    }

    static Variable apply(Variable x, int dim, boolean keepDim, boolean max) {
        Tensor v = x.value();
        Tensor kept = max ? v.max(dim, true) : v.min(dim, true);
        Tensor out = keepDim ? kept : kept.squeeze(dim);
        if (!recording(x)) {
            return Variable.of(out);
        }
        Tensor index = max ? v.argmax(dim, true) : v.argmin(dim, true);
        return new ReduceExtremum(x, x.shape().normalize(dim), keepDim, index, max).output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable g = keepDim ? grad : grad.unsqueeze(dim);
        return new Variable[] {Variable.of(Tensor.zeros(inputShape.toArray())).scatterAdd(dim, index, g)};
    }
}
