package io.jgrad.autograd;

import io.jgrad.tensor.ConvolutionKernel;
import io.jgrad.tensor.Shape;
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
    private final Shape inputShape;
    private final Shape weightShape;

    private Convolution(Variable[] inputs, Window2d window) {
        super("Conv2d", inputs);
        this.window = window;
        this.hasBias = inputs.length == 3;
        this.inputShape = inputs[0].shape();
        this.weightShape = inputs[1].shape();
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
        // The weight is read back only for dX and the input only for dW, so that changing one in
        // place before backward matters only if the other needs a gradient, as in PyTorch.
        Variable dx = null, dw = null;
        int height = inputShape.size(2), width = inputShape.size(3);
        if (GradMode.isEnabled()) {
            int n = grad.shape().size(0), o = grad.shape().size(1);
            int k = weightShape.numel() / o;
            Variable g = grad.reshape(n, o, grad.shape().size(2) * grad.shape().size(3));
            if (needsGrad(0)) {
                dx = Fold.apply(saved(1).reshape(o, k).t().matmul(g), height, width, window);
            }
            if (needsGrad(1)) {
                dw = g.matmul(Unfold.apply(saved(0), window).transpose(1, 2)).sum(0, false).reshape(weightShape.toArray());
            }
        } else {
            Tensor g = grad.value();
            if (needsGrad(0)) {
                dx = Variable.of(ConvolutionKernel.inputGradient(g, saved(1).value(), height, width, window));
            }
            if (needsGrad(1)) {
                dw = Variable.of(ConvolutionKernel.weightGradient(g, saved(0).value(), weightShape, window));
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
