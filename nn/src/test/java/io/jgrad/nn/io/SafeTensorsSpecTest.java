package io.jgrad.nn.io;

import static io.jgrad.nn.io.SpecBytes.concat;
import static io.jgrad.nn.io.SpecBytes.f32;
import static io.jgrad.nn.io.SpecBytes.f64;
import static io.jgrad.nn.io.SpecBytes.file;
import static io.jgrad.nn.io.SpecBytes.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability: files built by hand from the format's description, and the writer's exact bytes. */
class SafeTensorsSpecTest {

    @Test
    void readsWhatThePyTorchWriterProduces() throws Exception {
        // The reference writer: compact JSON, __metadata__ first, tensors sorted by dtype then
        // name (so the data order is not the caller's), header padded with spaces to 8 bytes.
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[8,24]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        byte[] bytes = file(padded, f32(0.5f, -0.25f, 1f, 2f, 3f, 4f));

        SafeTensorsContent content = SafeTensors.fromBytes(bytes);

        assertEquals(List.of("bias", "weight"), List.copyOf(content.tensors().keySet()));
        assertTensor(content.tensors().get("bias"), new float[] {0.5f, -0.25f}, 2);
        assertTensor(content.tensors().get("weight"), new float[] {1f, 2f, 3f, 4f}, 2, 2);
        assertEquals(Map.of("format", "pt"), content.metadata());
    }

    @Test
    void keepsHeaderOrderWhateverTheDataOrder() throws Exception {
        String json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"__metadata__\":{}}";
        SafeTensorsContent content = SafeTensors.fromBytes(file(json, f32(1f, 2f, 3f)));

        assertEquals(List.of("b", "a"), List.copyOf(content.tensors().keySet()));
        assertTensor(content.tensors().get("b"), new float[] {3f}, 1);
        assertTensor(content.tensors().get("a"), new float[] {1f, 2f}, 2);
        assertEquals(Map.of(), content.metadata());
    }

    @Test
    void readsPrettyPrintedHeadersWithEscapedNamesScalarsAndEmptyTensors() throws Exception {
        String json = "{\n  \"layers.0.w\\u00e9ight\\t\\\"q\\\"\": {\n    \"dtype\": \"F32\",\n    \"shape\": [],\n"
                + "    \"data_offsets\": [0, 4]\n  },\n  \"empty\": {\"data_offsets\": [4, 4], \"shape\": [0, 3],"
                + " \"dtype\": \"F32\"},\r\n  \"__metadata__\": {\"n\\u00e4me\": \"line\\nbreak \\ud83d\\ude00\"}\n}\n\t \r";
        SafeTensorsContent content = SafeTensors.fromBytes(file(json, f32(-7.5f)));

        assertEquals(List.of("layers.0.wéight\t\"q\"", "empty"), List.copyOf(content.tensors().keySet()));
        assertTensor(content.tensors().get("layers.0.wéight\t\"q\""), new float[] {-7.5f});
        assertTensor(content.tensors().get("empty"), new float[0], 0, 3);
        assertEquals(Map.of("näme", "line\nbreak 😀"), content.metadata());
    }

    @Test
    void readsAnEmptyFile() throws Exception {
        SafeTensorsContent content = SafeTensors.fromBytes(file("{}      ", new byte[0]));
        assertEquals(Map.of(), content.tensors());
        assertEquals(Map.of(), content.metadata());
    }

    @Test
    void convertsF16ToFloatExactly() throws Exception {
        int[] bits = {0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x03FF, 0x8000, 0x7C00, 0xFC00};
        float[] expected = {1f, -2f, 0.333251953125f, 65504f, 0x1p-24f, 0x1.ff8p-15f, -0f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[9],\"data_offsets\":[0,18]},"
                + "\"nan\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[18,20]}}";
        Map<String, Tensor> tensors = SafeTensors.fromBytes(file(json, u16(append(bits, 0x7E00)))).tensors();

        assertTensor(tensors.get("h"), expected, 9);
        assertEquals(Float.NaN, tensors.get("nan").item());
    }

    @Test
    void convertsBF16ToFloatExactly() throws Exception {
        int[] bits = {0x3F80, 0x4049, 0xC2F7, 0x0001, 0x8000, 0x7F80, 0xFF80};
        float[] expected = {1f, 3.140625f, -123.5f, 0x1p-133f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        String json = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[7],\"data_offsets\":[0,14]},"
                + "\"nan\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[14,16]}}";
        Map<String, Tensor> tensors = SafeTensors.fromBytes(file(json, u16(append(bits, 0x7FC0)))).tensors();

        assertTensor(tensors.get("b"), expected, 7);
        assertEquals(Float.NaN, tensors.get("nan").item());
    }

    @Test
    void convertsF64ToTheNearestFloat() throws Exception {
        double[] values = {0.1, 1 + 0x1p-24, 1 + 3 * 0x1p-25, 1e300, -1e300, 1e-50, -1e-50, 0x1p-149, Double.NaN};
        // 1 + 2^-24 lies halfway between two floats and rounds to the even one.
        float[] expected = {0.1f, 1f, 0x1.000002p0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            Float.MIN_VALUE, Float.NaN};
        String json = "{\"d\":{\"dtype\":\"F64\",\"shape\":[3,3],\"data_offsets\":[0,72]}}";

        assertTensor(SafeTensors.fromBytes(file(json, f64(values))).tensors().get("d"), expected, 3, 3);
    }

    @Test
    void convertsIntegersAndBooleansToTheNearestFloat() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8 * 4 + 4 * 2 + 2 * 2 + 2 + 2 + 3).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(0).putLong(-7).putLong((1L << 24) + 1).putLong(Long.MIN_VALUE);
        data.putInt(Integer.MAX_VALUE).putInt(-3);
        data.putShort(Short.MIN_VALUE).putShort((short) 12345);
        data.put((byte) -128).put((byte) 127);
        data.put((byte) 0).put((byte) 255);
        data.put((byte) 0).put((byte) 1).put((byte) 2);
        String json = "{\"i64\":{\"dtype\":\"I64\",\"shape\":[4],\"data_offsets\":[0,32]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[32,40]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[40,44]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[44,46]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[46,48]},"
                + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[48,51]}}";
        Map<String, Tensor> tensors = SafeTensors.fromBytes(file(json, data.array())).tensors();

        // 2^24 + 1 lies halfway between two floats and rounds to the even one, 2^24.
        assertTensor(tensors.get("i64"), new float[] {0f, -7f, 0x1p24f, -0x1p63f}, 4);
        assertTensor(tensors.get("i32"), new float[] {0x1p31f, -3f}, 2);
        assertTensor(tensors.get("i16"), new float[] {-32768f, 12345f}, 2);
        assertTensor(tensors.get("i8"), new float[] {-128f, 127f}, 2);
        assertTensor(tensors.get("u8"), new float[] {0f, 255f}, 2);
        assertTensor(tensors.get("bool"), new float[] {0f, 1f, 1f}, 3);
    }

    @Test
    void readsMixedDtypesInOneFile() throws Exception {
        String json = "{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[2,4]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        byte[] data = concat(u16(0x4000, 0x4200), f32(4f), f64(5));
        Map<String, Tensor> tensors = SafeTensors.fromBytes(file(json, data)).tensors();

        assertEquals(List.of(2f, 3f, 4f, 5f), tensors.values().stream().map(Tensor::item).toList());
    }

    @Test
    void readsTensorsLargerThanOneReadChunk(@TempDir Path dir) throws Exception {
        int n = 50_000;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.5f - 7f;
        }
        Path path = dir.resolve("big.safetensors");
        Files.write(path, file("{\"x\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[0," + 4 * n + "]}}",
                f32(values)));

        assertTensor(SafeTensors.load(path).get("x"), values, n);
    }

    @Test
    void writesTheFormatExactly(@TempDir Path dir) throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight", Tensor.of(new float[] {1f, -2f, 0.5f, Float.MIN_VALUE}, 2, 2));
        tensors.put("bias", Tensor.of(new float[] {3f, -0f}, 2));
        tensors.put("odd \"name\"\\\n\u0001é", Tensor.scalar(9f));
        byte[] bytes = SafeTensors.toBytes(tensors, Map.of("format", "pt"));

        // An independent reading: length field, exact header text, padding, data.
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"odd \\\"name\\\"\\\\\\n\\u0001é\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[24,28]}}";
        assertEquals(json, header.stripTrailing());
        assertEquals(" ".repeat(header.length() - json.length()), header.substring(json.length()));
        assertArrayEquals(f32(1f, -2f, 0.5f, Float.MIN_VALUE, 3f, -0f, 9f),
                Arrays.copyOfRange(bytes, 8 + (int) headerLength, bytes.length));

        Path path = dir.resolve("model.safetensors");
        SafeTensors.save(path, tensors, Map.of("format", "pt"));
        assertArrayEquals(bytes, Files.readAllBytes(path));
    }

    @Test
    void writesNoMetadataObjectWhenThereIsNone() {
        byte[] bytes = SafeTensors.toBytes(Map.of("x", Tensor.zeros(0)), Map.of());
        String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}";
        assertEquals(json, new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8).stripTrailing());
        assertEquals(8 + 56, bytes.length);
    }

    @Test
    void writesContiguousDataForStridedViews() throws Exception {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
        Tensor loaded = SafeTensors.fromBytes(SafeTensors.toBytes(Map.of("t", t), Map.of())).tensors().get("t");
        assertTensor(loaded, new float[] {1, 4, 2, 5, 3, 6}, 3, 2);
    }

    @Test
    void readsFilesMadeByPythonsJsonAndStructModules() throws Exception {
        Map<String, Tensor> mixed = SafeTensors.fromBytes(seed("valid-mixed-dtypes")).tensors();
        assertTensor(mixed.get("a"), new float[] {1f, -123.5f}, 2);
        assertTensor(mixed.get("b"), new float[] {1.5f, -65504f}, 2);
        assertTensor(mixed.get("c"), new float[] {3.25f}, 1);
        assertTensor(mixed.get("d"), new float[] {0.1f}, 1);

        SafeTensorsContent pretty = SafeTensors.fromBytes(seed("valid-pretty-escaped"));
        assertTensor(pretty.tensors().get("layers.0.wéight\t\"q\""), new float[] {Float.NaN, -0f}, 1, 2);
        assertEquals(Map.of("näme", "line\nbreak 😀"), pretty.metadata());

        SafeTensorsContent pytorchLike = SafeTensors.fromBytes(seed("valid-pytorch-like"));
        assertTensor(pytorchLike.tensors().get("weight"), new float[] {1f, 2f, 3f, 4f}, 2, 2);
        assertEquals(Map.of("format", "pt"), pytorchLike.metadata());
    }

    /** A valid file of the fuzz test's seed corpus, which Python's stdlib wrote (see its README). */
    private static byte[] seed(String name) throws Exception {
        try (var in = SafeTensorsSpecTest.class.getResourceAsStream("SafeTensorsFuzzTestInputs/readsOrRejects/" + name)) {
            return in.readAllBytes();
        }
    }

    private static int[] append(int[] a, int b) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    /** Shape and every bit of every element. */
    static void assertTensor(Tensor actual, float[] expected, int... shape) {
        assertEquals(Shape.of(shape), actual.shape());
        float[] values = actual.toArray();
        assertEquals(expected.length, values.length);
        for (int i = 0; i < values.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]);
            int a = Float.floatToRawIntBits(values[i]);
            if (e != a) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + " (0x" + Integer.toHexString(e)
                        + ") but was " + values[i] + " (0x" + Integer.toHexString(a) + ")");
            }
        }
    }
}
