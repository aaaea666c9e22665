package io.jgrad.autograd;

/** {@code base ^ exponent}, element-wise and broadcast. */
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
        return new Variable[] {
            needsGrad(0) ? grad.mul(exponent).mul(base.pow(exponent.sub(1f))).sumTo(base.shape()) : null,
            needsGrad(1) ? grad.mul(base.pow(exponent)).mul(base.log()).sumTo(exponent.shape()) : null};
    }
}
