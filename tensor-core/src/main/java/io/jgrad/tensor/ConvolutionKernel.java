package io.jgrad.tensor;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A 2-D convolution (PyTorch's cross-correlation) and its two gradients, computed one batch
 * item at a time: each item's columns (see {@link Im2col}) are built in a per-thread buffer
 * of {@code C·kh·kw × OH·OW} floats, used by one matrix product and overwritten by the next
 * item's. The batch's columns are never materialized: for a 64-image batch of MNIST's second
 * convolution they would take 42 MB, while one item's (663 KB) stay in the core's L2 cache
 * between being written and being multiplied. Items are spread over {@link Parallelism}'s
 * threads.
 *
 * <p>Shapes: input {@code [N, C, H, W]}, weight {@code [O, C, kh, kw]}, output and output
 * gradient {@code [N, O, OH, OW]}. With {@code K = C·kh·kw} and {@code L = OH·OW}, item n's
 * output is {@code W[O, K] · cols_n[K, L]}; its input gradient is
 * {@code col2im(Wᵀ · G_n)}; the weight gradient is {@code Σ_n G_n · cols_nᵀ}. Results do not
 * depend on the thread count: the weight gradient adds the items in fixed groups and the
 * groups in a fixed order.
 */
public final class ConvolutionKernel {
    /** The weight gradient is summed over this many groups of items at most, whatever the thread count. */
    private static final int WEIGHT_GROUPS = 8;
    /**
     * Each thread's column buffer, softly held: a request thread that ran one large convolution
     * would otherwise keep its buffer (15 MB for a 112×112 image) for as long as it lives.
     */
    private static final ThreadLocal<SoftReference<float[]>> COLUMNS = new ThreadLocal<>();

    private ConvolutionKernel() {
    }

    /**
     * The convolution of {@code input} with {@code weight}, plus {@code bias} per output channel.
     *
     * @param input {@code [N, C, H, W]}, any strides
     * @param weight {@code [O, C, kh, kw]} with {@code kh, kw} those of {@code window}
     * @param bias {@code [O]}, or {@code null} for none
     * @return a new contiguous {@code [N, O, OH, OW]} tensor
     * @throws IllegalArgumentException if a shape is not as above or the window does not fit the input
     */
    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, Window2d window) {
        Geometry g = Geometry.of(input.shape(), weight.shape(), window, "forward");
        if (bias != null && !bias.shape().equals(Shape.of(g.o))) {
            throw new IllegalArgumentException("convolution forward expects a bias of shape [" + g.o + "], got shape "
                    + bias.shape());
        }
        Tensor w = weight.contiguous();
        Tensor b = bias == null ? null : bias.contiguous();
        Tensor out = Tensor.allocate(Shape.of(g.n, g.o, g.oh, g.ow));
        float[] y = out.data();
        Parallelism.run(g.n, item -> {
            float[] cols = g.columns(input, item, window);
            int at = item * g.o * g.l;
            MatmulKernel.multiply(g.o, g.l, g.k, w.data(), w.offset(), g.k, 1, cols, 0, g.l, 1, y, at, g.l);
            if (b != null) {
                // Each output row plus its channel's bias, read as a broadcast (stride 0) operand.
                int[] offsets = {at, at, b.offset()};
                int[] strides = {1, 1, 0};
                for (int ch = 0; ch < g.o; ch++, offsets[0] += g.l, offsets[1] += g.l, offsets[2]++) {
                    Kernels.binaryRow(BinaryOp.ADD, g.l, y, y, b.data(), offsets, strides);
                }
            }
        });
        return out;
    }

    /**
     * The gradient of the loss with respect to the convolution's input.
     *
     * @param gradOutput {@code [N, O, OH, OW]}, any strides
     * @param weight {@code [O, C, kh, kw]}
     * @param height the input height {@code H}
     * @param width the input width {@code W}
     * @return a new contiguous {@code [N, C, H, W]} tensor
     * @throws IllegalArgumentException if the shapes do not agree with each other and the window
     */
    public static Tensor inputGradient(Tensor gradOutput, Tensor weight, int height, int width, Window2d window) {
        if (weight.rank() != 4) {
            throw new IllegalArgumentException("convolution inputGradient expects a weight [O, C, kh, kw], got shape "
                    + weight.shape());
        }
        Shape inputShape = Shape.of(requireRank4(gradOutput, "gradOutput").size(0), weight.size(1), height, width);
        Geometry g = Geometry.of(inputShape, weight.shape(), window, "inputGradient");
        g.requireOutputShape(gradOutput);
        Tensor w = weight.contiguous();
        Tensor grad = gradOutput.contiguous();
        Tensor out = Tensor.allocate(inputShape);
        float[] dx = out.data();
        int c = inputShape.size(1);
        Parallelism.run(g.n, item -> {
            float[] cols = buffer(g.k * g.l);
            // Wᵀ·G_n, reading W [O, K] transposed.
            MatmulKernel.multiply(g.k, g.l, g.o, w.data(), w.offset(), 1, g.k, grad.data(), grad.offset() + item * g.o * g.l,
                    g.l, 1, cols, 0, g.l);
            Im2col.addColumnsInto(cols, 0, g.l, 1, window, dx, item * c * height * width, c, height, width);
        });
        return out;
    }

    /**
     * The gradient of the loss with respect to the convolution's weight.
     *
     * @param gradOutput {@code [N, O, OH, OW]}, any strides
     * @param input the convolution's input {@code [N, C, H, W]}, any strides
     * @param kernelShape the weight's shape {@code [O, C, kh, kw]}
     * @return a new contiguous tensor of {@code kernelShape}
     * @throws IllegalArgumentException if the shapes do not agree with each other and the window
     */
    public static Tensor weightGradient(Tensor gradOutput, Tensor input, Shape kernelShape, Window2d window) {
        Geometry g = Geometry.of(input.shape(), kernelShape, window, "weightGradient");
        g.requireOutputShape(requireRank4(gradOutput, "gradOutput"));
        Tensor grad = gradOutput.contiguous();
        int groups = Math.min(g.n, WEIGHT_GROUPS);
        int size = g.o * g.k;
        float[] partials = new float[groups * size];
        Parallelism.run(groups, group -> {
            float[] product = new float[size];
            for (int item = group; item < g.n; item += groups) {
                float[] cols = g.columns(input, item, window);
                // G_n [O, L] times cols_nᵀ, read as [L, K] through the strides of cols_n [K, L].
                MatmulKernel.multiply(g.o, g.k, g.l, grad.data(), grad.offset() + item * g.o * g.l, g.l, 1, cols, 0, 1, g.l,
                        product, 0, g.k);
                addInto(partials, group * size, product, 0, size);
            }
        });
        Tensor out = Tensor.allocate(kernelShape);
        for (int group = 0; group < groups; group++) {
            addInto(out.data(), 0, partials, group * size, size);
        }
        return out;
    }

    private static void addInto(float[] dst, int dstOff, float[] src, int srcOff, int length) {
        Kernels.binaryRow(BinaryOp.ADD, length, dst, dst, src, new int[] {dstOff, dstOff, srcOff}, new int[] {1, 1, 1});
    }

    private static Tensor requireRank4(Tensor t, String name) {
        if (t.rank() != 4) {
            throw new IllegalArgumentException("convolution expects " + name + " [N, O, OH, OW], got shape " + t.shape());
        }
        return t;
    }

    /** This thread's column buffer, grown to at least {@code size} floats; its contents are left over. */
    private static float[] buffer(int size) {
        SoftReference<float[]> held = COLUMNS.get();
        float[] b = held == null ? null : held.get();
        if (b == null || b.length < size) {
            b = new float[size];
            COLUMNS.set(new SoftReference<>(b));
        }
        return b;
    }

    /** The sizes of one convolution, checked. */
    private record Geometry(int n, int o, int k, int l, int oh, int ow, boolean padded) {
        static Geometry of(Shape input, Shape weight, Window2d window, String op) {
            if (input.rank() != 4) {
                throw new IllegalArgumentException("convolution " + op + " expects an input [N, C, H, W], got shape " + input);
            }
            if (weight.rank() != 4 || weight.size(1) != input.size(1) || weight.size(2) != window.kernelH()
                    || weight.size(3) != window.kernelW()) {
                throw new IllegalArgumentException("convolution " + op + " expects a weight [O, " + input.size(1) + ", "
                        + window.kernelH() + ", " + window.kernelW() + "] for an input of shape " + input + ", got shape "
                        + weight);
            }
            int oh = window.outputHeight(input.size(2)), ow = window.outputWidth(input.size(3));
            long k = (long) input.size(1) * window.kernelH() * window.kernelW();
            if (k * oh * ow > Integer.MAX_VALUE || (long) weight.size(0) * oh * ow * input.size(0) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("convolution " + op + " of an input of shape " + input
                        + " is too large: a buffer would exceed " + Integer.MAX_VALUE + " elements");
            }
            return new Geometry(input.size(0), weight.size(0), (int) k, oh * ow, oh, ow,
                    window.padH() > 0 || window.padW() > 0);
        }

        /** Item {@code item}'s columns in this thread's buffer. */
        float[] columns(Tensor input, int item, Window2d window) {
            float[] cols = buffer(k * l);
            if (padded) {
                Arrays.fill(cols, 0, k * l, 0f);
            }
            Im2col.columnsOf(input, item, window, cols, 0);
            return cols;
        }

        void requireOutputShape(Tensor gradOutput) {
            if (!gradOutput.shape().equals(Shape.of(n, o, oh, ow))) {
                throw new IllegalArgumentException("convolution expects gradOutput of shape " + Shape.of(n, o, oh, ow)
                        + ", got shape " + gradOutput.shape());
            }
        }
    }
}
