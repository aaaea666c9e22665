package io.jgrad.autograd;

/** {@code √x}, whose derivative {@code 1 / (2√x)} is cheapest from its own output. */
final class Sqrt extends Function {
    private Sqrt(Variable x) {
        super("Sqrt", x);
    }

    static Variable apply(Variable x) {
        var out = x.value().sqrt();
        return recording(x) ? new Sqrt(x).savedOutput(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.div(saved(0).mul(2f))};
    }
}
