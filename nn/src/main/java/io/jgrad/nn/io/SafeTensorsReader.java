package io.jgrad.nn.io;

import io.jgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors bytes in three steps: the length field, the header (checked whole by
 * {@link Header#parse}), then the tensors. Nothing is allocated beyond the 8-byte length
 * field until the header length is known to fit in the source, and no tensor is allocated
 * until every offset is known to lie inside it, so memory stays proportional to the input.
 */
final class SafeTensorsReader {
    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensorsReader() {
    }

    /**
     * Reads a whole safetensors file from {@code source}.
     *
     * @throws SafeTensorsFormatException if the bytes are truncated or malformed
     * @throws X if the source cannot be read
     */
    static <X extends IOException> SafeTensorsContent read(ByteSource<X> source)
            throws X, SafeTensorsFormatException {
        long size = source.size();
        if (size < Long.BYTES) {
            throw new SafeTensorsFormatException("the file has " + size
                    + " bytes, fewer than the 8-byte header length that starts a safetensors file");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        source.read(0, lengthField);
        long headerLength = lengthField.getLong(0);
        // Unsigned in the format: a negative long is a length above 2^63.
        if (headerLength < 0 || headerLength > SafeTensors.MAX_HEADER_LENGTH) {
            throw new SafeTensorsFormatException("header length " + Long.toUnsignedString(headerLength)
                    + " is over the limit of " + SafeTensors.MAX_HEADER_LENGTH + " bytes: the file is corrupt or not"
                    + " safetensors");
        }
        if (headerLength > size - Long.BYTES) {
            throw new SafeTensorsFormatException("header length " + headerLength + " is longer than the "
                    + (size - Long.BYTES) + " bytes after the length field: the file is truncated or not safetensors");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        source.read(Long.BYTES, ByteBuffer.wrap(headerBytes));
        long dataStart = Long.BYTES + headerLength;
        Header header = Header.parse(headerBytes, size - dataStart);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorEntry entry : header.tensors()) {
            tensors.put(entry.name(), readTensor(source, dataStart, entry, chunk));
        }
        return new SafeTensorsContent(tensors, header.metadata());
    }

    private static <X extends IOException> Tensor readTensor(ByteSource<X> source, long dataStart,
            TensorEntry entry, ByteBuffer chunk) throws X {
        float[] values = new float[entry.numel()];
        int elementSize = entry.dtype().size();
        int perChunk = chunk.capacity() / elementSize;
        long position = dataStart + entry.begin();
        for (int done = 0; done < values.length; ) {
            int count = Math.min(perChunk, values.length - done);
            chunk.clear().limit(count * elementSize);
            source.read(position, chunk);
            entry.dtype().decode(chunk.flip(), values, done, count);
            done += count;
            position += (long) count * elementSize;
        }
        return Tensor.of(values, entry.shape());
    }
}
