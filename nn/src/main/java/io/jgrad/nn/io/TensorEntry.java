package io.jgrad.nn.io;

import java.util.Arrays;

/**
 * One tensor as a safetensors header describes it, already checked: a supported dtype, a
 * shape jgrad can hold, and a byte range {@code [begin, end)} of the data section whose
 * length matches the shape.
 */
record TensorEntry(String name, DType dtype, int[] shape, long begin, long end) {

    /** The number of elements. */
    int numel() {
        return (int) ((end - begin) / dtype.size());
    }

    /** The entry as messages show it: name, dtype, shape and offsets. */
    String describe() {
        return "tensor " + JsonParser.quote(name) + " (" + dtype + ", shape " + Arrays.toString(shape)
                + ", data_offsets [" + begin + ", " + end + "])";
    }
}
