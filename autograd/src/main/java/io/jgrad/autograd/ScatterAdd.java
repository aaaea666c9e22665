package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** Adding a source into a copy of a base at indexed positions; the gradient of {@link Gather}. */
final class ScatterAdd extends Function {
    private final int dim;
    private final Shape baseShape;

    private ScatterAdd(Variable base, int dim, Tensor index, Variable source) {
        super("ScatterAdd", base, source);
        this.dim = dim;
        this.baseShape = base.shape();
        // Saved, so that an index changed in place before backward is caught, not gathered from.
        save(Variable.of(index));
    }

    static Variable apply(Variable base, int dim, Tensor index, Variable source) {
        Tensor out = base.value().scatterAdd(dim, index, source.value());
        return recording(base, source) ? new ScatterAdd(base, dim, index, source).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {
            needsGrad(0) ? grad.reshape(baseShape.toArray()) : null,
            needsGrad(1) ? grad.gather(dim, saved(0).value()) : null};
    }
}
