package io.jgrad.autograd;

import io.jgrad.tensor.Shape;

/** {@code a - b}, broadcast. */
final class Sub extends Function {
    private final Shape aShape;
    private final Shape bShape;

    private Sub(Variable a, Variable b) {
        super("Sub", a, b);
        this.aShape = a.shape();
        this.bShape = b.shape();
    }

    static Variable apply(Variable a, Variable b) {
        var out = a.value().sub(b.value());
        return recording(a, b) ? new Sub(a, b).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {
            needsGrad(0) ? grad.sumTo(aShape) : null,
            needsGrad(1) ? grad.neg().sumTo(bShape) : null};
    }
}
