package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/** The sum over some dimensions; its gradient spreads the output gradient back over them. */
final class Sum extends Function {
    private final Shape inputShape;
    private final Shape keptShape;

    private Sum(Variable x, Shape keptShape) {
        super("Sum", x);
        this.inputShape = x.shape();
        this.keptShape = keptShape;
    }

    static Variable apply(Variable x, int[] dims, boolean keepDim) {
        Tensor out = x.value().sum(dims, keepDim);
        if (!recording(x)) {
            return Variable.of(out);
        }
        Shape kept = keepDim ? out.shape() : x.value().sum(dims, true).shape();
        return new Sum(x, kept).output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.reshape(keptShape.toArray()).expand(inputShape.toArray())};
    }
}
