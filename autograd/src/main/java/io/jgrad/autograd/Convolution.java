package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;

/**
 * A 2-D convolution (PyTorch's cross-correlation) as one batched product: the weight
 * {@code [O, C, kh, kw]} viewed as {@code [O, K]} (K = C·kh·kw) times each item's columns
 * {@code [K, L]} (L = OH·OW, see {@link Unfold}) gives the item's {@code [O, L]} output,
 * already in {@code [N, O, OH, OW]} order. Gradients with G the output gradient
 * {@code [N, O, L]}: {@code dX = col2im(Wᵀ·G)}, {@code dW = Σₙ G·colsᵀ}, {@code db = Σ G}.
 */
final class Convolution extends Function {
    private final Window2d window;
    private final int height;
    private final int width;
    private final boolean hasBias;

    private Convolution(Variable[] inputs, Window2d window, int height, int width) {
        super("Conv2d", inputs);
        this.window = window;
        this.height = height;
        this.width = width;
        this.hasBias = inputs.length == 3;
    }

    /** Arguments as {@link Functional#conv2d} has checked them; {@code bias} may be null. */
    static Variable apply(Variable x, Variable weight, Variable bias, Window2d window) {
        // When x needs a gradient the columns are a node of their own, so that dW, computed
        // from them, stays differentiable in x for double backward.
        Variable cols = Unfold.apply(x, window);
        int n = x.shape().size(0), o = weight.shape().size(0);
        int oh = window.outputHeight(x.shape().size(2)), ow = window.outputWidth(x.shape().size(3));
        Tensor out = weight.value().reshape(o, cols.shape().size(1)).matmul(cols.value());
        if (bias != null) {
            out.addInPlace(bias.value().reshape(o, 1));
        }
        Tensor result = out.view(n, o, oh, ow);
        Variable[] inputs = bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
        if (!recording(inputs)) {
            return Variable.of(result);
        }
        Convolution node = new Convolution(inputs, window, x.shape().size(2), x.shape().size(3));
        // The columns are as large as the input times the kernel area: keep them only if dW needs them.
        node.save(node.needsGrad(1) ? new Variable[] {weight, cols} : new Variable[] {weight});
        return node.output(result);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable weight = saved(0);
        int n = grad.shape().size(0), o = grad.shape().size(1);
        int k = weight.value().numel() / o;
        Variable g = grad.reshape(n, o, grad.shape().size(2) * grad.shape().size(3));
        Variable dx = needsGrad(0) ? Fold.apply(weight.reshape(o, k).t().matmul(g), height, width, window) : null;
        Variable dw = needsGrad(1)
                ? g.matmul(saved(1).transpose(1, 2)).sum(0, false).reshape(weight.shape().toArray())
                : null;
        if (!hasBias) {
            return new Variable[] {dx, dw};
        }
        // Two reductions, each over a contiguous run, instead of one over scattered dimensions.
        return new Variable[] {dx, dw, needsGrad(2) ? g.sum(2, false).sum(0, false) : null};
    }
}
