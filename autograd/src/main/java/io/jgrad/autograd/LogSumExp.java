package io.jgrad.autograd;

/** {@code log Σ exp(x)} over a dimension; its gradient is the softmax. */
final class LogSumExp extends Function {
    private final int dim;
    private final boolean keepDim;

    private LogSumExp(Variable x, int dim, boolean keepDim) {
        super("LogSumExp", x);
        this.dim = dim;
        this.keepDim = keepDim;
        save(x);
    }

    static Variable apply(Variable x, int dim, boolean keepDim) {
        var out = x.value().logSumExp(dim, keepDim);
        return recording(x) ? new LogSumExp(x, x.shape().normalize(dim), keepDim).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable g = keepDim ? grad : grad.unsqueeze(dim);
        return new Variable[] {g.mul(saved(0).softmax(dim))};
    }
}
