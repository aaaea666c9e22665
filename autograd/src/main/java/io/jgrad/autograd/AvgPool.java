package io.jgrad.autograd;

import io.jgrad.tensor.Pool2d;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;

/** The mean of each window; the gradient spreads each output's gradient evenly over its window, see {@link AvgPoolBackward}. */
final class AvgPool extends Function {
    private final Window2d window;
    private final int height;
    private final int width;

    private AvgPool(Variable x, Window2d window) {
        super("AvgPool2d", x);
        this.window = window;
        this.height = x.shape().size(2);
        this.width = x.shape().size(3);
    }

    static Variable apply(Variable x, Window2d window) {
        Tensor out = Pool2d.avgPool2d(x.value(), window);
        return recording(x) ? new AvgPool(x, window).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {AvgPoolBackward.apply(grad, height, width, window)};
    }
}
