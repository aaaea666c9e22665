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
 * {@code v̂ = v / (1 - β2^t)}. {@link AdamW} decouples the weight decay instead. The weight
 * decay, the moments and the parameter are updated in one pass over memory by
 * {@link AdamKernel}. With {@code amsgrad}, as PyTorch's, the denominator uses the largest
 * {@code v} so far, kept in the state as {@code max_exp_avg_sq}.
 */
public sealed class Adam extends Optimizer permits AdamW {
    private AdamKernel.Hyperparameters hyperparameters;
    private final boolean amsgrad;

    /** With PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Variable> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * @param parameters the parameters to update, each a contiguous leaf; as in PyTorch, a
     *     frozen one is still stepped while it holds a gradient, so zeroGrad() after freezing
     * @param learningRate {@code lr}
     * @param beta1 the decay of the first moment, PyTorch's {@code betas[0]} (0.9)
     * @param beta2 the decay of the second moment, {@code betas[1]} (0.999)
     * @param eps added to the denominator (1e-8)
     * @param weightDecay the L2 penalty {@code λ} added to the gradient (0)
     * @throws IllegalArgumentException if a beta is outside {@code [0, 1)}, or eps or the weight
     *     decay is negative or NaN
     */
    public Adam(List<Variable> parameters, double learningRate, double beta1, double beta2, double eps,
                double weightDecay) {
        this(parameters, learningRate, beta1, beta2, eps, weightDecay, false);
    }

    /**
     * As {@link #Adam(List, double, double, double, double, double)}, with AMSGrad or not.
     *
     * @param amsgrad whether the denominator uses the largest second moment so far (false)
     * @throws IllegalArgumentException as that constructor
     */
    public Adam(List<Variable> parameters, double learningRate, double beta1, double beta2, double eps,
                double weightDecay, boolean amsgrad) {
        this(parameters, learningRate, beta1, beta2, eps, weightDecay, false, amsgrad);
    }

    /** Adam, or AdamW when the weight decay is decoupled. */
    Adam(List<Variable> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay,
         boolean decoupledWeightDecay, boolean amsgrad) {
        super(parameters, learningRate);
        this.hyperparameters = new AdamKernel.Hyperparameters(learningRate, beta1, beta2, eps, weightDecay,
                decoupledWeightDecay);
        this.amsgrad = amsgrad;
    }

    @Override
    protected Set<String> stateNames() {
        return amsgrad ? Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq") : Set.of("step", "exp_avg", "exp_avg_sq");
    }

    @Override
    protected final void update(int index, Tensor parameter, Tensor gradient) {
        if (hyperparameters.learningRate() != learningRate()) {
            hyperparameters = hyperparameters.withLearningRate(learningRate());
        }
        Tensor m = stateOrZeros(index, "exp_avg");
        Tensor v = stateOrZeros(index, "exp_avg_sq");
        Tensor max = amsgrad ? stateOrZeros(index, "max_exp_avg_sq") : null;
        AdamKernel.step(parameter, gradient, m, v, max, hyperparameters, nextStep(index));
    }
}
