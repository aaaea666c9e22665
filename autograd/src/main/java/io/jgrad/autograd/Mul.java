package io.jgrad.autograd;

/** {@code a * b}, element-wise and broadcast. */
final class Mul extends Function {
    private Mul(Variable a, Variable b) {
        super("Mul", a, b);
        save(a, b);
    }

    static Variable apply(Variable a, Variable b) {
        var out = a.value().mul(b.value());
        return recording(a, b) ? new Mul(a, b).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable a = saved(0), b = saved(1);
        return new Variable[] {
            needsGrad(0) ? grad.mul(b).sumTo(a.shape()) : null,
            needsGrad(1) ? grad.mul(a).sumTo(b.shape()) : null};
    }
}
