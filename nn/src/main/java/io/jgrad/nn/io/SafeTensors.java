package io.jgrad.nn.io;

import io.jgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Saves and loads state dicts as <a href="https://github.com/huggingface/safetensors">safetensors</a>,
 * the format PyTorch and Hugging Face use: an 8-byte little-endian header length {@code N},
 * {@code N} bytes of UTF-8 JSON mapping each tensor name to its {@code dtype}, {@code shape}
 * and {@code data_offsets} (plus an optional {@code __metadata__} object of strings), then the
 * raw little-endian tensor data, packed without gaps.
 *
 * <p><b>Writing</b> stores every tensor as F32, header and data in the map's iteration order
 * (a state dict's registration order), with the header padded by spaces to a multiple of 8
 * bytes. PyTorch's {@code safetensors.torch.load_file} reads any order. Files are written
 * atomically: to a temporary file in the target's directory, flushed to disk, then renamed
 * over the target, so a reader sees the old file or the new one and never a partial one.
 *
 * <p><b>Reading</b> accepts F32, and F16, BF16, F64, the integers I64, I32, I16, I8 and U8, and
 * BOOL converted to float (F64 and integers beyond 2^24 rounded to nearest), and returns
 * tensors in header order. Every file is treated as hostile: the header
 * length, the JSON, every dtype, shape and offset, and the exact coverage of the data section
 * are checked before any tensor memory is allocated, so memory use stays proportional to the
 * file's size, and a truncated file is rejected rather than half-read. All such problems raise
 * {@link SafeTensorsFormatException}, whose message names the tensor, offsets and byte counts.
 */
public final class SafeTensors {
    /** The largest header accepted or written, in bytes; the reference implementation's limit. */
    public static final long MAX_HEADER_LENGTH = 100_000_000;

    private SafeTensors() {
    }

    /**
     * Saves {@code tensors} to {@code file} without metadata; see {@link #save(Path, Map, Map)}.
     *
     * @param file the file to create or replace
     * @param tensors the tensors by name, written in iteration order
     * @throws IOException if the file cannot be written; {@code file} is then left as it was
     * @throws NullPointerException if an argument, a name or a tensor is null
     * @throws IllegalArgumentException if a name is {@code __metadata__} or has a lone
     *     surrogate, or the header would pass {@link #MAX_HEADER_LENGTH}
     */
    public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
        save(file, tensors, Map.of());
    }

    /**
     * Saves {@code tensors} as F32 and {@code metadata} as {@code __metadata__} (omitted when
     * empty) to {@code file}, atomically: the bytes go to a temporary file next to it, which is
     * flushed and then renamed over {@code file}. On any failure the temporary file is deleted
     * and an existing {@code file} is untouched. The new file gets the default permissions of
     * a newly created file.
     *
     * @param file the file to create or replace
     * @param tensors the tensors by name, written in iteration order
     * @param metadata string pairs stored in the header, in iteration order
     * @throws IOException if the file cannot be written (no such directory, disk full, the
     *     target is a directory, ...); {@code file} is then left as it was
     * @throws NullPointerException if an argument, a name, a tensor, a key or a value is null
     * @throws IllegalArgumentException if a name is {@code __metadata__}, a string has a lone
     *     surrogate, or the header would pass {@link #MAX_HEADER_LENGTH}; nothing is written
     */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafeTensorsWriter writer = SafeTensorsWriter.prepare(tensors, metadata);
        Path target = file.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            // Else the error would name the temporary file below.
            throw new NoSuchFileException(target.toString(), null, "no such directory " + target.getParent());
        }
        // Not Files.createTempFile: its owner-only permissions would stay with the saved file.
        Path temp = Files.createFile(target.resolveSibling("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp"));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writer.writeTo((ByteBuffer bytes) -> {
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                });
                // On disk before the rename, or a crash could leave the new name on an empty file.
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /**
     * Loads the tensors of a safetensors file, ignoring its metadata.
     *
     * @param file the file to read
     * @return the tensors by name, in header order, unmodifiable
     * @throws SafeTensorsFormatException if the file is truncated, malformed, or holds a dtype
     *     other than F32, F16, BF16, F64, I64, I32, I16, I8, U8 or BOOL; see {@link #loadWithMetadata}
     * @throws IOException if the file cannot be read
     */
    public static Map<String, Tensor> load(Path file) throws IOException {
        return loadWithMetadata(file).tensors();
    }

    /**
     * Loads the tensors and the {@code __metadata__} of a safetensors file.
     *
     * @param file the file to read
     * @return the tensors in header order and the metadata (empty if there is none)
     * @throws SafeTensorsFormatException if the file is shorter than 8 bytes; the header length
     *     is over {@link #MAX_HEADER_LENGTH} or longer than the rest of the file; the header is
     *     not UTF-8 or not strict JSON (only objects, arrays, strings and integers; nesting over
     *     3 levels, arrays over 64 elements and duplicate names are refused); a tensor entry
     *     lacks or adds fields; a dtype is not one jgrad reads; a shape has a negative
     *     size or more than {@code Integer.MAX_VALUE} elements; {@code data_offsets} are
     *     negative, reversed, past the data section, overlapping, leave gaps or trailing bytes,
     *     or hold a byte count that disagrees with the dtype and shape; or the file shrinks
     *     while being read
     * @throws IOException if the file cannot be read
     */
    public static SafeTensorsContent loadWithMetadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafeTensorsReader.read(new ByteSource.OfFile(channel));
        }
    }

    /**
     * Encodes tensors and metadata exactly as {@link #save(Path, Map, Map)} writes them.
     *
     * @param tensors the tensors by name, written in iteration order
     * @param metadata string pairs stored in the header, in iteration order
     * @return the bytes of a safetensors file
     * @throws NullPointerException if an argument, a name, a tensor, a key or a value is null
     * @throws IllegalArgumentException as {@link #save(Path, Map, Map)} does, or if the result
     *     would not fit in a byte array
     */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafeTensorsWriter writer = SafeTensorsWriter.prepare(tensors, metadata);
        long length = writer.totalLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the encoded tensors take " + length
                    + " bytes, too many for a byte array; save them to a file instead");
        }
        ByteBuffer out = ByteBuffer.allocate((int) length);
        writer.writeTo(out::put);
        return out.array();
    }

    /**
     * Decodes the bytes of a safetensors file, with every check {@link #loadWithMetadata} makes.
     *
     * @param bytes the whole file
     * @return the tensors in header order and the metadata (empty if there is none)
     * @throws SafeTensorsFormatException if the bytes are truncated, malformed, or hold a dtype
     *     jgrad does not read, as listed for {@link #loadWithMetadata}
     */
    public static SafeTensorsContent fromBytes(byte[] bytes) throws SafeTensorsFormatException {
        return SafeTensorsReader.read(new ByteSource.OfArray(bytes));
    }
}
