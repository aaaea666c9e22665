package io.jgrad.nn;

import io.jgrad.autograd.Functional;
import io.jgrad.autograd.Variable;

/**
 * The maximum of each {@code kernel × kernel} window of an {@code [N, C, H, W]} input, as
 * PyTorch's {@code nn.MaxPool2d} (floor mode): output {@code [N, C, OH, OW]},
 * {@code OH = floor((H + 2·padding - dilation·(kernel-1) - 1) / stride) + 1}.
 */
public final class MaxPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;

    /** Windows that do not overlap: stride equal to the kernel size, no padding. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /** Dilation 1. */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, 1);
    }

    /**
     * Pooling with every setting given.
     *
     * @throws IllegalArgumentException if the kernel size, stride or dilation is below 1, or the
     *     padding is negative or more than half the window span {@code dilation·(kernel-1) + 1}
     */
    public MaxPool2d(int kernelSize, int stride, int padding, int dilation) {
        if (kernelSize < 1 || stride < 1 || dilation < 1 || padding < 0
                || 2L * padding > (long) dilation * (kernelSize - 1) + 1) {
            throw new IllegalArgumentException("MaxPool2d needs kernel size, stride and dilation of at least 1 and padding from 0"
                    + " to half the window span, got kernel_size=" + kernelSize + ", stride=" + stride + ", padding="
                    + padding + ", dilation=" + dilation);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    /** @throws IllegalArgumentException if the input is not {@code [N, C, H, W]} or {@code [C, H, W]}, or the window does not fit */
    @Override
    public Variable forward(Variable input) {
        return Functional.maxPool2d(input, kernelSize, stride, padding, dilation);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=False";
    }
}
