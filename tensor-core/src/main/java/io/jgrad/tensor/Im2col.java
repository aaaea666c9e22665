package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two layout changes that turn a convolution into one matrix product, with PyTorch's
 * {@code unfold}/{@code fold} layout: {@link #im2col} copies every window of an
 * {@code [N, C, H, W]} input into a column of an {@code [N, C·kh·kw, OH·OW]} tensor, and
 * {@link #col2im} adds such columns back into an image (its adjoint, the gradient of
 * {@code im2col}).
 *
 * <p>Row {@code (c·kh + i)·kw + j} of an item's column matrix holds input channel {@code c}
 * seen through kernel tap {@code (i, j)} at every output position {@code oy·OW + ox}, so a
 * weight {@code [O, C, kh, kw]} viewed as {@code [O, C·kh·kw]} multiplies it directly and the
 * product {@code [O, OH·OW]} is already the item's {@code [O, OH, OW]} output: nothing is
 * transposed or copied around the product.
 */
public final class Im2col {
    /** Vectors of half the preferred width, for the ends of rows. */
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(Math.max(64, FloatVector.SPECIES_PREFERRED.vectorBitSize() / 2)));
    private Im2col() {
    }

    /**
     * The sliding-window columns of {@code input}: {@code out[n][(c·kh + i)·kw + j][oy·OW + ox]
     * = input[n][c][oy·sh - ph + i·dh][ox·sw - pw + j·dw]}, zero where that falls in the padding.
     * The input may have any strides (views are read in place).
     *
     * @param input {@code [N, C, H, W]}
     * @param window the kernel size, stride, padding and dilation
     * @return a new contiguous {@code [N, C·kh·kw, OH·OW]} tensor
     * @throws IllegalArgumentException if the input is not 4-D, the window does not fit, or the
     *     result would have more than {@link Integer#MAX_VALUE} elements
     */
    public static Tensor im2col(Tensor input, Window2d window) {
        requireRank4(input, "im2col");
        int n = input.size(0);
        Tensor out = Tensor.allocate(columnsShape(n, input.size(1), window, window.outputHeight(input.size(2)),
                window.outputWidth(input.size(3))));
        int itemSize = out.size(1) * out.size(2);
        for (int b = 0; b < n; b++) {
            columnsOf(input, b, window, out.data(), b * itemSize);
        }
        return out;
    }

    /**
     * Writes item {@code b}'s {@code [C·kh·kw, OH·OW]} columns into {@code dst} from
     * {@code dstOff}. Entries that fall in the padding are not written: the caller supplies
     * them as zeros.
     */
    static void columnsOf(Tensor input, int b, Window2d window, float[] dst, int dstOff) {
        int c = input.size(1), h = input.size(2), w = input.size(3);
        int oh = window.outputHeight(h), ow = window.outputWidth(w);
        int kh = window.kernelH(), kw = window.kernelW();
        float[] src = input.data();
        int[] s = input.stridesView();
        int rowStep = window.strideH() * s[2], colStep = window.strideW() * s[3];
        int d = dstOff;
        for (int ch = 0; ch < c; ch++) {
            int plane = input.offset() + b * s[0] + ch * s[1];
            for (int i = 0; i < kh; i++) {
                int rowShift = i * window.dilationH() - window.padH();
                int oyLo = firstInside(rowShift, window.strideH()), oyHi = endInside(rowShift, window.strideH(), h, oh);
                for (int j = 0; j < kw; j++, d += oh * ow) {
                    int colShift = j * window.dilationW() - window.padW();
                    int oxLo = firstInside(colShift, window.strideW()), oxHi = endInside(colShift, window.strideW(), w, ow);
                    int length = oxHi - oxLo;
                    if (length <= 0) {
                        continue;
                    }
                    // The row of taps (i, j) that the window at (oy, oxLo) sees, then one step per window.
                    int from = plane + (oyLo * window.strideH() + rowShift) * s[2] + (oxLo * window.strideW() + colShift) * s[3];
                    for (int oy = oyLo, to = d + oyLo * ow + oxLo; oy < oyHi; oy++, from += rowStep, to += ow) {
                        if (colStep == 1) {
                            System.arraycopy(src, from, dst, to, length);
                        } else {
                            for (int x = 0; x < length; x++) {
                                dst[to + x] = src[from + x * colStep];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Sums columns back into an image, the adjoint of {@link #im2col}: every entry of
     * {@code columns} is added to the input position it was copied from; entries that came from
     * the padding are dropped. The columns may have any strides.
     *
     * @param columns {@code [N, C·kh·kw, OH·OW]}
     * @param height the image height {@code H}
     * @param width the image width {@code W}
     * @param window the kernel size, stride, padding and dilation that made the columns
     * @return a new contiguous {@code [N, C, H, W]} tensor
     * @throws IllegalArgumentException if {@code columns} is not 3-D, its second size is not a
     *     multiple of {@code kh·kw}, or its third is not the number of window positions in
     *     {@code height × width}
     */
    public static Tensor col2im(Tensor columns, int height, int width, Window2d window) {
        if (columns.rank() != 3) {
            throw new IllegalArgumentException("col2im expects columns [N, C*kh*kw, OH*OW], got shape " + columns.shape());
        }
        int kh = window.kernelH(), kw = window.kernelW();
        int oh = window.outputHeight(height), ow = window.outputWidth(width);
        int n = columns.size(0), k = columns.size(1);
        if (k % (kh * kw) != 0 || columns.size(2) != oh * ow) {
            throw new IllegalArgumentException("col2im for a " + kh + "x" + kw + " kernel and a " + height + "x" + width
                    + " image expects columns [N, C*" + kh * kw + ", " + oh * ow + "] (" + oh + "x" + ow
                    + " window positions), got shape " + columns.shape());
        }
        int c = k / (kh * kw);
        Tensor out = Tensor.allocate(Shape.of(n, c, height, width));
        int[] s = columns.stridesView();
        for (int b = 0; b < n; b++) {
            addColumnsInto(columns.data(), columns.offset() + b * s[0], s[1], s[2], window, out.data(), b * c * height * width,
                    c, height, width);
        }
        return out;
    }

    /**
     * Adds one item's columns, row {@code r} and position {@code p} at
     * {@code src[from + r·rowStride + p·positionStride]}, into the {@code [C, height, width]}
     * image at {@code dst[dstOff]}; entries that came from the padding are dropped.
     */
    static void addColumnsInto(float[] src, int from, int rowStride, int positionStride, Window2d window,
            float[] dst, int dstOff, int c, int height, int width) {
        int kh = window.kernelH(), kw = window.kernelW();
        int oh = window.outputHeight(height), ow = window.outputWidth(width);
        int sh = window.strideH(), sw = window.strideW();
        for (int ch = 0; ch < c; ch++) {
            int plane = dstOff + ch * height * width;
            for (int i = 0; i < kh; i++) {
                int rowShift = i * window.dilationH() - window.padH();
                int oyLo = firstInside(rowShift, sh), oyHi = endInside(rowShift, sh, height, oh);
                for (int j = 0; j < kw; j++) {
                    int colShift = j * window.dilationW() - window.padW();
                    int oxLo = firstInside(colShift, sw), oxHi = endInside(colShift, sw, width, ow);
                    int length = oxHi - oxLo;
                    if (length <= 0) {
                        continue;
                    }
                    int row = from + ((ch * kh + i) * kw + j) * rowStride;
                    for (int oy = oyLo; oy < oyHi; oy++) {
                        int at = row + (oy * ow + oxLo) * positionStride;
                        int to = plane + (oy * sh + rowShift) * width + oxLo * sw + colShift;
                        if (sw == 1 && positionStride == 1) {
                            addRow(dst, to, src, at, length);
                        } else {
                            for (int x = 0; x < length; x++) {
                                dst[to + x * sw] += src[at + x * positionStride];
                            }
                        }
                    }
                }
            }
        }
    }

    static void requireRank4(Tensor input, String op) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(op + " expects an input [N, C, H, W], got shape " + input.shape());
        }
    }

    private static Shape columnsShape(int n, int c, Window2d window, int oh, int ow) {
        long k = (long) c * window.kernelH() * window.kernelW();
        long total = n * k * oh * ow;
        if (k > Integer.MAX_VALUE || total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("im2col of " + n + " items with " + c + " channels, a " + window.kernelH()
                    + "x" + window.kernelW() + " kernel and " + oh + "x" + ow + " positions needs " + total
                    + " elements, more than " + Integer.MAX_VALUE);
        }
        return Shape.of(n, (int) k, oh * ow);
    }

    /** The first window position whose tap, {@code shift} away from the window's start, lies at or after 0. */
    static int firstInside(int shift, int stride) {
        return Math.max(0, Math.ceilDiv(-shift, stride));
    }

    /** One past the last window position (of {@code positions}) whose tap lies before {@code size}. */
    static int endInside(int shift, int stride, int size, int positions) {
        return Math.min(positions, Math.max(0, Math.ceilDiv(size - shift, stride)));
    }

    private static void addRow(float[] dst, int to, float[] src, int from, int length) {
        int x = 0;
        for (int upper = Kernels.SPECIES.loopBound(length); x < upper; x += Kernels.LANES) {
            FloatVector.fromArray(Kernels.SPECIES, dst, to + x)
                    .add(FloatVector.fromArray(Kernels.SPECIES, src, from + x))
                    .intoArray(dst, to + x);
        }
        // The tail in half-width vectors, then scalars: a masked vector store checks its lanes
        // one by one, which made it the hottest part of col2im on 24-wide rows.
        for (int upper = HALF.loopBound(length); x < upper; x += HALF.length()) {
            FloatVector.fromArray(HALF, dst, to + x)
                    .add(FloatVector.fromArray(HALF, src, from + x))
                    .intoArray(dst, to + x);
        }
        for (; x < length; x++) {
            dst[to + x] += src[from + x];
        }
    }
}
