package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** Any change of shape that keeps the elements in order: reshape, view, (un)squeeze, flatten. */
final class Reshape extends Function {
    private final Shape inputShape;

    private Reshape(Variable x) {
        super("Reshape", x);
        this.inputShape = x.shape();
    }

    static Variable apply(Variable x, Tensor reshaped) {
        return recording(x) ? new Reshape(x).output(reshaped) : Variable.of(reshaped);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.reshape(inputShape.toArray())};
    }
}
