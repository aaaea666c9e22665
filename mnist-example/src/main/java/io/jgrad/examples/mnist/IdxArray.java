package io.jgrad.examples.mnist;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The content of an unsigned-byte IDX file: its dimensions, its values in row-major order,
 * and the SHA-256 of the decompressed file (header included) computed while it was read.
 *
 * <p>A class rather than a record because it holds a large array that must neither be
 * copied on every access nor compared element by element in {@code equals}.
 */
public final class IdxArray {
    private final String source;
    private final int[] dims;
    private final byte[] data;
    private final byte[] sha256;

    IdxArray(String source, int[] dims, byte[] data, byte[] sha256) {
        this.source = source;
        this.dims = dims;
        this.data = data;
        this.sha256 = sha256;
    }

    /** The name of the file or resource this was read from. */
    public String source() {
        return source;
    }

    /** The sizes of the dimensions, outermost first (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** The number of values: the product of the dimensions. */
    public int length() {
        return data.length;
    }

    /**
     * The value at {@code index} in row-major order, from 0 to 255.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, length())}
     */
    public int get(int index) {
        if (index < 0 || index >= data.length) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for " + source
                    + " with " + data.length + " values");
        }
        return data[index] & 0xFF;
    }

    /** The SHA-256 of the decompressed file, header included, as 64 lower-case hex digits. */
    public String sha256() {
        return HexFormat.of().formatHex(sha256);
    }

    /** The values themselves, shared: only this package reads them, and never writes. */
    byte[] data() {
        return data;
    }

    @Override
    public String toString() {
        return "IdxArray[" + source + ", dims " + Arrays.toString(dims) + "]";
    }
}
