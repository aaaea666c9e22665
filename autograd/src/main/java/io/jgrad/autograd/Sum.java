package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.Arrays;

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
        Tensor kept = x.value().sum(dims, true);
        Tensor out = keepDim ? kept : kept.reshape(reducedShape(x.shape(), dims));
        return recording(x) ? new Sum(x, kept.shape()).output(out) : Variable.of(out);
    }

    /** The shape without the reduced dimensions (all of them when {@code dims} is empty). */
    private static int[] reducedShape(Shape shape, int[] dims) {
        boolean[] reduced = new boolean[shape.rank()];
        for (int d : dims) {
            reduced[shape.normalize(d)] = true;
        }
        int[] out = new int[shape.rank()];
        int n = 0;
        for (int d = 0; d < shape.rank(); d++) {
            if (!reduced[d] && dims.length > 0) {
                out[n++] = shape.size(d);
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        return new Variable[] {grad.reshape(keptShape.toArray()).expand(inputShape.toArray())};
    }
}
