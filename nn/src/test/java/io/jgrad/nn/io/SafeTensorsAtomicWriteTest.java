package io.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save replaces the target whole or leaves it as it was, and never leaves a temporary file. */
class SafeTensorsAtomicWriteTest {
    private static final byte[] OLD = "old checkpoint".getBytes();

    @TempDir
    Path dir;

    @Test
    void replacesAnExistingFileWhole() throws Exception {
        Path target = dir.resolve("model.safetensors");
        Files.write(target, OLD);

        SafeTensors.save(target, Map.of("w", Tensor.ones(3)));

        assertArrayEquals(SafeTensors.toBytes(Map.of("w", Tensor.ones(3)), Map.of()), Files.readAllBytes(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void savesToARelativePath() throws Exception {
        Path target = Path.of("target", "relative-" + ProcessHandle.current().pid() + ".safetensors");
        try {
            SafeTensors.save(target, Map.of("w", Tensor.ones(1)));
            assertEquals(1f, SafeTensors.load(target).get("w").item());
        } finally {
            Files.deleteIfExists(target);
        }
    }

    @Test
    void leavesTheTargetAndNoTempFileWhenTheRenameFails() throws Exception {
        // A non-empty directory cannot be replaced by a file: the data is written, the move fails.
        Path target = dir.resolve("model.safetensors");
        Files.createDirectory(target);
        Files.write(target.resolve("inside"), OLD);

        assertThrows(IOException.class, () -> SafeTensors.save(target, Map.of("w", Tensor.ones(1000))));

        assertTrue(Files.isDirectory(target));
        assertArrayEquals(OLD, Files.readAllBytes(target.resolve("inside")));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void leavesTheTargetUntouchedWhenTheInputIsRejected() throws Exception {
        Path target = dir.resolve("model.safetensors");
        Files.write(target, OLD);

        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.save(target, Map.of("__metadata__", Tensor.ones(1))));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.save(target, Map.of("w", Tensor.ones(1)), Map.of("k", "\uD800")));

        assertArrayEquals(OLD, Files.readAllBytes(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void createsNothingWhenTheDirectoryIsMissing() throws Exception {
        Path target = dir.resolve("missing").resolve("model.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> SafeTensors.save(target, Map.of("w", Tensor.ones(1))));
        // The file asked for and its missing directory, not a temporary name.
        assertEquals(target.toAbsolutePath() + ": no such directory " + target.getParent().toAbsolutePath(),
                e.getMessage());
        assertEquals(List.of(), listDir());
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
