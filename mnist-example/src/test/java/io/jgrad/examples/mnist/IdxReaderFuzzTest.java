package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Feeds arbitrary bytes to the IDX reader, as a stream and as a file, expecting labels (rank 1)
 * and images (rank 3). The only failure allowed is {@link IdxFormatException}: any other
 * exception, an out-of-memory error or a hang is a finding. Both ways of reading must agree.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the corpus in
 * {@code src/test/resources/io/jgrad/examples/mnist/IdxReaderFuzzTestInputs/readsOrRejects/};
 * see {@code FUZZING.md} for a fuzzing session.
 */
class IdxReaderFuzzTest {
    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "2m")
    void readsOrRejects(byte[] input) throws IOException {
        Files.write(FILE, input);
        for (int rank : new int[] {1, 3}) {
            IdxArray fromStream = readOrNull(input, rank, false);
            IdxArray fromFile = readOrNull(input, rank, true);
            assertEquals(fromStream == null, fromFile == null, "stream and file disagree on whether it is valid");
            if (fromStream != null) {
                assertArrayEquals(fromStream.dims(), fromFile.dims());
                assertArrayEquals(fromStream.data(), fromFile.data());
                assertEquals(fromStream.sha256(), fromFile.sha256());
                assertEquals(rank, fromStream.dims().length);
                assertEquals(Arrays.stream(fromStream.dims()).asLongStream().reduce(1, Math::multiplyExact),
                        fromStream.length());
            }
        }
    }

    /** The array read, or null when the reader rejected the input with its format exception. */
    private static IdxArray readOrNull(byte[] input, int rank, boolean fromFile) throws IOException {
        try {
            return fromFile ? IdxReader.read(FILE, rank)
                    : IdxReader.read(new ByteArrayInputStream(input), "fuzz", rank);
        } catch (IdxFormatException expected) {
            return null;
        }
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("idx-fuzz", ".bin");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
