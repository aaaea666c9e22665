package io.jgrad.autograd;

/**
 * The matrix product of operands of rank 2 or more (batched, broadcast); {@link Variable#matmul}
 * turns vectors into matrices first. Gradients: {@code G·Bᵀ} and {@code Aᵀ·G}, summed over
 * broadcast batch dimensions. The transposes are views: the kernel reads them in place.
 */
final class Matmul extends Function {
    private Matmul(Variable a, Variable b) {
        super("Matmul", a, b);
        save(a, b);
    }

    static Variable apply(Variable a, Variable b) {
        var out = a.value().matmul(b.value());
        return recording(a, b) ? new Matmul(a, b).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable a = saved(0), b = saved(1);
        return new Variable[] {
            needsGrad(0) ? grad.matmul(b.transpose(-1, -2)).sumTo(a.shape()) : null,
            needsGrad(1) ? a.transpose(-1, -2).matmul(grad).sumTo(b.shape()) : null};
    }
}
