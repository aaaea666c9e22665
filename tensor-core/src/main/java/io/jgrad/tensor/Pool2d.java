package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
    /** Pooling is split over the threads in pieces of about this many outputs. */
    private static final int PARALLEL_MIN_OUTPUTS = 1 << 15;
    /** Lane indexes for {@code selectFrom}: the even, and the odd, lanes of two vectors side by side. */
    private static final float[] EVEN_LANES = new float[Kernels.LANES];
    private static final float[] ODD_LANES = new float[Kernels.LANES];

    static {
        for (int lane = 0; lane < Kernels.LANES; lane++) {
            EVEN_LANES[lane] = 2 * lane;
            ODD_LANES[lane] = 2 * lane + 1;
        }
    }

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
     * order is chosen on ties, and a NaN in a window makes that window's result NaN, the index
     * being that of its last NaN, as in PyTorch's CPU kernel.
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
        // Which taps of each window row and column fall inside the input depends on the window
        // position alone: find them once, and reject a window of only padding before any work.
        int[] iLo = new int[g.oh], iHi = new int[g.oh], jLo = new int[g.ow], jHi = new int[g.ow];
        for (int oy = 0; oy < g.oh; oy++) {
            int top = oy * window.strideH() - window.padH();
            iLo[oy] = Im2col.firstInside(top, window.dilationH());
            iHi[oy] = Im2col.endInside(top, window.dilationH(), g.h, window.kernelH());
        }
        for (int ox = 0; ox < g.ow; ox++) {
            int left = ox * window.strideW() - window.padW();
            jLo[ox] = Im2col.firstInside(left, window.dilationW());
            jHi[ox] = Im2col.endInside(left, window.dilationW(), g.w, window.kernelW());
        }
        for (int oy = 0; oy < g.oh; oy++) {
            for (int ox = 0; ox < g.ow; ox++) {
                if (iLo[oy] >= iHi[oy] || jLo[ox] >= jHi[ox]) {
                    throw new IllegalArgumentException("maxPool2d window at output position (" + oy + ", " + ox
                            + ") sees only padding: " + window + " on a " + g.h + "x" + g.w + " input");
                }
            }
        }
        Tensor values = Tensor.allocate(Shape.of(g.n, g.c, g.oh, g.ow));
        Tensor indices = Tensor.allocate(values.shape());
        float[] src = input.data(), v = values.data(), idx = indices.data();
        int[] s = input.stridesView();
        int planes = g.n * g.c, planeSize = g.oh * g.ow;
        boolean halving = window.equals(Window2d.of(2, 2, 0, 1));
        int chunks = Math.min(planes, Math.max(1, (int) ((long) planes * planeSize / PARALLEL_MIN_OUTPUTS)));
        Parallelism.run(chunks, chunk -> {
            for (int p = (int) ((long) planes * chunk / chunks), end = (int) ((long) planes * (chunk + 1) / chunks); p < end; p++) {
                int plane = input.offset() + p / g.c * s[0] + p % g.c * s[1];
                if (halving) {
                    maxOfPairs(src, plane, s[2], s[3], g, v, idx, p * planeSize);
                } else {
                    maxOfWindows(src, plane, s, window, g, iLo, iHi, jLo, jHi, v, idx, p * planeSize);
                }
            }
        });
        return new MaxResult(values, indices);
    }

    /**
     * One plane of max pooling with any window, from {@code src[plane]} (strides {@code s}) into
     * {@code v} and {@code idx} at {@code o}; the taps of window row oy that fall inside the
     * input are {@code [iLo[oy], iHi[oy])}, and likewise {@code jLo, jHi} for columns.
     */
    private static void maxOfWindows(float[] src, int plane, int[] s, Window2d window, Geometry g, int[] iLo, int[] iHi,
            int[] jLo, int[] jHi, float[] v, float[] idx, int o) {
        for (int oy = 0; oy < g.oh; oy++) {
            int top = oy * window.strideH() - window.padH();
            for (int ox = 0; ox < g.ow; ox++, o++) {
                int left = ox * window.strideW() - window.padW();
                int y0 = top + iLo[oy] * window.dilationH(), x0 = left + jLo[ox] * window.dilationW();
                float best = src[plane + y0 * s[2] + x0 * s[3]];
                int at = y0 * g.w + x0;
                for (int i = iLo[oy]; i < iHi[oy]; i++) {
                    int y = top + i * window.dilationH();
                    for (int j = jLo[ox]; j < jHi[ox]; j++) {
                        int x = left + j * window.dilationW();
                        float value = src[plane + y * s[2] + x * s[3]];
                        // Written without branches on the data, which would be mispredicted
                        // half the time: the first maximum wins, and any NaN wins.
                        boolean wins = value > best | value != value;
                        best = wins ? value : best;
                        at = wins ? y * g.w + x : at;
                    }
                }
                v[o] = best;
                idx[o] = at;
            }
        }
    }

    /**
     * One plane of the common 2×2, stride 2 pooling, from {@code src[plane]} into {@code v} and
     * {@code idx} from {@code o}, with the four taps of each window named. Where the plane's
     * columns are contiguous, {@link #pairsOfVectors} computes a vector of windows at a time;
     * what it cannot reach safely is done here one window at a time.
     */
    private static void maxOfPairs(float[] src, int plane, int rowStride, int colStride, Geometry g, float[] v, float[] idx,
            int o) {
        int planeEnd = o + g.oh * g.ow;
        for (int oy = 0; oy < g.oh; oy++, o += g.ow) {
            int top = plane + 2 * oy * rowStride;
            int ox = colStride == 1 ? pairsOfVectors(src, top, rowStride, oy, g, v, idx, o, planeEnd) : 0;
            for (; ox < g.ow; ox++) {
                int at = top + 2 * ox * colStride;
                float a = src[at], b = src[at + colStride], c = src[at + rowStride], d = src[at + rowStride + colStride];
                // Math.max is branch-free and makes the maximum NaN if any tap is; the winner is
                // then the first tap equal to it (or NaN), numbered 0-3 in row-major order and
                // found with one chain of integer conditional moves from the last tap back, and
                // then the last NaN, as PyTorch picks it.
                // Branching on the data instead, mispredicted half the time, was 5× slower, and
                // so was a second chain choosing the value. The winner is read back so that -0
                // keeps its sign when it comes first.
                float max = Math.max(Math.max(a, b), Math.max(c, d));
                int k = 3;
                k = c == max | c != c ? 2 : k;
                k = b == max | b != b ? 1 : k;
                k = a == max | a != a ? 0 : k;
                k = b != b ? 1 : k;
                k = c != c ? 2 : k;
                k = d != d ? 3 : k;
                int dy = k >> 1, dx = k & 1;
                v[o + ox] = src[at + dy * rowStride + dx * colStride];
                idx[o + ox] = (2 * oy + dy) * g.w + 2 * ox + dx;
            }
        }
    }

    /**
     * Windows {@code [0, n)} of output row {@code oy} (whose input rows start at
     * {@code src[top]} and {@code src[top + rowStride]}, columns contiguous), a vector of
     * windows at a time; returns n, the first window left to the caller. Each vector reads
     * two vectors of each input row, split into even and odd columns, and picks the same
     * winner as the scalar loop with blends. A vector that runs past the row stores garbage
     * in the next output row, which is computed after it; a vector is only used where its
     * reads stay in {@code src} and its stores stay in this plane ({@code planeEnd}).
     */
    private static int pairsOfVectors(float[] src, int top, int rowStride, int oy, Geometry g, float[] v, float[] idx, int o,
            int planeEnd) {
        final VectorSpecies<Float> species = Kernels.SPECIES;
        final int lanes = Kernels.LANES;
        final FloatVector even = FloatVector.fromArray(species, EVEN_LANES, 0);
        final FloatVector odd = FloatVector.fromArray(species, ODD_LANES, 0);
        int ox = 0;
        for (; ox < g.ow && o + ox + lanes <= planeEnd && top + rowStride + 2 * ox + 2 * lanes <= src.length; ox += lanes) {
            int at = top + 2 * ox;
            FloatVector row0Lo = FloatVector.fromArray(species, src, at);
            FloatVector row0Hi = FloatVector.fromArray(species, src, at + lanes);
            FloatVector row1Lo = FloatVector.fromArray(species, src, at + rowStride);
            FloatVector row1Hi = FloatVector.fromArray(species, src, at + rowStride + lanes);
            FloatVector a = even.selectFrom(row0Lo, row0Hi);
            FloatVector b = odd.selectFrom(row0Lo, row0Hi);
            FloatVector c = even.selectFrom(row1Lo, row1Hi);
            FloatVector d = odd.selectFrom(row1Lo, row1Hi);
            FloatVector max = a.max(b).max(c.max(d));
            VectorMask<Float> bNaN = b.test(VectorOperators.IS_NAN);
            VectorMask<Float> cNaN = c.test(VectorOperators.IS_NAN);
            VectorMask<Float> dNaN = d.test(VectorOperators.IS_NAN);
            VectorMask<Float> cWins = c.compare(VectorOperators.EQ, max).or(cNaN);
            VectorMask<Float> bWins = b.compare(VectorOperators.EQ, max).or(bNaN);
            VectorMask<Float> aWins = a.compare(VectorOperators.EQ, max).or(a.test(VectorOperators.IS_NAN));
            d.blend(c, cWins).blend(b, bWins).blend(a, aWins).intoArray(v, o + ox);
            FloatVector offset = FloatVector.broadcast(species, g.w + 1f).blend(g.w, cWins).blend(1f, bWins).blend(0f, aWins)
                    .blend(1f, bNaN).blend(g.w, cNaN).blend(g.w + 1f, dNaN);
            // The even lane indexes 0, 2, 4, ... are also each window's first column from 2·ox.
            even.add((float) (2 * oy * g.w + 2 * ox)).add(offset).intoArray(idx, o + ox);
        }
        return Math.min(ox, g.ow);
    }


    /**
     * The gradient of {@link #maxPool2d}: each output gradient is added to the input element that
     * won its window, as {@code indices} records it (added up where windows overlap). Planes
     * are spread over {@link Parallelism}'s threads; each plane's sums run in window order.
     *
     * @param gradOutput {@code [N, C, OH, OW]}, any strides
     * @param indices the {@link MaxResult#indices()} of the forward pass, same shape
     * @param height the input height {@code H}
     * @param width the input width {@code W}
     * @return a new contiguous {@code [N, C, H, W]} tensor
     * @throws IllegalArgumentException if {@code gradOutput} is not 4-D, {@code indices} has
     *     another shape, or an index is not a position in an {@code H × W} plane
     */
    public static Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int height, int width) {
        Im2col.requireRank4(gradOutput, "maxPool2dBackward");
        if (!indices.shape().equals(gradOutput.shape())) {
            throw new IllegalArgumentException("maxPool2dBackward expects indices of the gradient's shape "
                    + gradOutput.shape() + ", got shape " + indices.shape());
        }
        int n = gradOutput.size(0), c = gradOutput.size(1), oh = gradOutput.size(2), ow = gradOutput.size(3);
        Tensor grad = gradOutput.contiguous(), where = indices.contiguous();
        Tensor out = Tensor.allocate(Shape.of(n, c, height, width));
        float[] g = grad.data(), at = where.data(), dst = out.data();
        int planes = n * c, planeSize = oh * ow, inputPlane = height * width;
        int chunks = Math.min(planes, Math.max(1, (int) ((long) planes * planeSize / PARALLEL_MIN_OUTPUTS)));
        Parallelism.run(chunks, chunk -> {
            for (int p = (int) ((long) planes * chunk / chunks), end = (int) ((long) planes * (chunk + 1) / chunks); p < end; p++) {
                int from = p * planeSize, to = p * inputPlane;
                for (int i = 0; i < planeSize; i++) {
                    float index = at[where.offset() + from + i];
                    if (!(index >= 0 && index < inputPlane && index == (int) index)) {
                        throw new IllegalArgumentException("maxPool2dBackward index " + index + " is not a position in a "
                                + height + "x" + width + " plane");
                    }
                    dst[to + (int) index] += g[grad.offset() + from + i];
                }
            }
        });
        return out;
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
