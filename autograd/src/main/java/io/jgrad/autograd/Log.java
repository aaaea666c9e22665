package io.jgrad.autograd;

/** The natural logarithm. */
final class Log extends Function {
    private Log(Variable x) {
        super("Log", x);
        save(x);
    }

    static Variable apply(Variable x) {
        var out = x.value().log();
        return recording(x) ? new Log(x).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.div(saved(0))};
    }
}
