package io.jgrad.nn;

import io.jgrad.autograd.Functional;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}:
 * per channel (dimension 1), {@code y = (x - mean) / sqrt(var + eps) · weight + bias}.
 *
 * <p>In training the statistics come from the batch (biased variance), and the running
 * statistics move towards them: {@code running = (1 - momentum)·running + momentum·batch},
 * with the unbiased variance. In evaluation the running statistics are used. Without tracked
 * running statistics the batch's are used in both modes.
 *
 * <p>Parameters {@code weight} (ones) and {@code bias} (zeros) when affine; buffers
 * {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked}
 * when tracking. PyTorch keeps the batch count as an int64 scalar; here it is a float scalar,
 * exact up to 2<sup>24</sup> batches, so that state dicts carry the same names.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Variable weight;
    private final Variable bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures < 1 || !(eps >= 0) || Double.isInfinite(eps) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs at least 1 feature, a finite eps >= 0 and"
                    + " momentum in [0, 1], got num_features=" + numFeatures + ", eps=" + eps + ", momentum=" + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        this.runningMean = trackRunningStats ? registerBuffer("running_mean", Tensor.zeros(numFeatures)) : null;
        this.runningVar = trackRunningStats ? registerBuffer("running_var", Tensor.ones(numFeatures)) : null;
        this.numBatchesTracked = trackRunningStats ? registerBuffer("num_batches_tracked", Tensor.scalar(0)) : null;
    }

    /** The number of channels C. */
    public final int numFeatures() {
        return numFeatures;
    }

    /** The scale, {@code [C]}, or {@code null} if not affine. */
    public final Variable weight() {
        return weight;
    }

    /** The shift, {@code [C]}, or {@code null} if not affine. */
    public final Variable bias() {
        return bias;
    }

    /** The running mean, {@code [C]}, updated in place in training, or {@code null} if not tracked. */
    public final Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, {@code [C]}, updated in place in training, or {@code null} if not tracked. */
    public final Tensor runningVar() {
        return runningVar;
    }

    /** How many training batches updated the running statistics (a float scalar), or {@code null} if not tracked. */
    public final Tensor numBatchesTracked() {
        return numBatchesTracked;
    }

    /**
     * Checks the input's rank and channels.
     *
     * @throws IllegalArgumentException naming the expected and given shapes
     */
    abstract void checkInput(Variable input);

    /**
     * @throws IllegalArgumentException if the input's shape is not the layer's, or training sees
     *     only one value per channel
     */
    @Override
    public final Variable forward(Variable input) {
        checkInput(input);
        boolean tracking = runningMean != null;
        Variable out = Functional.batchNorm(input, runningMean, runningVar, weight, bias, isTraining() || !tracking,
                (float) momentum, (float) eps);
        if (tracking && isTraining()) {
            numBatchesTracked.addInPlace(Tensor.scalar(1));
        }
        return out;
    }

    @Override
    protected final String extraRepr() {
        return numFeatures + ", eps=" + PyRepr.of(eps) + ", momentum=" + PyRepr.of(momentum) + ", affine="
                + PyRepr.of(weight != null) + ", bias=" + PyRepr.of(bias != null) + ", track_running_stats="
                + PyRepr.of(runningMean != null);
    }
}
