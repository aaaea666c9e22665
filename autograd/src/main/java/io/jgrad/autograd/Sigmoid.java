package io.jgrad.autograd;

/** {@code 1 / (1 + e^-x)}, whose derivative is {@code s (1 - s)} of its output s. */
final class Sigmoid extends Function {
    private Sigmoid(Variable x) {
        super("Sigmoid", x);
    }

    static Variable apply(Variable x) {
        var out = x.value().sigmoid();
        return recording(x) ? new Sigmoid(x).savedOutput(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable s = saved(0);
        return new Variable[] {grad.mul(s.mul(s.neg().add(1f)))};
    }
}
