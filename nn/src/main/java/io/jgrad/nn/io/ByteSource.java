package io.jgrad.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random-access bytes to read a safetensors file from: a file or an array.
 *
 * @param <X> what reading can throw; an array throws nothing, so that decoding one declares
 *     only the format exception
 */
sealed interface ByteSource<X extends IOException> {

    /** The total number of bytes. */
    long size() throws X;

    /**
     * Fills {@code dst}'s remaining space with the bytes starting at {@code position}.
     *
     * @throws X if the source cannot be read, or ends first
     */
    void read(long position, ByteBuffer dst) throws X;

    /** A byte array; positions passed to {@link #read} are already checked against its size. */
    record OfArray(byte[] bytes) implements ByteSource<SafeTensorsFormatException> {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long position, ByteBuffer dst) {
            dst.put(bytes, (int) position, dst.remaining());
        }
    }

    /** An open file, read with positional reads so that the channel's position is never used. */
    record OfFile(FileChannel channel) implements ByteSource<IOException> {
        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            long at = position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, at);
                if (n < 0) {
                    // The size was checked before reading, so the file shrank under us.
                    throw new SafeTensorsFormatException("the file ended at byte " + at + " while "
                            + dst.remaining() + " more bytes were expected: it was truncated while being read");
                }
                at += n;
            }
        }
    }
}
