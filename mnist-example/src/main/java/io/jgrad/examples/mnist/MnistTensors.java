package io.jgrad.examples.mnist;

import io.jgrad.tensor.Tensor;
import java.util.Arrays;

/** Turns IDX images and labels into an {@link MnistSplit}, checking that they fit together. */
final class MnistTensors {
    /** Floats converted per step: small enough that the whole set is never held twice. */
    private static final int CHUNK_VALUES = 1 << 20;
    /** {@code i / 255f} for every byte, so pixels match PyTorch's {@code ToTensor} bit for bit. */
    private static final float[] SCALED = new float[256];

    static {
        for (int i = 0; i < SCALED.length; i++) {
            SCALED[i] = i / 255f;
        }
    }

    private MnistTensors() {
    }

    /**
     * @throws IdxFormatException if the images are not 28×28, the counts differ, or a label is not a class
     */
    static MnistSplit split(IdxArray images, IdxArray labels) throws IdxFormatException {
        int[] dims = images.dims();
        if (dims[1] != MnistData.IMAGE_SIZE || dims[2] != MnistData.IMAGE_SIZE) {
            throw new IdxFormatException(images.source(), "images are " + dims[1] + "×" + dims[2]
                    + " pixels (dimensions " + Arrays.toString(dims) + "), MNIST-layout data needs "
                    + MnistData.IMAGE_SIZE + "×" + MnistData.IMAGE_SIZE);
        }
        if (labels.length() != dims[0]) {
            throw new IdxFormatException(labels.source(), "holds " + labels.length() + " labels, but "
                    + images.source() + " holds " + dims[0] + " images");
        }
        return new MnistSplit(pixels(images.data(), dims[0]), classes(labels));
    }

    /** Fills the tensor a chunk at a time, since {@link Tensor#of} copies its array. */
    private static Tensor pixels(byte[] bytes, int count) {
        int rowsPerChunk = CHUNK_VALUES / MnistData.PIXELS;
        Tensor out = Tensor.zeros(count, 1, MnistData.IMAGE_SIZE, MnistData.IMAGE_SIZE);
        float[] chunk = new float[Math.min(count, rowsPerChunk) * MnistData.PIXELS];
        for (int first = 0; first < count; first += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, count - first);
            float[] part = rows * MnistData.PIXELS == chunk.length ? chunk : new float[rows * MnistData.PIXELS];
            int base = first * MnistData.PIXELS;
            for (int i = 0; i < part.length; i++) {
                part[i] = SCALED[bytes[base + i] & 0xFF];
            }
            out.narrow(0, first, rows).copyFrom(Tensor.of(part, rows, 1, MnistData.IMAGE_SIZE, MnistData.IMAGE_SIZE));
        }
        return out;
    }

    /** Checked here: a label past the model's outputs would otherwise fail deep inside training. */
    private static Tensor classes(IdxArray labels) throws IdxFormatException {
        byte[] bytes = labels.data();
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int label = bytes[i] & 0xFF;
            if (label >= MnistData.CLASSES) {
                throw new IdxFormatException(labels.source(), "label " + label + " at index " + i
                        + " is not a class from 0 to " + (MnistData.CLASSES - 1));
            }
            values[i] = label;
        }
        return Tensor.of(values, values.length);
    }
}
