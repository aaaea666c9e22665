package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/** {@code max(x, 0)}; the gradient at 0 is 0. */
final class Relu extends Function {
    private Relu(Variable x) {
        super("Relu", x);
    }

    static Variable apply(Variable x) {
        Tensor out = x.value().relu();
        return recording(x) ? new Relu(x).savedOutput(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Tensor output = saved(0).value();
        if (!GradMode.isEnabled()) {
            return new Variable[] {Variable.of(grad.value().wherePositive(output))};
        }
        // Recorded, for a second derivative: the mask is a constant, so the gradient is linear in grad.
        return new Variable[] {grad.mul(Variable.of(output.gt(0f)))};
    }
}
