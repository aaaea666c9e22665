package io.jgrad.nn.optim;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay, following PyTorch's documented rule: {@code g = grad + λp}; with momentum μ,
 * {@code b = g} on the first step and {@code b = μb + (1 - dampening)g} after, then
 * {@code g = g + μb} (Nesterov) or {@code g = b}; finally {@code p = p - lr·g}.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    /** Plain SGD. */
    public SGD(List<Variable> parameters, double learningRate) {
        this(parameters, learningRate, 0, 0, 0, false);
    }

    /**
     * @param parameters the parameters to update, each a contiguous leaf; as in PyTorch, a
     *     frozen one is still stepped while it holds a gradient, so zeroGrad() after freezing
     * @param learningRate {@code lr}
     * @param momentum the momentum factor (0)
     * @param dampening the dampening of momentum (0)
     * @param weightDecay the L2 penalty added to the gradient (0)
     * @param nesterov whether to use Nesterov momentum
     * @throws IllegalArgumentException if a setting is negative or infinite, or Nesterov is
     *     asked for without momentum or with dampening (as PyTorch)
     */
    public SGD(List<Variable> parameters, double learningRate, double momentum, double dampening,
               double weightDecay, boolean nesterov) {
        super(parameters, learningRate);
        if (!(momentum >= 0 && momentum < Double.POSITIVE_INFINITY) || !(dampening >= 0 && dampening < Double.POSITIVE_INFINITY)
                || !(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("momentum, dampening and weightDecay must be finite and non-negative, got "
                    + momentum + ", " + dampening + ", " + weightDecay);
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    protected Set<String> stateNames() {
        return momentum != 0 ? Set.of("momentum_buffer") : Set.of();
    }

    @Override
    protected void update(int index, Tensor parameter, Tensor gradient) {
        Tensor g = gradient;
        if (weightDecay != 0) {
            g = g.copy().addInPlace(parameter, (float) weightDecay);
        }
        if (momentum != 0) {
            Tensor buffer = state(index, "momentum_buffer");
            if (buffer == null) {
                buffer = g.copy();
                setState(index, "momentum_buffer", buffer);
            } else {
                buffer.mulInPlace((float) momentum).addInPlace(g, (float) (1 - dampening));
            }
            g = nesterov ? g.copy().addInPlace(buffer, (float) momentum) : buffer;
        }
        parameter.addInPlace(g, (float) -learningRate());
    }
}
