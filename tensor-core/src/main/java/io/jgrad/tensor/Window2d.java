package io.jgrad.tensor;

/**
 * The geometry of a window sliding over the last two dimensions (height, width) of an
 * {@code [N, C, H, W]} tensor, as PyTorch's convolution and pooling arguments: the kernel
 * size, the stride between window positions, the zero padding added on both sides, and the
 * dilation (the spacing between kernel taps, 1 for adjacent taps).
 *
 * <p>Along each axis a window spans {@code dilation·(kernel-1) + 1} input positions, and an
 * input of size {@code in} yields {@code floor((in + 2·padding - span) / stride) + 1} window
 * positions, as in PyTorch.
 *
 * @param kernelH kernel height, at least 1
 * @param kernelW kernel width, at least 1
 * @param strideH vertical step between windows, at least 1
 * @param strideW horizontal step between windows, at least 1
 * @param padH zero rows added above and below, at least 0
 * @param padW zero columns added left and right, at least 0
 * @param dilationH vertical spacing of kernel taps, at least 1
 * @param dilationW horizontal spacing of kernel taps, at least 1
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                       int dilationH, int dilationW) {
    /**
     * @throws IllegalArgumentException if a kernel size, stride or dilation is below 1 or a
     *     padding is negative
     */
    public Window2d {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0
                || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("a window needs kernel sizes, strides and dilations of at least 1"
                    + " and non-negative padding, got kernel " + kernelH + "x" + kernelW + ", stride " + strideH
                    + "x" + strideW + ", padding " + padH + "x" + padW + ", dilation " + dilationH + "x" + dilationW);
        }
    }

    /**
     * A square window: the same kernel size, stride, padding and dilation on both axes.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static Window2d of(int kernel, int stride, int padding, int dilation) {
        return new Window2d(kernel, kernel, stride, stride, padding, padding, dilation, dilation);
    }

    /**
     * The number of window positions down an input of {@code height} rows.
     *
     * @throws IllegalArgumentException if not even one window fits in the padded input
     */
    public int outputHeight(int height) {
        return outputSize(height, kernelH, strideH, padH, dilationH, "height");
    }

    /**
     * The number of window positions across an input of {@code width} columns.
     *
     * @throws IllegalArgumentException if not even one window fits in the padded input
     */
    public int outputWidth(int width) {
        return outputSize(width, kernelW, strideW, padW, dilationW, "width");
    }

    private static int outputSize(int in, int kernel, int stride, int pad, int dilation, String axis) {
        long span = (long) dilation * (kernel - 1) + 1;
        long padded = (long) in + 2L * pad;
        if (in < 1 || padded < span) {
            throw new IllegalArgumentException("a window spanning " + span + " (kernel " + kernel + ", dilation "
                    + dilation + ") does not fit in input " + axis + " " + in + " padded by " + pad + " on each side");
        }
        return (int) ((padded - span) / stride + 1);
    }

    /** Whether the padding is at most half the window span on both axes, as PyTorch's pooling requires. */
    boolean paddingAtMostHalfSpan() {
        return 2L * padH <= (long) dilationH * (kernelH - 1) + 1 && 2L * padW <= (long) dilationW * (kernelW - 1) + 1;
    }
}
