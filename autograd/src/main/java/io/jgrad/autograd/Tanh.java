package io.jgrad.autograd;

/** The hyperbolic tangent, whose derivative is {@code 1 - t²} of its output t. */
final class Tanh extends Function {
    private Tanh(Variable x) {
        super("Tanh", x);
    }

    static Variable apply(Variable x) {
        var out = x.value().tanh();
        return recording(x) ? new Tanh(x).savedOutput(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable t = saved(0);
        return new Variable[] {grad.mul(t.mul(t).neg().add(1f))};
    }
}
