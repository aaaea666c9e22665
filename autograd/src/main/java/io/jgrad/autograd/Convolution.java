package io.jgrad.autograd;

import io.jgrad.tensor.ConvolutionKernel;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;

/**
 * A 2-D convolution (PyTorch's cross-correlation). With K = C·kh·kw, L = OH·OW, the weight
 * {@code [O, C, kh, kw]} viewed as {@code [O, K]} times each item's columns {@code [K, L]}
 * (see {@link Unfold}) gives the item's {@code [O, L]} output. Gradients with G the output
 * gradient {@code [N, O, L]}: {@code dX = col2im(Wᵀ·G)}, {@code dW = Σₙ G·colsᵀ},
 * {@code db = Σ G}.
 *
 * <p>Forward and a plain backward run in {@link ConvolutionKernel}, which never holds more than
 * one item's columns per thread. A backward that records a graph ({@code createGraph}) builds
 * the same formulas from {@link Unfold}, {@link Fold} and matmuls instead, so that they can be
 * differentiated again.
 */
final class Convolution extends Function {
    private final Window2d window;
    private final boolean hasBias;

    private Convolution(Variable[] inputs, Window2d window) {
        super("Conv2d", inputs);
        this.window = window;
        this.hasBias = inputs.length == 3;
    }

    /** Arguments as {@link Functional#conv2d} has checked them; {@code bias} may be null. */
    static Variable apply(Variable x, Variable weight, Variable bias, Window2d window) {
        Tensor out = ConvolutionKernel.forward(x.value(), weight.value(), bias == null ? null : bias.value(), window);
        Variable[] inputs = bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
        if (!recording(inputs)) {
            return Variable.of(out);
        }
        Convolution node = new Convolution(inputs, window);
        node.save(x, weight);
        return node.output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable x = saved(0), weight = saved(1);
        Variable dx = null, dw = null;
        if (GradMode.isEnabled()) {
            int n = grad.shape().size(0), o = grad.shape().size(1);
            int k = weight.value().numel() / o;
            Variable g = grad.reshape(n, o, grad.shape().size(2) * grad.shape().size(3));
            if (needsGrad(0)) {
                dx = Fold.apply(weight.reshape(o, k).t().matmul(g), x.shape().size(2), x.shape().size(3), window);
            }
            if (needsGrad(1)) {
                dw = g.matmul(Unfold.apply(x, window).transpose(1, 2)).sum(0, false).reshape(weight.shape().toArray());
            }
        } else {
            Tensor g = grad.value();
            if (needsGrad(0)) {
                dx = Variable.of(ConvolutionKernel.inputGradient(g, weight.value(), x.shape().size(2), x.shape().size(3),
                        window));
            }
            if (needsGrad(1)) {
                dw = Variable.of(ConvolutionKernel.weightGradient(g, x.value(), weight.shape(), window));
            }
        }
        if (!hasBias) {
            return new Variable[] {dx, dw};
        }
        // Two reductions, each over a contiguous run, instead of one over scattered dimensions.
        Variable db = needsGrad(2)
                ? grad.reshape(grad.shape().size(0), grad.shape().size(1), grad.shape().size(2) * grad.shape().size(3))
                        .sum(2, false).sum(0, false)
                : null;
        return new Variable[] {dx, dw, db};
    }
}
