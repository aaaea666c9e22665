package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Checks analytic gradients against central finite differences.
 *
 * <p>A vector-valued function is first reduced to the scalar {@code L = Σ w ⊙ f(x)} with
 * fixed pseudo-random weights {@code w}, so one backward pass checks every output at once.
 * Each input element is then moved by {@code ±step} and
 * {@code (L(x + step) - L(x - step)) / 2 step}, accumulated in double, is compared with the
 * analytic {@code ∂L/∂x}. An element passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}. The defaults (step 1e-2, atol
 * 5e-3, rtol 1e-2) suit float32 on values of order one kept away from kinks and poles: the
 * step is large enough that rounding of float32 outputs stays far below the tolerance, and
 * a wrong formula is typically off by much more.
 */
public final class GradCheck {
    /** A function of variables to check, e.g. {@code xs -> xs[0].mul(xs[1]).sum()}. */
    @FunctionalInterface
    public interface Computation {
        /** Computes the output from fresh input variables. */
        Variable apply(Variable... inputs);
    }

    /**
     * The outcome of a check, with the worst element found.
     *
     * @param passed whether every element was within tolerance
     * @param input which input held the worst element
     * @param index the worst element's index in that input
     * @param analytic the gradient from backward there
     * @param numeric the finite-difference estimate there
     * @param ratio the worst error divided by its tolerance (at most 1 when passed)
     */
    public record Result(boolean passed, int input, int[] index, double analytic, double numeric, double ratio) {
        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + ": worst at input " + input + " index " + Arrays.toString(index)
                    + ": analytic " + analytic + ", numeric " + numeric + " (error/tolerance " + ratio + ")";
        }
    }

    private static final double STEP = 1e-2;
    private static final double ATOL = 5e-3;
    private static final double RTOL = 1e-2;

    private GradCheck() {
    }

    /** Checks {@code f}'s first derivatives at {@code inputs} with the default step and tolerances. */
    public static Result check(Computation f, Tensor... inputs) {
        return check(f, STEP, ATOL, RTOL, inputs);
    }

    /**
     * Checks {@code f}'s first derivatives at {@code inputs}.
     *
     * @throws IllegalArgumentException if no inputs are given or a tolerance is not positive
     */
    public static Result check(Computation f, double step, double atol, double rtol, Tensor... inputs) {
        if (inputs.length == 0 || !(step > 0) || !(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("gradient check needs inputs, a positive step and non-negative tolerances,"
                    + " got " + inputs.length + " inputs, step " + step + ", atol " + atol + ", rtol " + rtol);
        }
        Variable[] xs = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = Variable.of(inputs[i].copy(), true);
        }
        Variable out;
        try (ModeScope scope = GradMode.enableGrad()) {
            out = f.apply(xs);
        }
        Tensor weights = Tensor.rand(new SplittableRandom(7), out.shape().toArray()).mul(2f).sub(1f);
        for (Variable x : xs) {
            x.zeroGrad();
        }
        if (out.requiresGrad()) {
            out.backward(Variable.of(weights), false, false);
        }
        Result worst = null;
        for (int i = 0; i < inputs.length; i++) {
            Tensor base = inputs[i].copy();
            float[] analytic = xs[i].grad() == null ? new float[base.numel()] : xs[i].grad().value().toArray();
            int[] dims = base.shape().toArray();
            for (int flat = 0; flat < base.numel(); flat++) {
                int[] index = unflatten(flat, dims);
                float original = base.get(index);
                double plus = projected(f, inputs, i, index, original + step, weights);
                double minus = projected(f, inputs, i, index, original - step, weights);
                double numeric = (plus - minus) / (2 * step);
                double ratio = Math.abs(analytic[flat] - numeric) / (atol + rtol * Math.abs(numeric));
                if (Double.isNaN(ratio)) {
                    ratio = Double.POSITIVE_INFINITY;
                }
                if (worst == null || ratio > worst.ratio()) {
                    worst = new Result(ratio <= 1, i, index, analytic[flat], numeric, ratio);
                }
            }
        }
        return worst == null ? new Result(true, 0, new int[0], 0, 0, 0) : worst;
    }

    /**
     * Checks {@code f}'s second derivatives: the gradient of {@code Σ v ⊙ ∇f} (a Hessian-vector
     * product, with fixed pseudo-random {@code v}) computed by a backward pass with
     * {@code createGraph}, against finite differences of that gradient-vector product.
     */
    public static Result checkSecondOrder(Computation f, Tensor... inputs) {
        Computation gradientDotV = xs -> {
            try (ModeScope scope = GradMode.enableGrad()) {
                Variable out = f.apply(xs);
                Tensor weights = Tensor.rand(new SplittableRandom(11), out.shape().toArray()).mul(2f).sub(1f);
                for (Variable x : xs) {
                    x.zeroGrad();
                }
                out.backward(Variable.of(weights), true, true);
                Variable total = Variable.scalar(0f);
                for (int i = 0; i < xs.length; i++) {
                    if (xs[i].grad() != null) {
                        Tensor v = Tensor.rand(new SplittableRandom(13 + i), xs[i].shape().toArray()).mul(2f).sub(1f);
                        total = total.add(xs[i].grad().mul(Variable.of(v)).sum());
                    }
                    xs[i].zeroGrad();
                }
                return total;
            }
        };
        return check(gradientDotV, inputs);
    }

    private static double projected(Computation f, Tensor[] inputs, int which, int[] index, double value,
                                    Tensor weights) {
        Variable[] xs = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i].copy();
            if (i == which) {
                t.set((float) value, index);
            }
            xs[i] = Variable.of(t, true);
        }
        float[] out;
        try (ModeScope scope = GradMode.noGrad()) {
            out = f.apply(xs).value().toArray();
        }
        float[] w = weights.toArray();
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            sum += (double) w[k] * out[k];
        }
        return sum;
    }

    private static int[] unflatten(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            index[d] = flat % dims[d];
            flat /= dims[d];
        }
        return index;
    }
}
