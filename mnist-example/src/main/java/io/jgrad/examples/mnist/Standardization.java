package io.jgrad.examples.mnist;

import io.jgrad.tensor.Tensor;

/**
 * The input scaling of PyTorch's MNIST recipe, {@code (pixel - 0.1307) / 0.3081}: the mean
 * and standard deviation of the training pixels. Models are trained, evaluated and run on
 * standardized images; with raw [0, 1] pixels plain SGD learns visibly slower.
 */
final class Standardization {
    static final float MEAN = 0.1307f;
    static final float STD = 0.3081f;

    private Standardization() {
    }

    /** {@code images} standardized, as a new tensor. */
    static Tensor apply(Tensor images) {
        return inPlace(images.copy());
    }

    /**
     * A freshly loaded split, standardized in place: a copy of the 188 MB of training images
     * would briefly double them in memory.
     */
    static MnistSplit applyInPlace(MnistSplit split) {
        inPlace(split.images());
        return split;
    }

    private static Tensor inPlace(Tensor images) {
        return images.subInPlace(Tensor.scalar(MEAN)).divInPlace(Tensor.scalar(STD));
    }
}
