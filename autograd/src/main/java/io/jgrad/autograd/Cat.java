package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/** Joining along a dimension; each input's gradient is its slice of the output gradient. */
final class Cat extends Function {
    private final int dim;
    private final int[] sizes;

    private Cat(int dim, Variable[] inputs) {
        super("Cat", inputs);
        this.dim = dim;
        this.sizes = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            sizes[i] = inputs[i].shape().size(dim);
        }
    }

    static Variable apply(int dim, Variable[] inputs) {
        Tensor[] values = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = inputs[i].value();
        }
        Tensor out = Tensor.cat(dim, values);
        return recording(inputs) ? new Cat(inputs[0].shape().normalize(dim), inputs.clone()).output(out)
                : Variable.of(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable[] grads = new Variable[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            grads[i] = needsGrad(i) ? grad.narrow(dim, start, sizes[i]) : null;
            start += sizes[i];
        }
        return grads;
    }
}
