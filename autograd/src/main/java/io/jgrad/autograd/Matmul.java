package io.jgrad.autograd;

import io.jgrad.tensor.Shape;

/**
 * The matrix product of operands of rank 2 or more (batched, broadcast); {@link Variable#matmul}
 * turns vectors into matrices first. Gradients: {@code G·Bᵀ} and {@code Aᵀ·G}, summed over
 * broadcast batch dimensions. The transposes are views: the kernel reads them in place.
 *
 * <p>Each gradient is produced in its operand's layout, as PyTorch does: for a weight used
 * transposed ({@code x·Wᵀ}), {@code dWᵀ} is computed as {@code (Gᵀ·x)ᵀ}, a transposed view, so
 * that the transpose's own backward turns it back into a contiguous {@code dW} instead of
 * leaving a strided gradient that costs a slow transposing copy later.
 *
 * <p>Each operand is read back only for the other's gradient, so changing one in place before
 * backward (a weight updated early) matters only if the other needs a gradient, as in PyTorch.
 */
final class Matmul extends Function {
    private final Shape aShape;
    private final Shape bShape;
    private final boolean aColumnMajor;
    private final boolean bColumnMajor;

    private Matmul(Variable a, Variable b) {
        super("Matmul", a, b);
        this.aShape = a.shape();
        this.bShape = b.shape();
        this.aColumnMajor = columnMajor(a);
        this.bColumnMajor = columnMajor(b);
        save(a, b);
    }

    static Variable apply(Variable a, Variable b) {
        var out = a.value().matmul(b.value());
        return recording(a, b) ? new Matmul(a, b).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable gradA = null;
        Variable gradB = null;
        if (needsGrad(0)) {
            Variable b = saved(1);
            gradA = aColumnMajor ? b.matmul(grad.transpose(-1, -2)).transpose(-1, -2)
                    : grad.matmul(b.transpose(-1, -2));
        }
        if (needsGrad(1)) {
            Variable a = saved(0);
            gradB = bColumnMajor ? grad.transpose(-1, -2).matmul(a).transpose(-1, -2)
                    : a.transpose(-1, -2).matmul(grad);
        }
        return new Variable[] {
            gradA == null ? null : gradA.sumTo(aShape),
            gradB == null ? null : gradB.sumTo(bShape)};
    }

    /** Whether the last two dimensions are stored transposed (a {@code .t()} of a contiguous matrix). */
    private static boolean columnMajor(Variable v) {
        int[] strides = v.value().strides();
        int rank = strides.length;
        return strides[rank - 2] == 1 && strides[rank - 1] != 1 && v.shape().size(-1) > 1;
    }
}
