package io.jgrad.autograd;

/** {@code |x|}; the gradient at 0 is 0. */
final class Abs extends Function {
    private Abs(Variable x) {
        super("Abs", x);
        save(x);
    }

    static Variable apply(Variable x) {
        var out = x.value().abs();
        return recording(x) ? new Abs(x).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.mul(Variable.of(saved(0).value().sign()))};
    }
}
