package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/**
 * The element-wise maximum or minimum of two variables, broadcast. As in PyTorch, each side's
 * gradient is zeroed only where the other side strictly wins and halved on ties, so both sides
 * get the whole gradient where either is NaN.
 */
final class Extremum extends Function {
    private final Shape aShape;
    private final Shape bShape;
    private final Tensor aShare;
    private final Tensor bShare;

    private Extremum(Variable a, Variable b, Tensor aShare, Tensor bShare, boolean max) {
        super(max ? "Maximum" : "Minimum", a, b);
        this.aShape = a.shape();
        this.bShape = b.shape();
        this.aShare = aShare;
        this.bShare = bShare;
    }

    static Variable apply(Variable a, Variable b, boolean max) {
        Tensor x = a.value(), y = b.value();
        Tensor out = max ? x.maximum(y) : x.minimum(y);
        if (!recording(a, b)) {
            return Variable.of(out);
        }
        Tensor halfOnTies = x.eq(y).mul(0.5f);
        Tensor aLoses = max ? x.lt(y) : x.gt(y);
        Tensor bLoses = max ? x.gt(y) : x.lt(y);
        return new Extremum(a, b, aLoses.add(halfOnTies).neg().add(1f), bLoses.add(halfOnTies).neg().add(1f), max)
                .output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {
            needsGrad(0) ? grad.mul(Variable.of(aShare)).sumTo(aShape) : null,
            needsGrad(1) ? grad.mul(Variable.of(bShare)).sumTo(bShape) : null};
    }
}
