package io.jgrad.examples.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files byte by byte, following the format's description, independently of the reader. */
final class IdxBytes {
    private IdxBytes() {
    }

    /** An unsigned-byte IDX file: magic {@code 0x0000 08 rank}, the sizes, then {@code data}. */
    static byte[] idx(int[] dims, byte[] data) {
        return idx(0x0800 | dims.length, dims, data);
    }

    /** An IDX file with any magic number, for building broken ones. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        out.putInt(magic);
        for (int d : dims) {
            out.putInt(d);
        }
        return out.put(data).array();
    }

    /** Seeded, so that every run builds the same files. */
    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] gzip(byte[] raw) {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    static String md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
