package io.jgrad.nn;

import io.jgrad.autograd.Variable;

/**
 * Batch normalisation of {@code [N, C, H, W]} inputs over the batch and both spatial
 * dimensions per channel, as PyTorch's {@code nn.BatchNorm2d}; see {@link BatchNorm}.
 */
public final class BatchNorm2d extends BatchNorm {
    /** With PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * A layer with every setting given: see {@link BatchNorm} for what each does.
     *
     * @throws IllegalArgumentException if {@code numFeatures} is below 1, eps is negative or
     *     not finite, or momentum is outside {@code [0, 1]}
     */
    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    void checkInput(Variable input) {
        if (input.shape().rank() != 4 || input.shape().size(1) != numFeatures()) {
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures() + ") expects an input [N, " + numFeatures()
                    + ", H, W], got shape " + input.shape());
        }
    }
}
