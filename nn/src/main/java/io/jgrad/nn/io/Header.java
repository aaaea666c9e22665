package io.jgrad.nn.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and fully checked safetensors header: the tensors in header order and the
 * {@code __metadata__} strings. Every check that can fail happens here, before any tensor
 * data is allocated.
 */
record Header(List<TensorEntry> tensors, Map<String, String> metadata) {
    static final String METADATA_KEY = "__metadata__";
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    /**
     * Parses the header bytes of a file whose data section has {@code dataLength} bytes.
     *
     * @throws SafeTensorsFormatException if the bytes are not UTF-8 or not strict JSON, a tensor
     *     entry is malformed, a dtype is not one jgrad reads, a shape is negative or too large,
     *     offsets are reversed, out of range, overlapping, leave gaps, or disagree with the shape
     */
    static Header parse(byte[] bytes, long dataLength) throws SafeTensorsFormatException {
        if (!(JsonParser.parse(decodeUtf8(bytes)) instanceof Map<?, ?> root)) {
            throw new SafeTensorsFormatException("the header must be a JSON object");
        }
        List<TensorEntry> tensors = new ArrayList<>(root.size());
        Map<String, String> metadata = Map.of();
        for (Map.Entry<?, ?> member : root.entrySet()) {
            String name = (String) member.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(member.getValue());
            } else {
                tensors.add(entry(name, member.getValue(), dataLength));
            }
        }
        checkCoverage(tensors, dataLength);
        return new Header(Collections.unmodifiableList(tensors), metadata);
    }

    private static String decodeUtf8(byte[] bytes) throws SafeTensorsFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new SafeTensorsFormatException("the header is not valid UTF-8: malformed byte sequence at byte "
                    + in.position() + " of the header");
        }
        return out.flip().toString();
    }

    private static Map<String, String> metadata(Object value) throws SafeTensorsFormatException {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> members)) {
            throw new SafeTensorsFormatException(METADATA_KEY + " must be an object of strings, found " + kind(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> member : members.entrySet()) {
            String key = (String) member.getKey();
            if (!(member.getValue() instanceof String text)) {
                throw new SafeTensorsFormatException(METADATA_KEY + " value of " + JsonParser.quote(key)
                        + " must be a string, found " + kind(member.getValue()));
            }
            metadata.put(key, text);
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static TensorEntry entry(String name, Object value, long dataLength) throws SafeTensorsFormatException {
        String tensor = "tensor " + JsonParser.quote(name);
        if (!(value instanceof Map<?, ?> fields)) {
            throw new SafeTensorsFormatException(tensor + " must be an object with dtype, shape and data_offsets, found "
                    + kind(value));
        }
        for (Object field : fields.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new SafeTensorsFormatException(tensor + " has an unknown field " + JsonParser.quote((String) field)
                        + " (expected dtype, shape and data_offsets)");
            }
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsFormatException(tensor + ": dtype must be a string, found " + kind(fields.get("dtype")));
        }
        DType dtype = DType.named(dtypeName).orElseThrow(() -> new SafeTensorsFormatException(tensor
                + " has dtype " + JsonParser.quote(dtypeName) + ", which jgrad cannot read (it reads " + DType.readable() + ")"));
        List<Long> shapeValues = integers(fields.get("shape"), tensor, "shape");
        List<Long> offsets = integers(fields.get("data_offsets"), tensor, "data_offsets");
        int[] shape = shape(shapeValues, tensor);
        if (offsets.size() != 2) {
            throw new SafeTensorsFormatException(tensor + ": data_offsets must hold two integers [begin, end], found "
                    + offsets);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (begin < 0 || end < 0) {
            throw new SafeTensorsFormatException(tensor + " has negative data_offsets " + offsets);
        }
        if (begin > end) {
            throw new SafeTensorsFormatException(tensor + " has data_offsets " + offsets + " whose begin is after its end");
        }
        if (end > dataLength) {
            throw new SafeTensorsFormatException(tensor + " has data_offsets " + offsets + " past the end of the "
                    + dataLength + "-byte data section: the file is truncated or the offsets are wrong");
        }
        long numel = 1;
        for (int size : shape) {
            numel *= size;
        }
        long expected = numel * dtype.size();
        if (expected != end - begin) {
            throw new SafeTensorsFormatException(tensor + " (" + dtype + ", shape " + shapeValues + ") needs "
                    + expected + " bytes, but data_offsets " + offsets + " hold " + (end - begin));
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    private static List<Long> integers(Object value, String tensor, String field) throws SafeTensorsFormatException {
        if (!(value instanceof List<?> list)) {
            throw new SafeTensorsFormatException(tensor + ": " + field + " must be an array of integers, found "
                    + kind(value));
        }
        List<Long> integers = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof Long integer)) {
                throw new SafeTensorsFormatException(tensor + ": " + field + " must be an array of integers, found "
                        + kind(element) + " in it");
            }
            integers.add(integer);
        }
        return integers;
    }

    private static int[] shape(List<Long> sizes, String tensor) throws SafeTensorsFormatException {
        int[] shape = new int[sizes.size()];
        long prefix = 1;
        for (int i = 0; i < shape.length; i++) {
            long size = sizes.get(i);
            if (size < 0) {
                throw new SafeTensorsFormatException(tensor + " has a negative size " + size + " in shape " + sizes);
            }
            // The same rule as Shape.of, which rejects a shape once a product of leading sizes
            // passes Integer.MAX_VALUE, even if a later size is 0; checking each step also keeps
            // the product from overflowing a long.
            prefix = size > Integer.MAX_VALUE ? Long.MAX_VALUE : prefix * size;
            if (prefix > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(tensor + " has shape " + sizes
                        + ", too large for a jgrad tensor (at most " + Integer.MAX_VALUE + " elements)");
            }
            shape[i] = (int) size;
        }
        return shape;
    }

    private static void checkCoverage(List<TensorEntry> tensors, long dataLength) throws SafeTensorsFormatException {
        List<TensorEntry> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long covered = 0;
        TensorEntry previous = null;
        for (TensorEntry t : byOffset) {
            if (t.begin() < covered) {
                throw new SafeTensorsFormatException(t.describe() + " overlaps " + previous.describe());
            }
            if (t.begin() > covered) {
                throw new SafeTensorsFormatException("bytes [" + covered + ", " + t.begin()
                        + ") of the data section belong to no tensor: a gap before " + t.describe());
            }
            covered = t.end();
            previous = t;
        }
        if (covered != dataLength) {
            throw new SafeTensorsFormatException("the data section has " + dataLength + " bytes but the tensors cover "
                    + covered + ": bytes [" + covered + ", " + dataLength + ") belong to no tensor");
        }
    }

    private static String kind(Object value) {
        return switch (value) {
            case null -> "nothing";
            case Map<?, ?> _ -> "an object";
            case List<?> _ -> "an array";
            case String _ -> "a string";
            default -> "an integer";
        };
    }
}
