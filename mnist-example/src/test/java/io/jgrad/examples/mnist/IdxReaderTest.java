package io.jgrad.examples.mnist;

import static io.jgrad.examples.mnist.IdxBytes.gzip;
import static io.jgrad.examples.mnist.IdxBytes.idx;
import static io.jgrad.examples.mnist.IdxBytes.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- round trips

    @Test
    void readsBackWhatWasWrittenRawOrGzippedFromStreamsAndFiles() {
        qt().withFixedSeed(20261126L).withExamples(150)
                .forAll(lists().of(integers().between(0, 7)).ofSizeBetween(1, 4), longs().all())
                .checkAssert((sizes, seed) -> {
                    int[] dims = sizes.stream().mapToInt(Integer::intValue).toArray();
                    byte[] data = randomBytes(product(dims), seed);
                    byte[] raw = idx(dims, data);
                    for (byte[] file : List.of(raw, gzip(raw))) {
                        IdxArray fromStream = read(file, dims.length);
                        IdxArray fromFile = readFile(file, dims.length);
                        for (IdxArray read : List.of(fromStream, fromFile)) {
                            assertArrayEquals(dims, read.dims());
                            assertEquals(data.length, read.length());
                            for (int i = 0; i < data.length; i++) {
                                assertEquals(data[i] & 0xFF, read.get(i));
                            }
                            assertEquals(IdxBytes.sha256(raw), read.sha256());
                        }
                    }
                });
    }

    @Test
    void readsAStreamLargerThanItsFirstBufferAsItGrows() throws IOException {
        int[] dims = {700, 28, 28};
        byte[] data = randomBytes(700 * 28 * 28, 7);
        byte[] raw = idx(dims, data);
        for (byte[] file : List.of(raw, gzip(raw))) {
            IdxArray read = IdxReader.read(new ByteArrayInputStream(file), "big", 3);
            assertArrayEquals(data, read.data());
            assertEquals(IdxBytes.sha256(raw), read.sha256());
        }
    }

    @Test
    void recognizesGzipByItsMagicBytesNotByTheFileName() throws IOException {
        byte[] raw = idx(new int[] {4}, new byte[] {1, 2, 3, 4});
        Path rawNamedGz = Files.write(dir.resolve("labels.gz"), raw);
        Path gzNamedRaw = Files.write(dir.resolve("labels"), gzip(raw));
        assertEquals(4, IdxReader.read(rawNamedGz, 1).get(3));
        assertEquals(4, IdxReader.read(gzNamedRaw, 1).get(3));
    }

    @Test
    void aZeroSizeAfterHugeOnesMakesAnEmptyFile() throws IOException {
        int[] dims = {65536, 65536, 0};
        IdxArray read = read(idx(dims, new byte[0]), 3);
        assertArrayEquals(dims, read.dims());
        assertEquals(0, read.length());
    }

    // ---------------------------------------------------------------- malformed files

    @Test
    void rejectsABadMagicNumber() {
        assertRejected(idx(0x12340801, new int[] {3}, new byte[3]), 1,
                "bad magic number 0x12340801: not an IDX file (expected 0x00000801)");
    }

    @Test
    void rejectsADataTypeOtherThanUnsignedBytes() {
        assertRejected(idx(0x00000D01, new int[] {3}, new byte[12]), 1,
                "unsupported data type 0x0D in magic number 0x00000D01: only unsigned bytes (0x08) are read");
    }

    @Test
    void rejectsAnotherRank() {
        assertRejected(idx(new int[] {3}, new byte[3]), 3,
                "magic number 0x00000801 declares rank 1, expected rank 3 (magic 0x00000803)");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertRejected(new byte[0], 3,
                "truncated header: the file ends after 0 bytes, inside the 4-byte magic number (expected 0x00000803)");
    }

    @Test
    void rejectsAHeaderCutInsideTheSizes() {
        byte[] file = Arrays.copyOf(idx(new int[] {1, 28, 28}, new byte[0]), 9);
        assertRejected(file, 3, "truncated header: the file ends inside the sizes of the 3 dimensions (5 of 12 bytes)");
    }

    @Test
    void rejectsANegativeSize() {
        assertRejected(idx(new int[] {2, -28, 28}, new byte[0]), 3,
                "dimension 1 has a negative size in dimensions [2, -28, 28]");
    }

    @Test
    void rejectsSizesWhoseProductDoesNotFitAnArray() {
        assertRejected(idx(new int[] {Integer.MAX_VALUE, 28, 28}, new byte[0]), 3,
                "dimensions [2147483647, 28, 28] hold more than 2147483639 values, the most this reader accepts");
        assertRejected(idx(new int[] {1 << 30, 2}, new byte[0]), 2,
                "dimensions [1073741824, 2] hold more than 2147483639 values, the most this reader accepts");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] file = idx(new int[] {2, 3}, new byte[5]);
        String stream = "s: truncated: only 5 bytes after the header, dimensions [2, 3] need 6";
        assertEquals(stream, streamError(file, 2));
        assertEquals(stream, streamError(gzip(file), 2));
        Path raw = Files.write(dir.resolve("t"), file);
        assertEquals(raw + ": truncated: 5 bytes after the 12-byte header, dimensions [2, 3] need 6",
                assertThrows(IdxFormatException.class, () -> IdxReader.read(raw, 2)).getMessage());
    }

    @Test
    void rejectsTrailingData() throws IOException {
        byte[] file = idx(new int[] {2, 3}, new byte[7]);
        String stream = "s: trailing data: more than the 6 bytes after the header that dimensions [2, 3] need";
        assertEquals(stream, streamError(file, 2));
        assertEquals(stream, streamError(gzip(file), 2));
        Path raw = Files.write(dir.resolve("t"), file);
        assertEquals(raw + ": trailing data: 7 bytes after the 12-byte header, dimensions [2, 3] need exactly 6",
                assertThrows(IdxFormatException.class, () -> IdxReader.read(raw, 2)).getMessage());
    }

    @Test
    void rejectsAGzipStreamWithABadChecksum() throws IOException {
        byte[] gz = gzip(idx(new int[] {4}, new byte[] {1, 2, 3, 4}));
        gz[gz.length - 8] ^= 1; // the CRC-32 of the trailer
        assertTrue(streamError(gz, 1).startsWith("s: corrupt or truncated gzip data ("), streamError(gz, 1));
        Path file = Files.write(dir.resolve("bad.gz"), gz);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file, 1));
        assertTrue(e.getMessage().startsWith(file + ": corrupt or truncated gzip data ("), e.getMessage());
    }

    @Test
    void rejectsATruncatedGzipStream() {
        byte[] gz = gzip(idx(new int[] {50, 28, 28}, randomBytes(50 * 28 * 28, 3)));
        String message = streamError(Arrays.copyOf(gz, gz.length / 2), 3);
        assertTrue(message.startsWith("s: corrupt or truncated gzip data ("), message);
    }

    @Test
    void aHeaderClaimingAGigabyteCostsOnlyTheMemoryOfTheDataPresent() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] liar = idx(new int[] {1 << 30}, new byte[100]);
        for (byte[] file : List.of(liar, gzip(liar))) {
            long before = threads.getCurrentThreadAllocatedBytes();
            assertEquals("s: truncated: only 100 bytes after the header, dimensions [1073741824] need 1073741824",
                    streamError(file, 1));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes");
        }
    }

    // ---------------------------------------------------------------- arguments

    @Test
    void validatesArguments() {
        var in = new ByteArrayInputStream(new byte[0]);
        assertEquals("an IDX rank must be between 1 and 8, got 0",
                assertThrows(IllegalArgumentException.class, () -> IdxReader.read(in, "s", 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdxReader.read(in, "s", 9));
        assertThrows(NullPointerException.class, () -> IdxReader.read(in, null, 1));
        assertThrows(NullPointerException.class, () -> IdxReader.read((Path) null, 1));
        assertThrows(NoSuchFileException.class, () -> IdxReader.read(dir.resolve("absent"), 1));
    }

    @Test
    void indexesValuesWithinBounds() throws IOException {
        IdxArray read = read(idx(new int[] {2}, new byte[] {(byte) 255, 0}), 1);
        assertEquals(255, read.get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> read.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> read.get(-1));
    }

    // ---------------------------------------------------------------- helpers

    /** Checks one message for the raw and the gzipped stream, and for both as files. */
    private void assertRejected(byte[] raw, int rank, String problem) {
        assertEquals("s: " + problem, streamError(raw, rank));
        assertEquals("s: " + problem, streamError(gzip(raw), rank));
        try {
            for (byte[] content : List.of(raw, gzip(raw))) {
                Path file = Files.write(dir.resolve("f"), content);
                assertEquals(file + ": " + problem,
                        assertThrows(IdxFormatException.class, () -> IdxReader.read(file, rank)).getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String streamError(byte[] file, int rank) {
        return assertThrows(IdxFormatException.class,
                () -> IdxReader.read(new ByteArrayInputStream(file), "s", rank)).getMessage();
    }

    private static IdxArray read(byte[] file, int rank) {
        try {
            return IdxReader.read(new ByteArrayInputStream(file), "s", rank);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IdxArray readFile(byte[] content, int rank) {
        try {
            return IdxReader.read(Files.write(dir.resolve("file"), content), rank);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int product(int[] dims) {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }
}
