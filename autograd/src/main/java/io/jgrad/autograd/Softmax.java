package io.jgrad.autograd;

/** {@code exp(x) / Σ exp(x)} along a dimension; gradient {@code s (g - Σ g s)} from its output s. */
final class Softmax extends Function {
    private final int dim;

    private Softmax(Variable x, int dim) {
        super("Softmax", x);
        this.dim = dim;
    }

    static Variable apply(Variable x, int dim) {
        var out = x.value().softmax(dim);
        return recording(x) ? new Softmax(x, x.shape().normalize(dim)).savedOutput(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable s = saved(0);
        return new Variable[] {s.mul(grad.sub(grad.mul(s).sum(dim, true)))};
    }
}
