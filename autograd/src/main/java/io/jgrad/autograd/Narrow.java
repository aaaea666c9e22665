package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/** A slice of one dimension; the gradient pads the output gradient with zeros back to full size. */
final class Narrow extends Function {
    private final int dim;
    private final int start;
    private final int size;

    private Narrow(Variable x, int dim, int start) {
        super("Narrow", x);
        this.dim = dim;
        this.start = start;
        this.size = x.shape().size(dim);
    }

    static Variable apply(Variable x, int dim, int start, int length) {
        Tensor out = x.value().narrow(dim, start, length);
        if (!recording(x)) {
            return Variable.of(out);
        }
        int d = x.shape().normalize(dim);
        int s = start < 0 ? start + x.shape().size(d) : start;
        return new Narrow(x, d, s).output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        int length = grad.shape().size(dim);
        Variable before = zeros(grad, start);
        Variable after = zeros(grad, size - start - length);
        return new Variable[] {Variable.cat(dim, before, grad, after)};
    }

    private Variable zeros(Variable like, int length) {
        int[] dims = like.shape().toArray();
        dims[dim] = length;
        return Variable.of(Tensor.zeros(dims));
    }
}
