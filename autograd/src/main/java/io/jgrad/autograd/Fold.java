package io.jgrad.autograd;

import io.jgrad.tensor.Im2col;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;

/** Columns summed back into an image (col2im); being linear, its gradient is its adjoint, {@link Unfold}. */
final class Fold extends Function {
    private final Window2d window;

    private Fold(Variable columns, Window2d window) {
        super("Fold", columns);
        this.window = window;
    }

    static Variable apply(Variable columns, int height, int width, Window2d window) {
        Tensor out = Im2col.col2im(columns.value(), height, width, window);
        return recording(columns) ? new Fold(columns, window).output(out) : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {Unfold.apply(grad, window)};
    }
}
