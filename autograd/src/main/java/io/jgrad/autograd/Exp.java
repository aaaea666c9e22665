package io.jgrad.autograd;

/** {@code e ^ x}, whose derivative is its own output. */
final class Exp extends Function {
    private Exp(Variable x) {
        super("Exp", x);
    }

    static Variable apply(Variable x) {
        var out = x.value().exp();
        if (!recording(x)) {
            return Variable.of(out);
        }
        Exp node = new Exp(x);
        Variable result = node.output(out);
        node.save(result);
        return result;
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.mul(saved(0))};
    }
}
