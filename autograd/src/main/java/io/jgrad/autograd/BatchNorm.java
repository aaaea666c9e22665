package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation with the batch's own statistics (training mode): per channel (dimension
 * 1), over every other dimension, {@code y = (x - mean) / sqrt(var + eps) · γ + β} with the
 * biased variance. With {@code x̂} the normalised input, M the values per channel and G the
 * output gradient: {@code dβ = Σ G}, {@code dγ = Σ G·x̂},
 * {@code dx = γ / sqrt(var + eps) · (G - Σ G / M - x̂ · Σ G·x̂ / M)}.
 *
 * <p>Backward recomputes the statistics from the saved input with variable ops rather than
 * keeping them from forward, so that the gradient is differentiable again in {@code x}.
 */
final class BatchNorm extends Function {
    private final float eps;
    private final int count;
    private final int[] channelShape;
    private final int weightInput;
    private final int biasInput;

    private BatchNorm(Variable[] inputs, float eps, int count, int[] channelShape, int weightInput, int biasInput) {
        super("BatchNorm", inputs);
        this.eps = eps;
        this.count = count;
        this.channelShape = channelShape;
        this.weightInput = weightInput;
        this.biasInput = biasInput;
    }

    /**
     * Normalises {@code x} with its batch statistics and, when the running statistics are given,
     * moves them towards the batch's: {@code r = (1 - momentum)·r + momentum·s}, the variance
     * unbiased there. Arguments as {@link Functional#batchNorm} has checked them; {@code weight},
     * {@code bias} and the running statistics may be null.
     */
    static Variable apply(Variable x, Tensor runningMean, Tensor runningVar, Variable weight, Variable bias,
                          float momentum, float eps) {
        int channels = x.shape().size(1);
        int count = x.value().numel() / channels;
        int[] channelShape = channelShape(x.shape().rank(), channels);
        Tensor mean = channelSum(x.value()).div(count);
        Tensor centered = x.value().sub(mean);
        Tensor var = channelSum(centered.mul(centered)).div(count);
        Tensor out = centered.mulInPlace(var.add(eps).rsqrt());
        if (weight != null) {
            out.mulInPlace(weight.value().reshape(channelShape));
        }
        if (bias != null) {
            out.addInPlace(bias.value().reshape(channelShape));
        }
        if (runningMean != null) {
            runningMean.mulInPlace(1 - momentum).addInPlace(mean.reshape(channels), momentum);
            runningVar.mulInPlace(1 - momentum).addInPlace(var.reshape(channels), momentum * count / (count - 1f));
        }
        int weightInput = weight == null ? -1 : 1;
        int biasInput = bias == null ? -1 : weight == null ? 1 : 2;
        Variable[] inputs = new Variable[1 + (weight == null ? 0 : 1) + (bias == null ? 0 : 1)];
        inputs[0] = x;
        if (weight != null) {
            inputs[weightInput] = weight;
        }
        if (bias != null) {
            inputs[biasInput] = bias;
        }
        if (!recording(inputs)) {
            return Variable.of(out);
        }
        BatchNorm node = new BatchNorm(inputs, eps, count, channelShape, weightInput, biasInput);
        node.save(weight == null ? new Variable[] {x} : new Variable[] {x, weight});
        return node.output(out);
    }

    @Override
    protected Variable[] backward(Variable grad) {
        Variable x = saved(0);
        Variable centered = x.sub(channelSum(x).div(count));
        Variable invStd = channelSum(centered.mul(centered)).div(count).add(eps).pow(-0.5f);
        Variable normalized = centered.mul(invStd);
        Variable sumGrad = channelSum(grad);
        Variable sumGradNormalized = channelSum(grad.mul(normalized));
        Variable[] grads = new Variable[1 + (weightInput < 0 ? 0 : 1) + (biasInput < 0 ? 0 : 1)];
        if (needsGrad(0)) {
            Variable scale = weightInput < 0 ? invStd : invStd.mul(saved(1).reshape(channelShape));
            grads[0] = grad.sub(sumGrad.div(count)).sub(normalized.mul(sumGradNormalized.div(count))).mul(scale);
        }
        int channels = channelShape[1];
        if (weightInput > 0 && needsGrad(weightInput)) {
            grads[weightInput] = sumGradNormalized.reshape(channels);
        }
        if (biasInput > 0 && needsGrad(biasInput)) {
            grads[biasInput] = sumGrad.reshape(channels);
        }
        return grads;
    }

    /** {@code [1, C, 1, ...]} for an input of the given rank: the shape that broadcasts per channel. */
    static int[] channelShape(int rank, int channels) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = channels;
        return shape;
    }

    /** The sum over every dimension but 1, kept as size 1: trailing dimensions first (one contiguous run), then the batch. */
    private static Tensor channelSum(Tensor t) {
        Tensor perItem = t.rank() > 2 ? t.sum(trailingDims(t.rank()), true) : t;
        return perItem.sum(0, true);
    }

    private static Variable channelSum(Variable v) {
        Variable perItem = v.shape().rank() > 2 ? v.sum(trailingDims(v.shape().rank()), true) : v;
        return perItem.sum(0, true);
    }

    private static int[] trailingDims(int rank) {
        int[] dims = new int[rank - 2];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + 2;
        }
        return dims;
    }
}
