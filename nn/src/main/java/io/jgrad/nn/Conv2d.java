package io.jgrad.nn;

import io.jgrad.autograd.Functional;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution over {@code [N, in, H, W]} inputs (or one {@code [in, H, W]} image), as PyTorch's {@code nn.Conv2d} with a
 * square kernel and the same stride, zero padding and dilation on both axes: output
 * {@code [N, out, OH, OW]}, {@code OH = floor((H + 2·padding - dilation·(k-1) - 1) / stride) + 1}
 * and likewise {@code OW}. Parameters {@code weight [out, in, k, k]} and {@code bias [out]},
 * initialised as PyTorch does: weight Kaiming-uniform with {@code a = √5} (bound
 * {@code 1/sqrt(fanIn)}), bias uniform in {@code ±1/sqrt(fanIn)}, {@code fanIn = in·k²}.
 * Computed by {@link Functional#conv2d}.
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final Variable weight;
    private final Variable bias;

    /** Stride 1, no padding, with bias, initialised from {@link Init#defaultGenerator()}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** Dilation 1, with bias, initialised from {@link Init#defaultGenerator()}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, true, Init.defaultGenerator());
    }

    /**
     * A layer with every setting given.
     *
     * @param bias whether to add a learned bias
     * @param random the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a channel count, the kernel size, stride or dilation
     *     is below 1, the padding is negative, or {@code random} is null
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, boolean bias,
                  RandomGenerator random) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0 || dilation < 1 || random == null) {
            throw new IllegalArgumentException("Conv2d needs channels, kernel size, stride and dilation of at least 1, padding"
                    + " of at least 0 and a generator, got in=" + inChannels + ", out=" + outChannels + ", kernel_size="
                    + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                    + (random == null ? " and no generator" : ""));
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.weight = registerParameter("weight", Init.kaimingUniform(
                Tensor.zeros(outChannels, inChannels, kernelSize, kernelSize), Math.sqrt(5), random));
        double bound = 1 / Math.sqrt(Init.fanIn(weight.value()));
        this.bias = bias
                ? registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound, random))
                : null;
    }

    /** The weight, {@code [out, in, k, k]}. */
    public Variable weight() {
        return weight;
    }

    /** The bias, {@code [out]}, or {@code null} if the layer has none. */
    public Variable bias() {
        return bias;
    }

    /**
     * @throws IllegalArgumentException if the input is not {@code [N, in, H, W]} or {@code [in, H, W]}, or the kernel
     *     does not fit in the padded input
     */
    @Override
    public Variable forward(Variable input) {
        return Functional.conv2d(input, weight, bias, stride, padding, dilation);
    }

    @Override
    protected String extraRepr() {
        String s = inChannels + ", " + outChannels + ", kernel_size=" + PyRepr.tuple(kernelSize, kernelSize)
                + ", stride=" + PyRepr.tuple(stride, stride);
        if (padding != 0) {
            s += ", padding=" + PyRepr.tuple(padding, padding);
        }
        if (dilation != 1) {
            s += ", dilation=" + PyRepr.tuple(dilation, dilation);
        }
        return bias == null ? s + ", bias=False" : s;
    }
}
