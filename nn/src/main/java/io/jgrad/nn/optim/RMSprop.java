package io.jgrad.nn.optim;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

/**
 * RMSprop, following PyTorch's documented rule: {@code g = grad + λp},
 * {@code v = α·v + (1 - α)·g²}; centered: {@code ḡ = α·ḡ + (1 - α)·g} and {@code v' = v - ḡ²};
 * then with momentum μ {@code b = μ·b + g / (sqrt(v') + ε)} and {@code p = p - lr·b}, else
 * {@code p = p - lr·g / (sqrt(v') + ε)}.
 */
public final class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /** With PyTorch's defaults: alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
    public RMSprop(List<Variable> parameters, double learningRate) {
        this(parameters, learningRate, 0.99, 1e-8, 0, 0, false);
    }

    /**
     * @param parameters the parameters to update, each a contiguous leaf; as in PyTorch, a
     *     frozen one is still stepped while it holds a gradient, so zeroGrad() after freezing
     * @param learningRate {@code lr}
     * @param alpha the decay of the squared-gradient average (0.99)
     * @param eps added to the denominator (1e-8)
     * @param weightDecay the L2 penalty added to the gradient (0)
     * @param momentum the momentum of the update (0)
     * @param centered whether to divide by the gradient's variance rather than its mean square
     * @throws IllegalArgumentException if alpha is outside {@code [0, 1]} or a setting is negative or infinite
     */
    public RMSprop(List<Variable> parameters, double learningRate, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered) {
        super(parameters, learningRate);
        if (!(alpha >= 0 && alpha <= 1) || !(eps >= 0 && eps < Double.POSITIVE_INFINITY)
                || !(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)
                || !(momentum >= 0 && momentum < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("RMSprop needs alpha in [0, 1] and finite, non-negative eps, weightDecay"
                    + " and momentum, got " + alpha + ", " + eps + ", " + weightDecay + ", " + momentum);
        }
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    protected Set<String> stateNames() {
        Set<String> names = new HashSet<>(Set.of("square_avg"));
        if (centered) {
            names.add("grad_avg");
        }
        if (momentum > 0) {
            names.add("momentum_buffer");
        }
        return names;
    }

    @Override
    protected void update(int index, Tensor parameter, Tensor gradient) {
        Tensor g = weightDecay == 0 ? gradient : gradient.copy().addInPlace(parameter, (float) weightDecay);
        Tensor v = stateOrZeros(index, "square_avg");
        v.mulInPlace((float) alpha).addcmulInPlace(g, g, (float) (1 - alpha));
        Tensor variance = v;
        if (centered) {
            Tensor mean = stateOrZeros(index, "grad_avg");
            mean.lerpInPlace(g, (float) (1 - alpha));
            variance = v.copy().addcmulInPlace(mean, mean, -1f);
        }
        Tensor denominator = variance.sqrt().addInPlace(Tensor.scalar((float) eps));
        if (momentum > 0) {
            Tensor buffer = stateOrZeros(index, "momentum_buffer");
            buffer.mulInPlace((float) momentum).addcdivInPlace(g, denominator, 1f);
            parameter.addInPlace(buffer, (float) -learningRate());
        } else {
            parameter.addcdivInPlace(g, denominator, (float) -learningRate());
        }
    }
}
