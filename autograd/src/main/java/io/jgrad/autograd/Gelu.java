package io.jgrad.autograd;

/**
 * {@code x Φ(x)}. Its derivative {@code Φ(x) + x φ(x)} is written with differentiable ops
 * (Φ being {@link NormalCdf}), so higher orders work.
 */
final class Gelu extends Function {
    private static final float INV_SQRT_2PI = 0.3989422804f;

    private Gelu(Variable x) {
        super("Gelu", x);
        save(x);
    }

    static Variable apply(Variable x) {
        var out = x.value().gelu();
        return recording(x) ? new Gelu(x).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable x = saved(0);
        Variable pdf = x.mul(x).mul(-0.5f).exp().mul(INV_SQRT_2PI);
        return new Variable[] {grad.mul(NormalCdf.apply(x).add(x.mul(pdf)))};
    }
}
