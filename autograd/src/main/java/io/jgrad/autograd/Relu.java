package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/** {@code max(x, 0)}; the gradient is 0 where x is at most 0, and passes where x is NaN, as in PyTorch. */
final class Relu extends Function {
    private Relu(Variable x) {
        super("Relu", x);
    }

    static Variable apply(Variable x) {
        Tensor out = x.value().relu();
        return recording(x) ? new Relu(x).savedOutput(out) : Variable.of(out);
    }

    /** {@link Variable#reluInPlace()}: the same node, its output written over {@code x}'s value. */
    static Variable applyInPlace(Variable x) {
        if (x.isLeaf() && x.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException("reluInPlace on a leaf that requires grad (shape " + x.shape()
                    + "): its gradient would be that of the rectified value; use relu()");
        }
        x.requireNoConsumer("reluInPlace");
        Variable[] producerInputs = x.isLeaf() ? null : x.gradFn().inputs();
        if (producerInputs != null) {
            for (Variable input : producerInputs) {
                if (input.value().sharesStorageWith(x.value())) {
                    throw new IllegalStateException("reluInPlace on the output of " + x.gradFn().name()
                            + ", a view of its input: writing it would change that input as well; use relu()");
                }
            }
        }
        Tensor out = x.value().reluInPlace();
        if (!recording(x)) {
            return Variable.of(out);
        }
        Variable y = new Relu(x).savedOutput(out);
        x.markOverwritten("reluInPlace");
        return y;
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Tensor output = saved(0).value();
        if (!GradMode.isEnabled()) {
            return new Variable[] {Variable.of(grad.value().zeroWhereNonPositive(output))};
        }
        // Recorded, for a second derivative: the mask is a constant, so the gradient is linear in grad.
        return new Variable[] {grad.mul(Variable.of(Tensor.ones(output.shape().toArray()).zeroWhereNonPositive(output)))};
    }
}
