package io.jgrad.nn;

import io.jgrad.autograd.Function;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/**
 * Binary cross-entropy on logits, {@code -[t log σ(x) + (1 - t) log(1 - σ(x))]}, computed
 * stably as {@code max(x, 0) - x t + log(1 + e^-|x|)}, as PyTorch's {@code nn.BCEWithLogitsLoss};
 * input and target (probabilities in [0, 1]) of one shape.
 */
public final class BCEWithLogitsLoss extends Loss {
    /** With mean reduction. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public BCEWithLogitsLoss(Reduction reduction) {
        super(reduction);
    }

    /** @throws IllegalArgumentException if the shapes differ */
    @Override
    public Variable forward(Variable input, Tensor target) {
        requireSameShape("BCEWithLogitsLoss", input, target);
        return reduce(Elementwise.apply(input, target));
    }

    /** The per-element loss with its gradient {@code σ(x) - t}, exact at x = 0 where a composition of abs and relu is not. */
    private static final class Elementwise extends Function {
        private Elementwise(Variable input, Tensor target) {
            super("BCEWithLogits", input);
            // The target is saved too, so that changing it in place before backward is caught.
            save(input, Variable.of(target));
        }

        static Variable apply(Variable input, Tensor target) {
            Tensor x = input.value();
            Tensor out = x.relu().sub(x.mul(target)).add(x.abs().neg().exp().add(1f).log());
            return recording(input) ? new Elementwise(input, target).output(out) : Variable.of(out);
        }

        @Override
        protected Variable[] backward(Variable grad) {
            return new Variable[] {grad.mul(saved(0).sigmoid().sub(saved(1)))};
        }
    }
}
