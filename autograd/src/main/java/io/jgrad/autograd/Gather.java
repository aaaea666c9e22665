package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** Picking elements along a dimension by index; the gradient scatters back, adding repeats. */
final class Gather extends Function {
    private final int dim;
    private final Tensor index;
    private final Shape inputShape;

    private Gather(Variable x, int dim, Tensor index) {
        super("Gather", x);
        this.dim = dim;
        this.index = index;
        this.inputShape = x.shape();
    }

    static Variable apply(Variable x, int dim, Tensor index) {
        Tensor out = x.value().gather(dim, index);
        return recording(x) ? new Gather(x, dim, index).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {Variable.of(Tensor.zeros(inputShape.toArray())).scatterAdd(dim, index, grad)};
    }
}
