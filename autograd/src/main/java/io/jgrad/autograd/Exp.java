package io.jgrad.autograd;

/** {@code e ^ x}, whose derivative is its own output. */
final class Exp extends Function {
    private Exp(Variable x) {
        super("Exp", x);
    }

    static Variable apply(Variable x) {
        var out = x.value().exp();
        return recording(x) ? new Exp(x).savedOutput(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.mul(saved(0))};
    }
}
