package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** Repeating size-1 dimensions as a view; the gradient sums the repeats. */
final class Expand extends Function {
    private final Shape inputShape;

    private Expand(Variable x) {
        super("Expand", x);
        this.inputShape = x.shape();
    }

    static Variable apply(Variable x, Tensor expanded) {
        return recording(x) ? new Expand(x).output(expanded) : Variable.of(expanded);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.sumTo(inputShape)};
    }
}
