package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/**
 * {@code max(x, 0)} element-wise, as PyTorch's {@code nn.ReLU}; any shape.
 *
 * <p>With {@code inplace}, the result is written over the input's value
 * ({@link Variable#reluInPlace()}), saving a tensor and a pass over memory. As in PyTorch,
 * the input then holds the rectified values: use it only where nothing else needs the
 * original, typically right after a convolution or a linear layer.
 */
public final class ReLU extends Module {
    private final boolean inplace;

    /** Writing a new tensor, as PyTorch's default. */
    public ReLU() {
        this(false);
    }

    /** @param inplace whether to write over the input, as PyTorch's {@code inplace} */
    public ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    /** @throws IllegalStateException with {@code inplace}, as {@link Variable#reluInPlace()} */
    @Override
    public Variable forward(Variable input) {
        return inplace ? input.reluInPlace() : input.relu();
    }

    @Override
    protected String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}
