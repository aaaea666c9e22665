package io.jgrad.autograd;

/** {@code x - log Σ exp(x)} along a dimension; gradient {@code g - exp(out) Σ g}. */
final class LogSoftmax extends Function {
    private final int dim;

    private LogSoftmax(Variable x, int dim) {
        super("LogSoftmax", x);
        this.dim = dim;
    }

    static Variable apply(Variable x, int dim) {
        var out = x.value().logSoftmax(dim);
        return recording(x) ? new LogSoftmax(x, x.shape().normalize(dim)).savedOutput(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.sub(saved(0).exp().mul(grad.sum(dim, true)))};
    }
}
