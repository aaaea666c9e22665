package io.jgrad.nn.io;

import io.jgrad.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * A checked, encoded write: the inputs are validated and the header built when it is
 * prepared, so that a bad name fails before any file is touched; {@link #writeTo} then only
 * streams bytes. Tensors go in the map's iteration order, F32, packed from offset 0.
 */
final class SafeTensorsWriter {
    private static final int CHUNK_FLOATS = 1 << 14;

    /** Where the bytes go: a file channel or an array. */
    @FunctionalInterface
    interface Sink<X extends Exception> {
        /** Consumes all remaining bytes of {@code bytes}. */
        void write(ByteBuffer bytes) throws X;
    }

    private final List<Map.Entry<String, Tensor>> tensors;
    private final byte[] header;
    private final long dataLength;

    private SafeTensorsWriter(List<Map.Entry<String, Tensor>> tensors, byte[] header, long dataLength) {
        this.tensors = tensors;
        this.header = header;
        this.dataLength = dataLength;
    }

    /**
     * Checks the inputs and encodes the header.
     *
     * @throws NullPointerException if a map, name, tensor, key or value is null
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}, a string is
     *     not valid UTF-16 (a lone surrogate), or the header would pass the 100 MB readers accept
     */
    static SafeTensorsWriter prepare(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        // A snapshot, so that the header and the data describe the same tensors.
        List<Map.Entry<String, Tensor>> entries = tensors.entrySet().stream()
                .map(e -> Map.entry(checkString(e.getKey(), "tensor name"), Objects.requireNonNull(e.getValue(),
                        () -> "tensor " + JsonParser.quote(e.getKey()) + " is null")))
                .toList();
        StringJoiner members = new StringJoiner(",", "{", "}");
        if (!metadata.isEmpty()) {
            StringJoiner pairs = new StringJoiner(",", "{", "}");
            metadata.forEach((key, value) -> pairs.add(string(checkString(key, "metadata key")) + ":"
                    + string(checkString(value, "metadata value of " + JsonParser.quote(key)))));
            members.add(string(Header.METADATA_KEY) + ":" + pairs);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : entries) {
            if (e.getKey().equals(Header.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + Header.METADATA_KEY
                        + ": the format reserves that key");
            }
            Tensor t = e.getValue();
            long end = offset + (long) t.numel() * Float.BYTES;
            String shape = Arrays.stream(t.shape().toArray()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(",", "[", "]"));
            members.add(string(e.getKey()) + ":{\"dtype\":\"F32\",\"shape\":" + shape
                    + ",\"data_offsets\":[" + offset + "," + end + "]}");
            offset = end;
        }
        return new SafeTensorsWriter(entries, padded(members.toString().getBytes(StandardCharsets.UTF_8)), offset);
    }

    /**
     * {@code json} followed by spaces up to a multiple of 8 bytes, as the reference writer pads,
     * so that the data after the 8-byte length field and the header starts 8-byte aligned.
     */
    private static byte[] padded(byte[] json) {
        long length = ((long) json.length + 7) / 8 * 8;
        if (length > SafeTensors.MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("the header would take " + length + " bytes, more than the "
                    + SafeTensors.MAX_HEADER_LENGTH + " that safetensors readers accept");
        }
        byte[] header = Arrays.copyOf(json, (int) length);
        Arrays.fill(header, json.length, header.length, (byte) ' ');
        return header;
    }

    /** The number of bytes {@link #writeTo} writes. */
    long totalLength() {
        return Long.BYTES + header.length + dataLength;
    }

    /** Writes the length field, the header and the data to {@code sink}. */
    <X extends Exception> void writeTo(Sink<X> sink) throws X {
        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0, header.length);
        sink.write(prefix);
        sink.write(ByteBuffer.wrap(header));
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Tensor> e : tensors) {
            float[] values = e.getValue().toArray();
            for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
                int count = Math.min(CHUNK_FLOATS, values.length - from);
                chunk.clear();
                // Raw bits, so that NaN payloads survive.
                for (int i = from; i < from + count; i++) {
                    chunk.putInt(Float.floatToRawIntBits(values[i]));
                }
                sink.write(chunk.flip());
            }
        }
    }

    private static String checkString(String s, String what) {
        Objects.requireNonNull(s, () -> what + " is null");
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException(what + " " + JsonParser.quote(s)
                    + " is not valid UTF-16 (it has a lone surrogate) and cannot be written as UTF-8");
        }
        return s;
    }

    /** {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
    private static String string(String s) {
        StringBuilder json = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
