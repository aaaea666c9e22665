package io.jgrad.autograd;

import io.jgrad.tensor.Shape;

/**
 * {@code a * b}, element-wise and broadcast. Each operand is read back only for the other's
 * gradient, so changing one in place before backward matters only if the other needs a
 * gradient, as in PyTorch.
 */
final class Mul extends Function {
    private final Shape aShape;
    private final Shape bShape;

    private Mul(Variable a, Variable b) {
        super("Mul", a, b);
        this.aShape = a.shape();
        this.bShape = b.shape();
        save(a, b);
    }

    static Variable apply(Variable a, Variable b) {
        var out = a.value().mul(b.value());
        return recording(a, b) ? new Mul(a, b).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {
            needsGrad(0) ? grad.mul(saved(1)).sumTo(aShape) : null,
            needsGrad(1) ? grad.mul(saved(0)).sumTo(bShape) : null};
    }
}
