package io.jgrad.autograd;

/** Reordering dimensions (transpose too); the gradient applies the inverse order. */
final class Permute extends Function {
    private final int[] inverse;

    private Permute(Variable x, int[] order) {
        super("Permute", x);
        inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[x.shape().normalize(order[i])] = i;
        }
    }

    static Variable apply(Variable x, int[] order) {
        var out = x.value().permute(order);
        return recording(x) ? new Permute(x, order).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.permute(inverse)};
    }
}
