package io.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/** Whatever is saved loads back the same: names, order, shapes, every bit, metadata. */
class SafeTensorsRoundTripTest {
    private static final long SEED = 20_261_126L;

    /** Name characters that stress escaping and UTF-8: quotes, controls, 2-, 3- and 4-byte characters. */
    private static final String[] NAME_PARTS = {"a", "Z", "0", ".", "_", "-", " ", "\"", "\\", "/", "\n", "\t",
        "\u0000", "\u001f", "\u007f", "é", "€", "\u2028", "😀", "__metadata_", "layers.0.weight"};

    /** Floats whose bits a careless path would change: NaN payloads, signed zero, subnormals. */
    private static final int[] SPECIAL_BITS = {0x7FC00000, 0x7F800001, 0xFFC12345, 0x7FBFFFFF, 0x80000000, 0,
        0x00000001, 0x007FFFFF, 0x80000001, 0x7F800000, 0xFF800000, 0x7F7FFFFF, 0x00800000};

    private static final Gen<String> NAMES = in -> {
        int parts = (int) in.next(Constraint.between(0, 5));
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            name.append(NAME_PARTS[(int) in.next(Constraint.between(0, NAME_PARTS.length - 1))]);
        }
        return name.toString();
    };

    private static final Gen<Tensor> TENSORS = in -> {
        int rank = (int) in.next(Constraint.between(0, 4));
        int[] shape = new int[rank];
        int numel = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = (int) in.next(Constraint.between(0, 5));
            numel *= shape[d];
        }
        float[] values = new float[numel];
        for (int i = 0; i < numel; i++) {
            boolean special = in.next(Constraint.between(0, 3)) == 0;
            int bits = special
                    ? SPECIAL_BITS[(int) in.next(Constraint.between(0, SPECIAL_BITS.length - 1))]
                    : (int) in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE));
            values[i] = Float.intBitsToFloat(bits);
        }
        return Tensor.of(values, shape);
    };

    private static final Gen<Map<String, Tensor>> STATE_DICTS = in -> {
        int count = (int) in.next(Constraint.between(0, 6));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = NAMES.generate(in);
            if (!name.equals(Header.METADATA_KEY)) {
                tensors.put(name, TENSORS.generate(in));
            }
        }
        return tensors;
    };

    private static final Gen<Map<String, String>> METADATA = in -> {
        int count = (int) in.next(Constraint.between(0, 3));
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            metadata.put(NAMES.generate(in), NAMES.generate(in));
        }
        return metadata;
    };

    @Test
    void bytesRoundTrip() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(STATE_DICTS, METADATA).checkAssert((tensors, metadata) -> {
            SafeTensorsContent loaded = assertDoesNotThrow(() -> SafeTensors.fromBytes(SafeTensors.toBytes(tensors,
                    metadata)));
            assertSame(tensors, metadata, loaded);
        });
    }

    @Test
    void filesRoundTrip(@TempDir Path dir) {
        Path path = dir.resolve("state.safetensors");
        qt().withFixedSeed(SEED + 1).withExamples(50).forAll(STATE_DICTS, METADATA).checkAssert((tensors, metadata) -> {
            SafeTensorsContent loaded = assertDoesNotThrow(() -> {
                SafeTensors.save(path, tensors, metadata);
                return SafeTensors.loadWithMetadata(path);
            });
            assertSame(tensors, metadata, loaded);
        });
    }

    @Test
    void loadIgnoresMetadata(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("m.safetensors");
        SafeTensors.save(path, Map.of("x", Tensor.ones(2)));
        assertEquals(Map.of(), SafeTensors.loadWithMetadata(path).metadata());
        SafeTensors.save(path, Map.of("x", Tensor.ones(2)), Map.of("epoch", "3"));
        assertEquals(List.of("x"), List.copyOf(SafeTensors.load(path).keySet()));
        assertEquals(Map.of("epoch", "3"), SafeTensors.loadWithMetadata(path).metadata());
    }

    /** Same names in the same order, same shapes and bits, same metadata in the same order. */
    static void assertSame(Map<String, Tensor> tensors, Map<String, String> metadata, SafeTensorsContent loaded) {
        assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(loaded.tensors().keySet()));
        tensors.forEach((name, t) -> SafeTensorsSpecTest.assertTensor(loaded.tensors().get(name), t.toArray(),
                t.shape().toArray()));
        assertEquals(new ArrayList<>(metadata.entrySet()), new ArrayList<>(loaded.metadata().entrySet()));
    }
}
