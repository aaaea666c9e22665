package io.jgrad.autograd;

import io.jgrad.tensor.Im2col;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;

/** Sliding-window columns of an image (im2col); the gradient adds the columns back (col2im), see {@link Fold}. */
final class Unfold extends Function {
    private final Window2d window;
    private final int height;
    private final int width;

    private Unfold(Variable x, Window2d window) {
        super("Unfold", x);
        this.window = window;
        this.height = x.shape().size(2);
        this.width = x.shape().size(3);
    }

    static Variable apply(Variable x, Window2d window) {
        Tensor out = Im2col.im2col(x.value(), window);
        return recording(x) ? new Unfold(x, window).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {Fold.apply(grad, height, width, window)};
    }
}
