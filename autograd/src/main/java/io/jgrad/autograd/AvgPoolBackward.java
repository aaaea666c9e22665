package io.jgrad.autograd;

import io.jgrad.tensor.Pool2d;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;

/** The gradient of {@link AvgPool} as an op of its own; being linear, its gradient is its adjoint, average pooling. */
final class AvgPoolBackward extends Function {
    private final Window2d window;

    private AvgPoolBackward(Variable grad, Window2d window) {
        super("AvgPool2dBackward", grad);
        this.window = window;
    }

    static Variable apply(Variable grad, int height, int width, Window2d window) {
        Tensor out = Pool2d.avgPool2dBackward(grad.value(), height, width, window);
        return recording(grad) ? new AvgPoolBackward(grad, window).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {AvgPool.apply(grad, window)};
    }
}
