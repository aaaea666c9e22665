package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.Arrays;

/** Whole slices of a dimension picked by a 1-D index; the gradient adds each slice back where it came from. */
final class IndexSelect extends Function {
    private final int dim;
    private final Shape inputShape;

    private IndexSelect(Variable x, int dim, Tensor index) {
        super("IndexSelect", x);
        this.dim = dim;
        this.inputShape = x.shape();
        // Saved, so that an index changed in place before backward is caught, not scattered to.
        save(Variable.of(index));
    }

    static Variable apply(Variable x, int dim, Tensor index) {
        Tensor out = x.value().indexSelect(dim, index);
        return recording(x) ? new IndexSelect(x, x.shape().normalize(dim), index).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Tensor index = saved(0).value();
        // Stretch the 1-D index along every other dimension to scatter whole slices.
        int[] alongDim = new int[inputShape.rank()];
        Arrays.fill(alongDim, 1);
        alongDim[dim] = index.numel();
        Tensor fullIndex = index.reshape(alongDim).expand(grad.shape().toArray());
        return new Variable[] {Variable.of(Tensor.zeros(inputShape.toArray())).scatterAdd(dim, fullIndex, grad)};
    }
}
