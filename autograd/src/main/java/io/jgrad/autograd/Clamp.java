package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/** Each element clamped to {@code [min, max]}. */
final class Clamp extends Function {
    private final Tensor inside;

    private Clamp(Variable x, Tensor inside) {
        super("Clamp", x);
        this.inside = inside;
    }

    static Variable apply(Variable x, float min, float max) {
        Tensor out = x.value().clamp(min, max);
        if (!recording(x)) {
            return Variable.of(out);
        }
        Tensor v = x.value();
        Tensor inside = v.ge(Tensor.scalar(min)).mul(v.le(Tensor.scalar(max)));
        return new Clamp(x, inside).output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.mul(Variable.of(inside))};
    }
}
