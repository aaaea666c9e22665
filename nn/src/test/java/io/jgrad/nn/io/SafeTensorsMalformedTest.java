package io.jgrad.nn.io;

import static io.jgrad.nn.io.SpecBytes.f32;
import static io.jgrad.nn.io.SpecBytes.file;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broken and hostile files: each fails with a message that says what is wrong. */
class SafeTensorsMalformedTest {
    private static final String W = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void rejectsFilesShorterThanTheLengthField() {
        assertMessage("the file has 0 bytes, fewer than the 8-byte header length that starts a safetensors file",
                new byte[0]);
        assertMessage("the file has 7 bytes, fewer than the 8-byte header length that starts a safetensors file",
                new byte[7]);
    }

    @Test
    void rejectsAbsurdHeaderLengths() {
        assertMessage("header length 18446744073709551615 is over the limit of 100000000 bytes: the file is corrupt"
                + " or not safetensors", lengthField(-1));
        assertMessage("header length 100000001 is over the limit of 100000000 bytes: the file is corrupt or not"
                + " safetensors", lengthField(100_000_001));
    }

    @Test
    void rejectsHeaderLengthsPastTheEndOfTheFile() {
        byte[] bytes = Arrays.copyOf(lengthField(100), 28);
        assertMessage("header length 100 is longer than the 20 bytes after the length field:"
                + " the file is truncated or not safetensors", bytes);
    }

    @Test
    void rejectsEveryTruncationOfAValidFile() throws Exception {
        byte[] whole = file(W + " ".repeat(8 - (W.length() % 8)), f32(1f, 2f));
        SafeTensors.fromBytes(whole);
        for (int length = 0; length < whole.length; length++) {
            byte[] prefix = Arrays.copyOf(whole, length);
            assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.fromBytes(prefix), "length " + length);
        }
        assertMessage("tensor \"w\" has data_offsets [0, 8] past the end of the 4-byte data section:"
                + " the file is truncated or the offsets are wrong", Arrays.copyOf(whole, whole.length - 4));
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] header = W.getBytes();
        header[2] = (byte) 0xFF;
        assertMessage("the header is not valid UTF-8: malformed byte sequence at byte 2 of the header",
                file(header, f32(1f, 2f)));
        // An overlong '/' and an encoded surrogate are malformed too.
        assertMessage("the header is not valid UTF-8: malformed byte sequence at byte 2 of the header",
                file(new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '{', '}', '}'}, new byte[0]));
        assertMessage("the header is not valid UTF-8: malformed byte sequence at byte 2 of the header",
                file(new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '{', '}', '}'}, new byte[0]));
        assertMessage("the header is not valid UTF-8: malformed byte sequence at byte 2 of the header",
                file(new byte[] {'{', '"', (byte) 0xE2, (byte) 0x82}, new byte[0]));
    }

    @Test
    void rejectsInvalidJson() {
        assertMessage("invalid header JSON at character 5: unexpected end of the header", file("{\"w\":", new byte[0]));
        assertMessage("invalid header JSON at character 0: unexpected end of the header", file("", new byte[0]));
        assertMessage("the header must be a JSON object", file("[]", new byte[0]));
        assertMessage("the header must be a JSON object", file("\"w\"", new byte[0]));
    }

    @Test
    void rejectsDuplicateNames() {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertMessage("invalid header JSON at character 54: duplicate key \"w\"", file(json, f32(1f, 2f)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "U16       | tensor \"w\" has dtype \"U16\", which jgrad cannot read (it reads F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL)",
        "C64       | tensor \"w\" has dtype \"C64\", which jgrad cannot read (it reads F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL)",
        "f32       | tensor \"w\" has dtype \"f32\", which jgrad cannot read (it reads F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL)",
        "F8_E4M3   | tensor \"w\" has dtype \"F8_E4M3\", which jgrad cannot read (it reads F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL)",
    })
    void rejectsDtypesJgradDoesNotRead(String dtype, String message) {
        assertMessage(message, file(W.replace("F32", dtype), f32(1f, 2f)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"w\":3}"
            + "| tensor \"w\" must be an object with dtype, shape and data_offsets, found an integer",
        "{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}"
            + "| tensor \"w\": dtype must be a string, found nothing",
        "{\"w\":{\"dtype\":[],\"shape\":[2],\"data_offsets\":[0,8]}}"
            + "| tensor \"w\": dtype must be a string, found an array",
        "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}"
            + "| tensor \"w\": shape must be an array of integers, found nothing",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}"
            + "| tensor \"w\": shape must be an array of integers, found an integer",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}"
            + "| tensor \"w\": shape must be an array of integers, found a string in it",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}"
            + "| tensor \"w\": data_offsets must be an array of integers, found nothing",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"strides\":[1]}}"
            + "| tensor \"w\" has an unknown field \"strides\" (expected dtype, shape and data_offsets)",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}"
            + "| tensor \"w\": data_offsets must hold two integers [begin, end], found [0, 4, 8]",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}"
            + "| tensor \"w\": data_offsets must hold two integers [begin, end], found [8]",
        "{\"__metadata__\":[],\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
            + "| __metadata__ must be an object of strings, found an array",
        "{\"w\":null}| tensor \"w\" must be an object with dtype, shape and data_offsets, found nothing",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[null],\"data_offsets\":[0,8]}}"
            + "| tensor \"w\": shape must be an array of integers, found nothing in it",
        "{\"w\":{\"dtype\":null,\"shape\":[2],\"data_offsets\":[0,8]}}| tensor \"w\": dtype must be a string, found nothing",
        "{\"__metadata__\":{\"epoch\":3},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
            + "| __metadata__ value of \"epoch\" must be a string, found an integer",
    })
    void rejectsMalformedEntries(String json, String message) {
        assertMessage(message, file(json, f32(1f, 2f)));
    }

    @Test
    void rejectsNegativeAndOverflowingShapes() {
        assertMessage("tensor \"w\" has a negative size -3 in shape [2, -3]", file(W.replace("[2]", "[2,-3]"), f32(1, 2)));
        assertMessage("tensor \"w\" has shape [65536, 65536], too large for a jgrad tensor (at most 2147483647 elements)",
                file(W.replace("[2]", "[65536,65536]"), f32(1, 2)));
        assertMessage("tensor \"w\" has shape [4294967296, 0], too large for a jgrad tensor (at most 2147483647"
                + " elements)", file(W.replace("[2]", "[4294967296,0]"), f32(1, 2)));
        // 2^62 * 4 overflows a long to 0; it must not pass as an empty tensor.
        assertMessage("tensor \"w\" has shape [4611686018427387904, 4], too large for a jgrad tensor (at most"
                + " 2147483647 elements)", file(W.replace("[2]", "[4611686018427387904,4]"), f32(1, 2)));
    }

    @Test
    void rejectsBadOffsets() {
        assertMessage("tensor \"w\" has negative data_offsets [-8, 0]", file(W.replace("[0,8]", "[-8,0]"), f32(1, 2)));
        assertMessage("tensor \"w\" has data_offsets [8, 0] whose begin is after its end",
                file(W.replace("[0,8]", "[8,0]"), f32(1, 2)));
        assertMessage("tensor \"w\" has data_offsets [0, 12] past the end of the 8-byte data section:"
                + " the file is truncated or the offsets are wrong", file(W.replace("[0,8]", "[0,12]"), f32(1, 2)));
        assertMessage("tensor \"w\" (F32, shape [2]) needs 8 bytes, but data_offsets [0, 4] hold 4",
                file(W.replace("[0,8]", "[0,4]"), f32(1, 2)));
        assertMessage("tensor \"w\" (F32, shape [2, 3]) needs 24 bytes, but data_offsets [0, 8] hold 8",
                file(W.replace("[2]", "[2,3]"), f32(1, 2)));
    }

    @Test
    void rejectsOverlapsGapsAndUncoveredBytes() {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}";
        assertMessage("tensor \"b\" (F32, shape [4], data_offsets [8, 24]) overlaps tensor \"a\" (F32, shape [4],"
                + " data_offsets [0, 16])", file(overlap, new byte[24]));

        String same = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}";
        assertMessage("tensor \"b\" (BF16, shape [4], data_offsets [0, 8]) overlaps tensor \"a\" (F32, shape [2],"
                + " data_offsets [0, 8])", file(same, new byte[8]));

        String emptyInside = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}";
        assertMessage("tensor \"e\" (F32, shape [0], data_offsets [4, 4]) overlaps tensor \"a\" (F32, shape [2],"
                + " data_offsets [0, 8])", file(emptyInside, new byte[8]));

        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}";
        assertMessage("bytes [8, 12) of the data section belong to no tensor: a gap before tensor \"b\" (F32,"
                + " shape [2], data_offsets [12, 20])", file(gap, new byte[20]));

        assertMessage("bytes [0, 4) of the data section belong to no tensor: a gap before tensor \"w\" (F32,"
                + " shape [2], data_offsets [4, 12])", file(W.replace("[0,8]", "[4,12]"), new byte[12]));

        assertMessage("the data section has 12 bytes but the tensors cover 8: bytes [8, 12) belong to no tensor",
                file(W, new byte[12]));
        assertMessage("the data section has 4 bytes but the tensors cover 0: bytes [0, 4) belong to no tensor",
                file("{}", new byte[4]));
    }

    @Test
    void acceptsEmptyTensorsAtTensorBoundaries() throws Exception {
        String json = "{\"e0\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"e8\":{\"dtype\":\"F64\",\"shape\":[3,0],\"data_offsets\":[8,8]}}";
        assertEquals(3, SafeTensors.fromBytes(file(json, f32(1, 2))).tensors().size());
    }

    @Test
    void nullMetadataIsNoMetadataAsForTheReferenceReader() throws Exception {
        // safetensors.torch.load_file accepts "__metadata__": null.
        var content = SafeTensors.fromBytes(file("{\"__metadata__\":null," + W.substring(1), f32(1, 2)));
        assertEquals(Map.of(), content.metadata());
        assertEquals(1, content.tensors().size());
    }

    @Test
    void quotesHostileNamesShortly() {
        String name = "n\u0000" + "x".repeat(10_000);
        String json = "{\"" + name.replace("\u0000", "\\u0000") + "\":{\"dtype\":\"U16\",\"shape\":[0],"
                + "\"data_offsets\":[0,0]}}";
        var e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.fromBytes(file(json, new byte[0])));
        assertTrue(e.getMessage().startsWith("tensor \"n<U+0000>xxx"), e.getMessage());
        assertTrue(e.getMessage().contains("\" (cut, 10002 characters) has dtype \"U16\""), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void allocatesNothingLargeForHugeClaims() {
        // Headers that promise gigabytes in a file of a few hundred bytes.
        byte[] hugeTensor = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[536870911],\"data_offsets\":[0,2147483644]}}",
                new byte[64]);
        byte[] hugeHeader = Arrays.copyOf(lengthField(99_999_999), 256);
        byte[] hugeF16 = file("{\"w\":{\"dtype\":\"F16\",\"shape\":[2147483647],\"data_offsets\":[0,4294967294]}}",
                new byte[64]);
        for (byte[] bytes : new byte[][] {hugeTensor, hugeHeader, hugeF16}) {
            long allocated = allocatedBytes(() -> assertThrows(SafeTensorsFormatException.class,
                    () -> SafeTensors.fromBytes(bytes)));
            assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes");
        }
        // The measure works: a real 4 MB tensor allocates at least its floats.
        byte[] real = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1048576],\"data_offsets\":[0,4194304]}}",
                new byte[1 << 22]);
        assertTrue(allocatedBytes(() -> assertDoesNotThrow(() -> SafeTensors.fromBytes(real))) > 1 << 22);
    }

    @Test
    void loadsFromFilesWithTheSameChecks(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("w.safetensors");
        Files.write(path, file(W, f32(1f)));
        var e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.load(path));
        assertEquals("tensor \"w\" has data_offsets [0, 8] past the end of the 4-byte data section:"
                + " the file is truncated or the offsets are wrong", e.getMessage());
    }

    @Test
    void detectsAFileThatShrinksWhileBeingRead(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("short");
        Files.write(path, new byte[10]);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            var e = assertThrows(SafeTensorsFormatException.class,
                    () -> new ByteSource.OfFile(channel).read(4, ByteBuffer.allocate(8)));
            assertEquals("the file ended at byte 10 while 2 more bytes were expected: it was truncated while being read",
                    e.getMessage());
        }
    }

    @Test
    void rejectsTensorsTheWriterCannotWrite() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of("__metadata__", Tensor.zeros(1)), Map.of()));
        assertEquals("a tensor cannot be named __metadata__: the format reserves that key", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of("a\uD800", Tensor.zeros(1)), Map.of()));
        assertEquals("tensor name \"a\uD800\" is not valid UTF-16 (it has a lone surrogate) and cannot be written as"
                + " UTF-8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of(), Map.of("k", "\uDC00")));
        assertEquals("metadata value of \"k\" \"\uDC00\" is not valid UTF-16 (it has a lone surrogate) and cannot be"
                + " written as UTF-8", e.getMessage());
        var npe = assertThrows(NullPointerException.class,
                () -> SafeTensors.toBytes(Collections.singletonMap("x", null), Map.of()));
        assertEquals("tensor \"x\" is null", npe.getMessage());
    }

    private static byte[] lengthField(long headerLength) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
    }

    private static void assertMessage(String expected, byte[] bytes) {
        var e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.fromBytes(bytes));
        assertEquals(expected, e.getMessage());
    }

    private static long allocatedBytes(Runnable action) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        action.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
