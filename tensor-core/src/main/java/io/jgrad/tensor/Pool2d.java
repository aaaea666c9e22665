package io.jgrad.tensor;

/**
 * Max and average pooling over the last two dimensions of an {@code [N, C, H, W]} tensor, as
 * PyTorch's {@code max_pool2d} and {@code avg_pool2d} (floor mode). Inputs may have any
 * strides; results are new contiguous {@code [N, C, OH, OW]} tensors with {@code OH, OW} as
 * {@link Window2d} computes them. As in PyTorch, the padding may be at most half the window
 * span, so that every window overlaps the input.
 */
public final class Pool2d {
    /** Indices of max pooling are stored as floats, which hold whole numbers exactly up to this. */
    private static final int MAX_EXACT_INDEX = 1 << 24;

    private Pool2d() {
    }

    /**
     * The result of {@link #maxPool2d}.
     *
     * @param values the maxima, {@code [N, C, OH, OW]}
     * @param indices where each maximum was found, as the flat position {@code y·W + x} within its
     *     {@code H × W} plane (PyTorch's {@code return_indices}), {@code [N, C, OH, OW]}
     */
    public record MaxResult(Tensor values, Tensor indices) {
    }

    /**
     * The maximum of each window; padding never wins. The first maximum in row-major window
     * order is chosen on ties, and a NaN in a window makes that window's result NaN.
     *
     * @param input {@code [N, C, H, W]}
     * @param window the kernel size, stride, padding and dilation
     * @throws IllegalArgumentException if the input is not 4-D, the window does not fit, the
     *     padding exceeds half the window span, a window (with dilation) sees only padding, or a
     *     plane has more than 2<sup>24</sup> elements (whose indices floats cannot hold exactly)
     */
    public static MaxResult maxPool2d(Tensor input, Window2d window) {
        Geometry g = geometry(input, window, "maxPool2d");
        if ((long) g.h * g.w > MAX_EXACT_INDEX) {
            throw new IllegalArgumentException("maxPool2d indices are exact only for planes of up to " + MAX_EXACT_INDEX
                    + " elements, got " + g.h + "x" + g.w);
        }
        Tensor values = Tensor.allocate(Shape.of(g.n, g.c, g.oh, g.ow));
        Tensor indices = Tensor.allocate(values.shape());
        float[] src = input.data(), v = values.data(), idx = indices.data();
        int[] s = input.stridesView();
        int o = 0;
        for (int b = 0; b < g.n; b++) {
            for (int ch = 0; ch < g.c; ch++) {
                int plane = input.offset() + b * s[0] + ch * s[1];
                for (int oy = 0; oy < g.oh; oy++) {
                    int top = oy * window.strideH() - window.padH();
                    int iLo = Im2col.firstInside(top, window.dilationH());
                    int iHi = Im2col.endInside(top, window.dilationH(), g.h, window.kernelH());
                    for (int ox = 0; ox < g.ow; ox++, o++) {
                        int left = ox * window.strideW() - window.padW();
                        int jLo = Im2col.firstInside(left, window.dilationW());
                        int jHi = Im2col.endInside(left, window.dilationW(), g.w, window.kernelW());
                        float best = Float.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int i = iLo; i < iHi; i++) {
                            int y = top + i * window.dilationH();
                            for (int j = jLo; j < jHi; j++) {
                                int x = left + j * window.dilationW();
                                float value = src[plane + y * s[2] + x * s[3]];
                                if (at < 0 || value > best || (Float.isNaN(value) && !Float.isNaN(best))) {
                                    best = value;
                                    at = y * g.w + x;
                                }
                            }
                        }
                        if (at < 0) {
                            throw new IllegalArgumentException("maxPool2d window at output position (" + oy + ", " + ox
                                    + ") sees only padding: " + window + " on a " + g.h + "x" + g.w + " input");
                        }
                        v[o] = best;
                        idx[o] = at;
                    }
                }
            }
        }
        return new MaxResult(values, indices);
    }

    /**
     * The mean of each window, padding counted as zeros in the divisor {@code kh·kw}
     * (PyTorch's default {@code count_include_pad = True}).
     *
     * @param input {@code [N, C, H, W]}
     * @param window the kernel size, stride and padding; its dilation must be 1
     * @throws IllegalArgumentException if the input is not 4-D, the window does not fit, is
     *     dilated, or its padding exceeds half the kernel
     */
    public static Tensor avgPool2d(Tensor input, Window2d window) {
        Geometry g = geometry(input, window, "avgPool2d");
        requireUndilated(window, "avgPool2d");
        Tensor out = Tensor.allocate(Shape.of(g.n, g.c, g.oh, g.ow));
        float[] src = input.data(), dst = out.data();
        int[] s = input.stridesView();
        float scale = 1f / (window.kernelH() * window.kernelW());
        int o = 0;
        for (int b = 0; b < g.n; b++) {
            for (int ch = 0; ch < g.c; ch++) {
                int plane = input.offset() + b * s[0] + ch * s[1];
                for (int oy = 0; oy < g.oh; oy++) {
                    int top = oy * window.strideH() - window.padH();
                    int yLo = Math.max(top, 0), yHi = Math.min(top + window.kernelH(), g.h);
                    for (int ox = 0; ox < g.ow; ox++, o++) {
                        int left = ox * window.strideW() - window.padW();
                        int xLo = Math.max(left, 0), xHi = Math.min(left + window.kernelW(), g.w);
                        float sum = 0;
                        for (int y = yLo; y < yHi; y++) {
                            for (int x = xLo; x < xHi; x++) {
                                sum += src[plane + y * s[2] + x * s[3]];
                            }
                        }
                        dst[o] = sum * scale;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The adjoint of {@link #avgPool2d} (its gradient): each output gradient is spread evenly,
     * divided by {@code kh·kw}, over the input positions of its window; shares that fall in the
     * padding are dropped. The gradient may have any strides.
     *
     * @param gradOutput {@code [N, C, OH, OW]}
     * @param height the input height {@code H}
     * @param width the input width {@code W}
     * @param window the window {@link #avgPool2d} used
     * @return a new contiguous {@code [N, C, H, W]} tensor
     * @throws IllegalArgumentException if {@code gradOutput} is not 4-D, its last two sizes are not
     *     the number of window positions in {@code height × width}, or the window is invalid for
     *     {@link #avgPool2d}
     */
    public static Tensor avgPool2dBackward(Tensor gradOutput, int height, int width, Window2d window) {
        Im2col.requireRank4(gradOutput, "avgPool2dBackward");
        requireUndilated(window, "avgPool2dBackward");
        requireHalfPadding(window, "avgPool2dBackward");
        int oh = window.outputHeight(height), ow = window.outputWidth(width);
        if (gradOutput.size(2) != oh || gradOutput.size(3) != ow) {
            throw new IllegalArgumentException("avgPool2dBackward for a " + height + "x" + width + " input expects a gradient [N, C, "
                    + oh + ", " + ow + "], got shape " + gradOutput.shape());
        }
        int n = gradOutput.size(0), c = gradOutput.size(1);
        Tensor out = Tensor.allocate(Shape.of(n, c, height, width));
        float[] src = gradOutput.data(), dst = out.data();
        int[] s = gradOutput.stridesView();
        float scale = 1f / (window.kernelH() * window.kernelW());
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int from = gradOutput.offset() + b * s[0] + ch * s[1];
                int plane = (b * c + ch) * height * width;
                for (int oy = 0; oy < oh; oy++) {
                    int top = oy * window.strideH() - window.padH();
                    int yLo = Math.max(top, 0), yHi = Math.min(top + window.kernelH(), height);
                    for (int ox = 0; ox < ow; ox++) {
                        int left = ox * window.strideW() - window.padW();
                        int xLo = Math.max(left, 0), xHi = Math.min(left + window.kernelW(), width);
                        float share = src[from + oy * s[2] + ox * s[3]] * scale;
                        for (int y = yLo; y < yHi; y++) {
                            for (int x = xLo; x < xHi; x++) {
                                dst[plane + y * width + x] += share;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private record Geometry(int n, int c, int h, int w, int oh, int ow) {
    }

    private static Geometry geometry(Tensor input, Window2d window, String op) {
        Im2col.requireRank4(input, op);
        requireHalfPadding(window, op);
        int h = input.size(2), w = input.size(3);
        return new Geometry(input.size(0), input.size(1), h, w, window.outputHeight(h), window.outputWidth(w));
    }

    private static void requireHalfPadding(Window2d window, String op) {
        if (!window.paddingAtMostHalfSpan()) {
            throw new IllegalArgumentException(op + " needs padding at most half the window span, got padding "
                    + window.padH() + "x" + window.padW() + " for kernel " + window.kernelH() + "x" + window.kernelW()
                    + " with dilation " + window.dilationH() + "x" + window.dilationW());
        }
    }

    private static void requireUndilated(Window2d window, String op) {
        if (window.dilationH() != 1 || window.dilationW() != 1) {
            throw new IllegalArgumentException(op + " has no dilation: expected 1x1, got "
                    + window.dilationH() + "x" + window.dilationW());
        }
    }
}
