package io.jgrad.examples.mnist;

import java.util.Objects;

/**
 * A data set in the MNIST layout: its training and test splits as tensors (see
 * {@link MnistSplit} for shapes and scaling). {@link MnistSource} loads one.
 *
 * @param train the training split
 * @param test the test split
 */
public record MnistData(MnistSplit train, MnistSplit test) {
    /** The height and width of an image, in pixels. */
    public static final int IMAGE_SIZE = 28;
    /** The pixels in one image: the length of a row of {@link MnistSplit#flatImages()}. */
    public static final int PIXELS = IMAGE_SIZE * IMAGE_SIZE;
    /** The number of classes; labels are 0 to {@code CLASSES - 1}. */
    public static final int CLASSES = 10;

    /** @throws NullPointerException if a split is null */
    public MnistData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }
}
