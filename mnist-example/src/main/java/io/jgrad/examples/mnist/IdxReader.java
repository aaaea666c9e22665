package io.jgrad.examples.mnist;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files, the format of the MNIST files, raw or gzipped.
 *
 * <p>An IDX file is a 4-byte magic number {@code 0x00 0x00 type rank}, then {@code rank}
 * big-endian 32-bit sizes, then the values in row-major order. This reader accepts the
 * unsigned-byte type ({@code 0x08}) only, with the rank the caller expects: 1 for labels
 * (magic {@code 0x00000801}), 3 for images ({@code 0x00000803}). Gzip is recognized by its
 * magic bytes, whatever the file is called.
 *
 * <p>Every problem is an {@link IdxFormatException} naming the file: a bad magic number,
 * another type or rank, a negative size, more values than a Java array holds, a truncated
 * file, or bytes after the data. Memory is never reserved on the word of the header alone:
 * a raw file's length is checked against the header before anything is allocated, and a
 * gzipped stream's buffer grows only as data actually arrives. Bytes after the end of a
 * gzip stream are ignored, as {@code gzip -d} does.
 */
public final class IdxReader {
    /** The largest rank accepted. */
    public static final int MAX_RANK = 8;
    /** The most values a file may hold: the largest Java array. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int FIRST_CHUNK = 1 << 16;
    private static final int GZIP_BUFFER = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads the IDX file at {@code file}, raw or gzipped.
     *
     * @param rank the number of dimensions the file must have, 1 to {@link #MAX_RANK}
     * @throws IdxFormatException if the file is not a well-formed unsigned-byte IDX file of that rank
     * @throws IOException if the file cannot be read (for instance {@link java.nio.file.NoSuchFileException})
     * @throws IllegalArgumentException if {@code rank} is out of range
     * @throws NullPointerException if {@code file} is null
     */
    public static IdxArray read(Path file, int rank) throws IOException {
        Objects.requireNonNull(file, "file");
        checkRank(rank);
        try (FileChannel channel = FileChannel.open(file)) {
            return read(Channels.newInputStream(channel), file.toString(), rank, channel.size());
        }
    }

    /**
     * Reads an IDX file, raw or gzipped, from {@code in} to its end; does not close {@code in}.
     *
     * @param source the name to give in error messages
     * @param rank the number of dimensions the file must have, 1 to {@link #MAX_RANK}
     * @throws IdxFormatException if the content is not a well-formed unsigned-byte IDX file of that rank
     * @throws IOException if {@code in} fails
     * @throws IllegalArgumentException if {@code rank} is out of range
     * @throws NullPointerException if {@code in} or {@code source} is null
     */
    public static IdxArray read(InputStream in, String source, int rank) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        checkRank(rank);
        return read(in, source, rank, -1);
    }

    private static void checkRank(int rank) {
        if (rank < 1 || rank > MAX_RANK) {
            throw new IllegalArgumentException("an IDX rank must be between 1 and " + MAX_RANK + ", got " + rank);
        }
    }

    /** {@code rawSize} is the byte count of a file known in advance, or -1 for a stream. */
    private static IdxArray read(InputStream in, String source, int rank, long rawSize) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(new Unclosable(in), 2);
        byte[] start = peek.readNBytes(2);
        peek.unread(start);
        if (start.length < 2 || (start[0] & 0xFF) != 0x1F || (start[1] & 0xFF) != 0x8B) {
            return parse(peek, source, rank, rawSize);
        }
        // Only the gzip layer throws these two: the IDX layer counts bytes itself.
        try (GZIPInputStream gzip = new GZIPInputStream(peek, GZIP_BUFFER)) {
            return parse(gzip, source, rank, -1);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(source, "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static IdxArray parse(InputStream in, String source, int rank, long rawSize) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] magic = in.readNBytes(4);
        sha256.update(magic);
        int expectedMagic = UNSIGNED_BYTE << 8 | rank;
        if (magic.length < 4) {
            throw new IdxFormatException(source, "truncated header: the file ends after " + magic.length
                    + " bytes, inside the 4-byte magic number (expected " + hex(expectedMagic) + ")");
        }
        int found = ByteBuffer.wrap(magic).getInt();
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(source, "bad magic number " + hex(found) + ": not an IDX file (expected "
                    + hex(expectedMagic) + ")");
        }
        if (magic[2] != UNSIGNED_BYTE) {
            throw new IdxFormatException(source, String.format(Locale.ROOT,
                    "unsupported data type 0x%02X in magic number %s: only unsigned bytes (0x08) are read",
                    magic[2] & 0xFF, hex(found)));
        }
        if (magic[3] != rank) {
            throw new IdxFormatException(source, "magic number " + hex(found) + " declares rank " + (magic[3] & 0xFF)
                    + ", expected rank " + rank + " (magic " + hex(expectedMagic) + ")");
        }
        byte[] header = in.readNBytes(4 * rank);
        sha256.update(header);
        if (header.length < 4 * rank) {
            throw new IdxFormatException(source, "truncated header: the file ends inside the sizes of the "
                    + rank + " dimensions (" + header.length + " of " + 4 * rank + " bytes)");
        }
        int[] dims = new int[rank];
        ByteBuffer.wrap(header).asIntBuffer().get(dims);
        String shape = Arrays.toString(dims);
        long count = 1;
        for (int d = 0; d < rank; d++) {
            if (dims[d] < 0) {
                throw new IdxFormatException(source, "dimension " + d + " has a negative size in dimensions " + shape);
            }
            // Saturates instead of overflowing, so that a later zero size still gives zero.
            count = Math.min(count * dims[d], MAX_VALUES + 1);
        }
        if (count > MAX_VALUES) {
            throw new IdxFormatException(source, "dimensions " + shape + " hold more than " + MAX_VALUES
                    + " values, the most this reader accepts");
        }
        long headerBytes = 4 + 4L * rank;
        if (rawSize >= 0 && rawSize < headerBytes + count) {
            throw new IdxFormatException(source, "truncated: " + (rawSize - headerBytes) + " bytes after the "
                    + headerBytes + "-byte header, dimensions " + shape + " need " + count);
        }
        if (rawSize > headerBytes + count) {
            throw new IdxFormatException(source, "trailing data: " + (rawSize - headerBytes) + " bytes after the "
                    + headerBytes + "-byte header, dimensions " + shape + " need exactly " + count);
        }
        byte[] data = readData(in, (int) count, rawSize >= 0, source, shape, sha256);
        if (in.read() >= 0) {
            throw new IdxFormatException(source, "trailing data: more than the " + count
                    + " bytes after the header that dimensions " + shape + " need");
        }
        return new IdxArray(source, dims, data, sha256.digest());
    }

    /**
     * Reads exactly {@code count} bytes. When the length was not checked in advance, the buffer
     * starts small and doubles as data arrives, so a lying header costs no more memory than
     * the data really present.
     */
    private static byte[] readData(InputStream in, int count, boolean lengthChecked, String source, String shape,
                                   MessageDigest sha256) throws IOException {
        byte[] data = new byte[lengthChecked ? count : Math.min(count, FIRST_CHUNK)];
        int filled = 0;
        while (filled < count) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
            }
            int n = in.read(data, filled, data.length - filled);
            if (n < 0) {
                throw new IdxFormatException(source, "truncated: only " + filled
                        + " bytes after the header, dimensions " + shape + " need " + count);
            }
            sha256.update(data, filled, n);
            filled += n;
        }
        return data;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static String hex(int magic) {
        return String.format(Locale.ROOT, "0x%08X", magic);
    }

    /** Lets the gzip layer be closed, releasing its native inflater, without closing the caller's stream. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
