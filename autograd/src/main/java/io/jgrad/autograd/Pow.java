package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/**
 * {@code base ^ exponent}, element-wise and broadcast. As in PyTorch, the gradient is 0
 * where the formulas would give 0·∞: for the base where the exponent is 0, and for the
 * exponent where the base is 0 and the exponent not negative.
 */
final class Pow extends Function {
    private Pow(Variable base, Variable exponent) {
        super("Pow", base, exponent);
        save(base, exponent);
    }

    static Variable apply(Variable base, Variable exponent) {
        var out = base.value().pow(exponent.value());
        return recording(base, exponent) ? new Pow(base, exponent).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable base = saved(0), exponent = saved(1);
        Variable zero = Variable.scalar(0f);
        Variable gradBase = null;
        Variable gradExponent = null;
        if (needsGrad(0)) {
            Tensor constant = exponent.value().eq(0f);
            gradBase = Variable.where(constant, zero, grad.mul(exponent).mul(base.pow(exponent.sub(1f))));
        }
        if (needsGrad(1)) {
            Tensor flat = base.value().eq(0f).mul(exponent.value().ge(Tensor.scalar(0f)));
            gradExponent = Variable.where(flat, zero, grad.mul(base.pow(exponent)).mul(base.log()));
        }
        return new Variable[] {
            gradBase == null ? null : gradBase.sumTo(base.shape()),
            gradExponent == null ? null : gradExponent.sumTo(exponent.shape())};
    }
}
