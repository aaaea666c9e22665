package io.jgrad.examples.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The check every command makes of a file it is given to read, with a message that says what is wrong. */
final class InputFile {
    private InputFile() {
    }

    /**
     * @param what how the message names the file, such as "model file"
     * @throws IOException if {@code file} is missing, a directory or not a regular file
     */
    static void requireRegular(Path file, String what) throws IOException {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, what + " does not exist");
        }
        throw new IOException(what + " " + file + (Files.isDirectory(file) ? " is a directory" : " is not a regular file"));
    }
}
