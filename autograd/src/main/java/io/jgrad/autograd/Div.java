package io.jgrad.autograd;

/** {@code a / b}, element-wise and broadcast. */
final class Div extends Function {
    private Div(Variable a, Variable b) {
        super("Div", a, b);
        save(a, b);
    }

    static Variable apply(Variable a, Variable b) {
        var out = a.value().div(b.value());
        return recording(a, b) ? new Div(a, b).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable a = saved(0), b = saved(1);
        Variable gradA = grad.div(b);
        return new Variable[] {
            needsGrad(0) ? gradA.sumTo(a.shape()) : null,
            needsGrad(1) ? gradA.mul(a).div(b).neg().sumTo(b.shape()) : null};
    }
}
