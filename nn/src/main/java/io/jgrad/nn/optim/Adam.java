package io.jgrad.nn.optim;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.AdamKernel;
import io.jgrad.tensor.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adam, following PyTorch's documented rule: {@code g = grad + λp} (L2 weight decay),
 * {@code m = β1·m + (1 - β1)·g}, {@code v = β2·v + (1 - β2)·g²}, then
 * {@code p = p - lr·m̂ / (sqrt(v̂) + ε)} with the bias corrections {@code m̂ = m / (1 - β1^t)},
 * {@code v̂ = v / (1 - β2^t)}. {@link AdamW} decouples the weight decay instead. The moments
 * and the parameter are updated in one pass over memory by {@link AdamKernel}.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /** With PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Variable> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * @throws IllegalArgumentException if a beta is outside {@code [0, 1)} or eps or the weight
     *     decay is negative
     */
    public Adam(List<Variable> parameters, double learningRate, double beta1, double beta2, double eps,
                double weightDecay) {
        super(parameters, learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("eps and weightDecay must be non-negative, got " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** The weight decay λ. */
    protected final double weightDecay() {
        return weightDecay;
    }

    /** The gradient with weight decay applied as Adam does it: added to the gradient. */
    protected Tensor decayedGradient(Tensor parameter, Tensor gradient) {
        return weightDecay == 0 ? gradient : gradient.copy().addInPlace(parameter, (float) weightDecay);
    }

    @Override
    protected Set<String> stateNames() {
        return Set.of("exp_avg", "exp_avg_sq");
    }

    @Override
    protected final void update(int index, Tensor parameter, Tensor gradient) {
        Tensor g = decayedGradient(parameter, gradient);
        Tensor m = stateOrZeros(index, "exp_avg");
        Tensor v = stateOrZeros(index, "exp_avg_sq");
        AdamKernel.step(parameter, g, m, v, learningRate(), beta1, beta2, eps, nextStep(index));
    }
}
