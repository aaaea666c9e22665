package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** Picking elements along a dimension by index; the gradient scatters back, adding repeats. */
final class Gather extends Function {
    private final int dim;
    private final Shape inputShape;

    private Gather(Variable x, int dim, Tensor index) {
        super("Gather", x);
        this.dim = dim;
        this.inputShape = x.shape();
        // Saved, so that an index changed in place before backward is caught, not scattered to.
        save(Variable.of(index));
    }

    static Variable apply(Variable x, int dim, Tensor index) {
        Tensor out = x.value().gather(dim, index);
        return recording(x) ? new Gather(x, dim, index).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Tensor index = saved(0).value();
        return new Variable[] {Variable.of(Tensor.zeros(inputShape.toArray())).scatterAdd(dim, index, grad)};
    }
}
