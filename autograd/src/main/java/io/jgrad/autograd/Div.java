package io.jgrad.autograd;

import io.jgrad.tensor.Shape;

/**
 * {@code a / b}, element-wise and broadcast. The dividend is read back only for the divisor's
 * gradient, so changing it in place before backward matters only then, as in PyTorch.
 */
final class Div extends Function {
    private final Shape aShape;
    private final Shape bShape;

    private Div(Variable a, Variable b) {
        super("Div", a, b);
        this.aShape = a.shape();
        this.bShape = b.shape();
        save(a, b);
    }

    static Variable apply(Variable a, Variable b) {
        var out = a.value().div(b.value());
        return recording(a, b) ? new Div(a, b).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable b = saved(1);
        Variable gradA = grad.div(b);
        return new Variable[] {
            needsGrad(0) ? gradA.sumTo(aShape) : null,
            needsGrad(1) ? gradA.mul(saved(0)).div(b).neg().sumTo(bShape) : null};
    }
}
