package io.jgrad.nn;

import io.jgrad.autograd.Functional;
import io.jgrad.autograd.Variable;

/**
 * The mean of each {@code kernel × kernel} window of an {@code [N, C, H, W]} input, as
 * PyTorch's {@code nn.AvgPool2d} (floor mode, padding counted as zeros in the divisor):
 * output {@code [N, C, OH, OW]}, {@code OH = floor((H + 2·padding - kernel) / stride) + 1}.
 */
public final class AvgPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;

    /** Windows that do not overlap: stride equal to the kernel size, no padding. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * Pooling with every setting given.
     *
     * @throws IllegalArgumentException if the kernel size or stride is below 1, or the padding
     *     is negative or more than half the kernel size
     */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        if (kernelSize < 1 || stride < 1 || padding < 0 || 2L * padding > kernelSize) {
            throw new IllegalArgumentException("AvgPool2d needs kernel size and stride of at least 1 and padding from 0 to half"
                    + " the kernel size, got kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    /** @throws IllegalArgumentException if the input is not {@code [N, C, H, W]} or {@code [C, H, W]}, or the window does not fit */
    @Override
    public Variable forward(Variable input) {
        return Functional.avgPool2d(input, kernelSize, stride, padding);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}
