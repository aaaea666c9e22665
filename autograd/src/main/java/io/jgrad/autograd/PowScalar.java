package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/**
 * {@code base ^ c} for a constant {@code c}, as PyTorch's {@code pow(Tensor, Scalar)}: the
 * values of {@link Tensor#pow(float)} (arithmetic for PyTorch's special exponents, as
 * BatchNorm's and LayerNorm's {@code pow(-0.5)}), and the gradient {@code c·base^(c-1)}, itself
 * computed that way, and 0 where {@code c} is 0.
 */
final class PowScalar extends Function {
    private final float exponent;

    private PowScalar(Variable base, float exponent) {
        super("Pow", base);
        this.exponent = exponent;
        save(base);
    }

    static Variable apply(Variable base, float exponent) {
        Tensor out = base.value().pow(exponent);
        return recording(base) ? new PowScalar(base, exponent).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable base = saved(0);
        if (exponent == 0) {
            return new Variable[] {Variable.of(Tensor.zeros(base.shape().toArray()))};
        }
        return new Variable[] {grad.mul(base.pow(exponent - 1).mul(exponent))};
    }
}
