package io.jgrad.nn.optim;

import io.jgrad.autograd.Variable;
import java.util.List;

/**
 * Adam with decoupled weight decay, following PyTorch's documented rule: first
 * {@code p = p - lr·λ·p}, then the Adam update on the plain gradient.
 */
public final class AdamW extends Adam {
    /** With PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(List<Variable> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, 0.01);
    }

    /**
     * @param parameters the parameters to update, each a contiguous leaf; as in PyTorch, a
     *     frozen one is still stepped while it holds a gradient, so zeroGrad() after freezing
     * @param learningRate {@code lr}
     * @param beta1 the decay of the first moment, PyTorch's {@code betas[0]} (0.9)
     * @param beta2 the decay of the second moment, {@code betas[1]} (0.999)
     * @param eps added to the denominator (1e-8)
     * @param weightDecay the decoupled decay {@code λ}: each step scales parameters by {@code 1 - lr·λ} (0.01)
     * @throws IllegalArgumentException as {@link Adam}
     */
    public AdamW(List<Variable> parameters, double learningRate, double beta1, double beta2, double eps,
                 double weightDecay) {
        this(parameters, learningRate, beta1, beta2, eps, weightDecay, false);
    }

    /**
     * As {@link #AdamW(List, double, double, double, double, double)}, with AMSGrad or not.
     *
     * @param amsgrad whether the denominator uses the largest second moment so far (false)
     * @throws IllegalArgumentException as that constructor
     */
    public AdamW(List<Variable> parameters, double learningRate, double beta1, double beta2, double eps,
                 double weightDecay, boolean amsgrad) {
        super(parameters, learningRate, beta1, beta2, eps, weightDecay, true, amsgrad);
    }
}
