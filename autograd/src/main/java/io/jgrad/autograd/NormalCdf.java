package io.jgrad.autograd;

/** {@code Φ(x) = (1 + erf(x / √2)) / 2}, the standard normal CDF, needed by GELU's gradient. */
final class NormalCdf extends Function {
    private static final float INV_SQRT2 = 0.70710678f;
    private static final float INV_SQRT_2PI = 0.3989422804f;

    private NormalCdf(Variable x) {
        super("NormalCdf", x);
        save(x);
    }

    static Variable apply(Variable x) {
        var out = x.value().mul(INV_SQRT2).erf().add(1f).mul(0.5f);
        return recording(x) ? new NormalCdf(x).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable x = saved(0);
        return new Variable[] {grad.mul(x.mul(x).mul(-0.5f).exp().mul(INV_SQRT_2PI))};
    }
}
