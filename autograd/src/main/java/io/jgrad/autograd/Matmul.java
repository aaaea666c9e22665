package io.jgrad.autograd;

/**
 * The matrix product of operands of rank 2 or more (batched, broadcast); {@link Variable#matmul}
 * turns vectors into matrices first. Gradients: {@code G·Bᵀ} and {@code Aᵀ·G}, summed over
 * broadcast batch dimensions. The transposes are views: the kernel reads them in place.
 *
 * <p>Each gradient is produced in its operand's layout, as PyTorch does: for a weight used
 * transposed ({@code x·Wᵀ}), {@code dWᵀ} is computed as {@code (Gᵀ·x)ᵀ}, a transposed view, so
 * that the transpose's own backward turns it back into a contiguous {@code dW} instead of
 * leaving a strided gradient that costs a slow transposing copy later.
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
        Variable gradA = null;
        Variable gradB = null;
        if (needsGrad(0)) {
            gradA = columnMajor(a) ? b.matmul(grad.transpose(-1, -2)).transpose(-1, -2)
                    : grad.matmul(b.transpose(-1, -2));
        }
        if (needsGrad(1)) {
            gradB = columnMajor(b) ? grad.transpose(-1, -2).matmul(a).transpose(-1, -2)
                    : a.transpose(-1, -2).matmul(grad);
        }
        return new Variable[] {
            gradA == null ? null : gradA.sumTo(a.shape()),
            gradB == null ? null : gradB.sumTo(b.shape())};
    }

    /** Whether the last two dimensions are stored transposed (a {@code .t()} of a contiguous matrix). */
    private static boolean columnMajor(Variable v) {
        int[] strides = v.value().strides();
        int rank = strides.length;
        return strides[rank - 2] == 1 && strides[rank - 1] != 1 && v.shape().size(-1) > 1;
    }
}
