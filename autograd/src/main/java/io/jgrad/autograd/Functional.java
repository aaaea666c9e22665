package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;
import java.util.Arrays;

/**
 * Differentiable layer functions, as PyTorch's {@code torch.nn.functional}: convolution,
 * pooling, normalisation and embedding lookup. The layers of {@code io.jgrad.nn} are thin
 * wrappers that own the parameters and call these.
 *
 * <p>Images are {@code [N, C, H, W]}. Every function checks its arguments and throws
 * {@link IllegalArgumentException} naming the expected and the given shapes or values.
 */
public final class Functional {
    private Functional() {
    }

    /**
     * A 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}) with the same stride,
     * zero padding and dilation on both axes:
     * {@code out[n][o][y][x] = bias[o] + Σ_{c,i,j} weight[o][c][i][j] · input[n][c][y·s - p + i·d][x·s - p + j·d]}.
     *
     * @param input {@code [N, C, H, W]}, or {@code [C, H, W]} for one image, as PyTorch allows
     * @param weight {@code [O, C, kh, kw]}
     * @param bias {@code [O]}, or {@code null} for none
     * @param stride the step between window positions, at least 1
     * @param padding zeros added on each side, at least 0
     * @param dilation the spacing of kernel taps, at least 1
     * @return {@code [N, O, OH, OW]} ({@code [O, OH, OW]} for one image),
     *     {@code OH = floor((H + 2p - d·(kh-1) - 1) / s) + 1} and likewise {@code OW}
     * @throws IllegalArgumentException if a shape is not as above, the channels disagree, a
     *     setting is out of range, or the kernel does not fit in the padded input
     */
    public static Variable conv2d(Variable input, Variable weight, Variable bias, int stride, int padding, int dilation) {
        if (input.shape().rank() == 3) {
            return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation).squeeze(0);
        }
        requireRank4(input, "conv2d", "an input [N, C, H, W] or [C, H, W]");
        requireRank4(weight, "conv2d", "a weight [O, C, kh, kw]");
        for (int size : weight.shape().toArray()) {
            if (size < 1) {
                throw new IllegalArgumentException("conv2d expects a weight with positive sizes, got shape " + weight.shape());
            }
        }
        if (input.shape().size(1) != weight.shape().size(1)) {
            throw new IllegalArgumentException("conv2d input of shape " + input.shape() + " has " + input.shape().size(1)
                    + " channels, but the weight of shape " + weight.shape() + " expects " + weight.shape().size(1));
        }
        if (bias != null && !bias.shape().equals(Shape.of(weight.shape().size(0)))) {
            throw new IllegalArgumentException("conv2d expects a bias of shape [" + weight.shape().size(0) + "] for a weight of shape "
                    + weight.shape() + ", got shape " + bias.shape());
        }
        Window2d window = new Window2d(weight.shape().size(2), weight.shape().size(3), stride, stride, padding, padding,
                dilation, dilation);
        window.outputHeight(input.shape().size(2));
        window.outputWidth(input.shape().size(3));
        return Convolution.apply(input, weight, bias, window);
    }

    /** {@link #conv2d(Variable, Variable, Variable, int, int, int)} with stride 1, no padding and dilation 1. */
    public static Variable conv2d(Variable input, Variable weight, Variable bias) {
        return conv2d(input, weight, bias, 1, 0, 1);
    }

    /**
     * The sliding-window columns of an image, as PyTorch's {@code unfold}; see
     * {@link io.jgrad.tensor.Im2col#im2col} for the layout. Its gradient is {@link #fold}.
     *
     * @param input {@code [N, C, H, W]}
     * @return {@code [N, C·kh·kw, OH·OW]}
     * @throws IllegalArgumentException if the input is not 4-D or the window does not fit
     */
    public static Variable unfold(Variable input, Window2d window) {
        requireRank4(input, "unfold", "an input [N, C, H, W]");
        return Unfold.apply(input, window);
    }

    /**
     * Columns summed back into an image, as PyTorch's {@code fold}: the adjoint of
     * {@link #unfold}, see {@link io.jgrad.tensor.Im2col#col2im}.
     *
     * @param columns {@code [N, C·kh·kw, OH·OW]}
     * @return {@code [N, C, height, width]}
     * @throws IllegalArgumentException if the columns do not fit the window and image size
     */
    public static Variable fold(Variable columns, int height, int width, Window2d window) {
        return Fold.apply(columns, height, width, window);
    }

    /**
     * The maximum of each {@code kernel × kernel} window, as PyTorch's {@code max_pool2d}
     * (floor mode); padding never wins. The gradient goes to the first maximum of each window.
     *
     * @param input {@code [N, C, H, W]}, or {@code [C, H, W]} for one image, as PyTorch allows
     * @param padding at most half the window span {@code dilation·(kernel-1) + 1}
     * @return {@code [N, C, OH, OW]} ({@code [C, OH, OW]} for one image)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D, a setting is out of range,
     *     the padding is more than half the span, or a window does not fit or sees only padding
     */
    public static Variable maxPool2d(Variable input, int kernel, int stride, int padding, int dilation) {
        if (input.shape().rank() == 3) {
            return maxPool2d(input.unsqueeze(0), kernel, stride, padding, dilation).squeeze(0);
        }
        requireRank4(input, "maxPool2d", "an input [N, C, H, W] or [C, H, W]");
        return MaxPool.apply(input, Window2d.of(kernel, stride, padding, dilation));
    }

    /** {@link #maxPool2d(Variable, int, int, int, int)} with dilation 1. */
    public static Variable maxPool2d(Variable input, int kernel, int stride, int padding) {
        return maxPool2d(input, kernel, stride, padding, 1);
    }

    /**
     * The mean of each {@code kernel × kernel} window, as PyTorch's {@code avg_pool2d} (floor
     * mode, padding counted as zeros in the divisor {@code kernel²}).
     *
     * @param input {@code [N, C, H, W]}, or {@code [C, H, W]} for one image, as PyTorch allows
     * @param padding at most half the kernel
     * @return {@code [N, C, OH, OW]} ({@code [C, OH, OW]} for one image)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D, a setting is out of range,
     *     the padding is more than half the kernel, or the window does not fit
     */
    public static Variable avgPool2d(Variable input, int kernel, int stride, int padding) {
        if (input.shape().rank() == 3) {
            return avgPool2d(input.unsqueeze(0), kernel, stride, padding).squeeze(0);
        }
        requireRank4(input, "avgPool2d", "an input [N, C, H, W] or [C, H, W]");
        return AvgPool.apply(input, Window2d.of(kernel, stride, padding, 1));
    }

    /**
     * Batch normalisation over dimension 1 (channels), as PyTorch's {@code batch_norm}:
     * {@code y = (x - mean) / sqrt(var + eps) · weight + bias} per channel.
     *
     * <p>In training the mean and the biased variance come from the batch (over every dimension
     * but 1), and when running statistics are given they are updated in place:
     * {@code running = (1 - momentum)·running + momentum·batch}, with the unbiased variance.
     * Otherwise the running statistics are used and left unchanged.
     *
     * @param input {@code [N, C, ...]}, e.g. {@code [N, C]}, {@code [N, C, L]} or {@code [N, C, H, W]}
     * @param runningMean {@code [C]}, contiguous; {@code null} only in training, with {@code runningVar}
     * @param runningVar {@code [C]}, contiguous; {@code null} only in training, with {@code runningMean}
     * @param weight {@code [C]}, or {@code null} for 1
     * @param bias {@code [C]}, or {@code null} for 0
     * @param momentum in {@code [0, 1]}
     * @param eps added to the variance, at least 0
     * @return the input's shape
     * @throws IllegalArgumentException if the input has rank below 2, a tensor's shape is not
     *     {@code [C]}, only one running statistic is given, they are missing in evaluation,
     *     training sees only one value per channel, or momentum or eps is out of range
     * @throws IllegalStateException if a running statistic is not contiguous (it is updated in place)
     */
    public static Variable batchNorm(Variable input, Tensor runningMean, Tensor runningVar, Variable weight, Variable bias,
                                     boolean training, float momentum, float eps) {
        if (input.shape().rank() < 2) {
            throw new IllegalArgumentException("batchNorm expects an input [N, C, ...], got shape " + input.shape());
        }
        int channels = input.shape().size(1);
        Shape perChannel = Shape.of(channels);
        requireShape(runningMean == null ? null : runningMean.shape(), perChannel, "runningMean", input);
        requireShape(runningVar == null ? null : runningVar.shape(), perChannel, "runningVar", input);
        requireShape(weight == null ? null : weight.shape(), perChannel, "weight", input);
        requireShape(bias == null ? null : bias.shape(), perChannel, "bias", input);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batchNorm needs both running statistics or neither, got "
                    + (runningMean == null ? "only runningVar" : "only runningMean"));
        }
        if (!(momentum >= 0 && momentum <= 1) || !(eps >= 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("batchNorm needs momentum in [0, 1] and a finite eps >= 0, got momentum "
                    + momentum + ", eps " + eps);
        }
        if (training) {
            if (input.value().numel() / Math.max(channels, 1) <= 1) {
                throw new IllegalArgumentException("batchNorm in training expects more than 1 value per channel, got input shape "
                        + input.shape());
            }
            return BatchNorm.apply(input, runningMean, runningVar, weight, bias, momentum, eps);
        }
        if (runningMean == null) {
            throw new IllegalArgumentException("batchNorm in evaluation needs running statistics, got none");
        }
        // A per-channel affine map: x·scale + shift, with scale = weight / sqrt(var + eps).
        Tensor invStd = runningVar.add(eps).rsqrt();
        Variable scale = weight == null ? Variable.of(invStd) : weight.mul(Variable.of(invStd));
        Variable shift = Variable.of(runningMean.neg()).mul(scale);
        if (bias != null) {
            shift = bias.add(shift);
        }
        int[] channelShape = BatchNorm.channelShape(input.shape().rank(), channels);
        return input.mul(scale.reshape(channelShape)).add(shift.reshape(channelShape));
    }

    /**
     * Layer normalisation over the last dimensions, as PyTorch's {@code layer_norm}:
     * {@code y = (x - mean) / sqrt(var + eps) · weight + bias}, mean and biased variance over
     * the trailing {@code normalizedShape.length} dimensions of each sample.
     *
     * @param input {@code [..., *normalizedShape]}
     * @param normalizedShape the trailing sizes to normalise over, at least one
     * @param weight {@code normalizedShape}, or {@code null} for 1
     * @param bias {@code normalizedShape}, or {@code null} for 0
     * @param eps added to the variance, at least 0
     * @return the input's shape
     * @throws IllegalArgumentException if the input does not end in {@code normalizedShape}, a
     *     parameter's shape differs from it, or eps is negative
     */
    public static Variable layerNorm(Variable input, int[] normalizedShape, Variable weight, Variable bias, float eps) {
        int k = normalizedShape.length;
        int rank = input.shape().rank();
        Shape normalized = Shape.of(normalizedShape);
        int[] dims = input.shape().toArray();
        if (k == 0) {
            throw new IllegalArgumentException("layerNorm needs a normalizedShape of at least one dimension, got []");
        }
        if (rank < k || !Arrays.equals(Arrays.copyOfRange(dims, rank - k, rank), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm over normalizedShape " + normalized + " expects an input [..., "
                    + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "") + "], got shape " + input.shape());
        }
        if (weight != null && !weight.shape().equals(normalized) || bias != null && !bias.shape().equals(normalized)) {
            throw new IllegalArgumentException("layerNorm expects weight and bias of shape " + normalized + ", got "
                    + (weight == null ? "none" : weight.shape()) + " and " + (bias == null ? "none" : bias.shape()));
        }
        if (!(eps >= 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("layerNorm needs a finite eps >= 0, got " + eps);
        }
        int[] reduced = new int[k];
        for (int i = 0; i < k; i++) {
            reduced[i] = rank - k + i;
        }
        Variable centered = input.sub(input.mean(reduced, true));
        Variable var = centered.mul(centered).mean(reduced, true);
        Variable out = centered.mul(var.add(eps).pow(-0.5f));
        if (weight != null) {
            out = out.mul(weight);
        }
        return bias == null ? out : out.add(bias);
    }

    /**
     * Rows of {@code weight} picked by index, as PyTorch's {@code embedding}: the result has
     * the indices' shape followed by the embedding size. The gradient adds into the picked rows.
     *
     * @param indices whole numbers in {@code [0, numEmbeddings)}, any shape
     * @param weight {@code [numEmbeddings, embeddingDim]}
     * @return {@code [*indices.shape, embeddingDim]}
     * @throws IllegalArgumentException if the weight is not 2-D or an index is not a whole number
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, numEmbeddings)}
     */
    public static Variable embedding(Tensor indices, Variable weight) {
        if (weight.shape().rank() != 2) {
            throw new IllegalArgumentException("embedding expects a weight [numEmbeddings, embeddingDim], got shape "
                    + weight.shape());
        }
        int rows = weight.shape().size(0);
        for (float index : indices.toArray()) {
            if (index != Math.rint(index)) {
                throw new IllegalArgumentException("embedding indices must be whole numbers, got " + index);
            }
            if (index < 0 || index >= rows) {
                throw new IndexOutOfBoundsException("embedding index " + (long) index + " is out of range for "
                        + rows + " embeddings");
            }
        }
        int[] dims = Arrays.copyOf(indices.shape().toArray(), indices.rank() + 1);
        dims[indices.rank()] = weight.shape().size(1);
        return weight.indexSelect(0, indices.reshape(indices.numel())).reshape(dims);
    }

    private static void requireRank4(Variable v, String op, String expected) {
        if (v.shape().rank() != 4) {
            throw new IllegalArgumentException(op + " expects " + expected + ", got shape " + v.shape());
        }
    }

    private static void requireShape(Shape given, Shape expected, String name, Variable input) {
        if (given != null && !given.equals(expected)) {
            throw new IllegalArgumentException("batchNorm expects " + name + " of shape " + expected + " for an input of shape "
                    + input.shape() + ", got shape " + given);
        }
    }
}
