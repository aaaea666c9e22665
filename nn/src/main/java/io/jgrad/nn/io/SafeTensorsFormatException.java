package io.jgrad.nn.io;

import java.io.IOException;
import java.io.Serial;

/**
 * A safetensors file (or byte array) that is truncated, malformed or not readable by jgrad.
 * The message names what was wrong: the tensor, its dtype, shape and offsets, the expected
 * and actual byte counts, or the position of a JSON or UTF-8 error in the header.
 */
public final class SafeTensorsFormatException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the file
     */
    public SafeTensorsFormatException(String message) {
        super(message);
    }
}
