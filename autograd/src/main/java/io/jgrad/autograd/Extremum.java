package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** The element-wise maximum or minimum of two variables, broadcast. */
final class Extremum extends Function {
    private final Shape aShape;
    private final Shape bShape;
    private final Tensor aWins;

    private Extremum(Variable a, Variable b, Tensor aWins, boolean max) {
        super(max ? "Maximum" : "Minimum", a, b);
        this.aShape = a.shape();
        this.bShape = b.shape();
        this.aWins = aWins;
    }

    static Variable apply(Variable a, Variable b, boolean max) {
        Tensor x = a.value(), y = b.value();
        Tensor out = max ? x.maximum(y) : x.minimum(y);
        if (!recording(a, b)) {
            return Variable.of(out);
        }
        // The share of the gradient that goes to a: 1 where it won, 1/2 on a tie, as PyTorch.
        Tensor aWins = (max ? x.gt(y) : x.lt(y)).add(x.eq(y).mul(0.5f));
        return new Extremum(a, b, aWins, max).output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable share = Variable.of(aWins);
        return new Variable[] {
            needsGrad(0) ? grad.mul(share).sumTo(aShape) : null,
            needsGrad(1) ? grad.mul(share.neg().add(1f)).sumTo(bShape) : null};
    }
}
