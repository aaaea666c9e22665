package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** {@code x} where a condition holds, {@code y} elsewhere, broadcast. */
final class Where extends Function {
    private final Shape xShape;
    private final Shape yShape;

    private Where(Tensor condition, Variable x, Variable y) {
        super("Where", x, y);
        this.xShape = x.shape();
        this.yShape = y.shape();
        // Saved, so that a condition changed in place before backward is caught, not routed by.
        save(Variable.of(condition));
    }

    static Variable apply(Tensor condition, Variable x, Variable y) {
        Tensor out = Tensor.where(condition, x.value(), y.value());
        return recording(x, y) ? new Where(condition, x, y).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Tensor condition = saved(0).value();
        Variable zero = Variable.scalar(0f);
        return new Variable[] {
            needsGrad(0) ? Variable.where(condition, grad, zero).sumTo(xShape) : null,
            needsGrad(1) ? Variable.where(condition, zero, grad).sumTo(yShape) : null};
    }
}
