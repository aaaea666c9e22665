package io.jgrad.examples.mnist;

import io.jgrad.tensor.Tensor;
import java.util.Objects;

/**
 * One part of an MNIST-layout data set (training or test): {@code images} of shape
 * {@code [N, 1, 28, 28]} (batch, channel, row, column, as PyTorch's {@code ToTensor} gives),
 * pixels scaled from 0–255 to [0, 1] as {@code value / 255f}; and {@code labels} of shape
 * {@code [N]}, the class indices 0–9 as floats. A fully connected model may take
 * {@link #flatImages()}, the same storage seen as {@code [N, 784]}.
 *
 * @param images {@code [N, 1, 28, 28]} floats in [0, 1]
 * @param labels {@code [N]} class indices
 */
public record MnistSplit(Tensor images, Tensor labels) {
    /**
     * @throws IllegalArgumentException if the shapes are not {@code [N, 1, 28, 28]} and {@code [N]}
     * @throws NullPointerException if a tensor is null
     */
    public MnistSplit {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (images.rank() != 4 || images.size(1) != 1 || images.size(2) != MnistData.IMAGE_SIZE
                || images.size(3) != MnistData.IMAGE_SIZE || labels.rank() != 1 || labels.size(0) != images.size(0)) {
            throw new IllegalArgumentException("an MNIST split needs images [N, 1, " + MnistData.IMAGE_SIZE + ", "
                    + MnistData.IMAGE_SIZE + "] and labels [N], got " + images.shape() + " and " + labels.shape());
        }
    }

    /** The number of examples, N. */
    public int size() {
        return labels.size(0);
    }

    /**
     * The images as {@code [N, 784]}, one image per row: a view of {@link #images()}, no copy,
     * when that is contiguous, as loaded images are.
     */
    public Tensor flatImages() {
        return images.reshape(size(), MnistData.PIXELS);
    }
}
