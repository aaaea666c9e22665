package io.jgrad.autograd;

import io.jgrad.tensor.Shape;

/** Summing a broadcast value back to a smaller shape; the gradient of broadcasting. */
final class SumTo extends Function {
    private final Shape inputShape;

    private SumTo(Variable x) {
        super("SumTo", x);
        this.inputShape = x.shape();
    }

    static Variable apply(Variable x, Shape target) {
        var out = x.value().sumTo(target);
        return recording(x) ? new SumTo(x).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.expand(inputShape.toArray())};
    }
}
