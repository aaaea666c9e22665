package io.jgrad.autograd;

import io.jgrad.tensor.Pool2d;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;

/**
 * The maximum of each window; the gradient of each output goes to the input element that won
 * its window (added up where windows overlap). A backward that records a graph
 * ({@code createGraph}) scatters with {@link ScatterAdd}, so that the gradient is
 * differentiable again; a plain one uses {@link Pool2d#maxPool2dBackward}.
 */
final class MaxPool extends Function {
    private final Tensor indices;
    private final int height;
    private final int width;

    private MaxPool(Variable x, Tensor indices) {
        super("MaxPool2d", x);
        this.indices = indices;
        this.height = x.shape().size(2);
        this.width = x.shape().size(3);
    }

    static Variable apply(Variable x, Window2d window) {
        Pool2d.MaxResult r = Pool2d.maxPool2d(x.value(), window);
        return recording(x) ? new MaxPool(x, r.indices()).output(r.values()) : Variable.of(r.values());
    }

    @Override
    protected Variable[] backward(Variable grad) {
        if (!GradMode.isEnabled()) {
            return new Variable[] {Variable.of(Pool2d.maxPool2dBackward(grad.value(), indices, height, width))};
        }
        int n = grad.shape().size(0), c = grad.shape().size(1), l = grad.shape().size(2) * grad.shape().size(3);
        Variable zeros = Variable.of(Tensor.zeros(n, c, height * width));
        Variable scattered = zeros.scatterAdd(2, indices.reshape(n, c, l), grad.reshape(n, c, l));
        return new Variable[] {scattered.reshape(n, c, height, width)};
    }
}
