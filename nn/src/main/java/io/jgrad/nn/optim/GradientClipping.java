package io.jgrad.nn.optim;

import io.jgrad.autograd.Variable;
import java.util.List;

/** Rescaling gradients before an optimizer step, as PyTorch's {@code clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales all gradients in place by {@code maxNorm / (norm + 1e-6)} when their joint L2 norm
     * exceeds {@code maxNorm}, or is NaN (then every gradient becomes NaN, as in PyTorch);
     * parameters without a gradient are skipped.
     *
     * @return the joint norm before clipping
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
     */
    public static double clipGradNorm(List<Variable> parameters, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("maxNorm must be non-negative, got " + maxNorm);
        }
        double squares = 0;
        for (Variable p : parameters) {
            if (p.grad() != null) {
                var g = p.grad().value();
                squares += g.mul(g).sum().item();
            }
        }
        double norm = Math.sqrt(squares);
        double scale = maxNorm / (norm + 1e-6);
        // As PyTorch, which multiplies by the clamped factor: a NaN norm makes every gradient NaN.
        if (!(scale >= 1)) {
            for (Variable p : parameters) {
                if (p.grad() != null) {
                    p.grad().value().mulInPlace((float) scale);
                }
            }
        }
        return norm;
    }
}
