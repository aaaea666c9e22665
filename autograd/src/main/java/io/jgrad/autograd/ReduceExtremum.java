package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/** The maximum or minimum over a dimension; the gradient goes to the extreme elements, split evenly on ties. */
final class ReduceExtremum extends Function {
    private final int dim;
    private final boolean keepDim;
    private final Tensor share;

    private ReduceExtremum(Variable x, int dim, boolean keepDim, Tensor share, boolean max) {
        super(max ? "Max" : "Min", x);
        this.dim = dim;
        this.keepDim = keepDim;
        this.share = share;
    }

    static Variable apply(Variable x, int dim, boolean keepDim, boolean max) {
        Tensor v = x.value();
        Tensor kept = max ? v.max(dim, true) : v.min(dim, true);
        Tensor out = keepDim ? kept : kept.squeeze(dim);
        if (!recording(x)) {
            return Variable.of(out);
        }
        Tensor hits = v.eq(kept);
        Tensor share = hits.div(hits.sum(dim, true));
        return new ReduceExtremum(x, x.shape().normalize(dim), keepDim, share, max).output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable g = keepDim ? grad : grad.unsqueeze(dim);
        return new Variable[] {g.mul(Variable.of(share))};
    }
}
