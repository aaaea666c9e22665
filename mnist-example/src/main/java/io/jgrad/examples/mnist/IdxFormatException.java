package io.jgrad.examples.mnist;

import java.io.IOException;
import java.io.Serial;

/**
 * A file that is not a well-formed data file of the kind expected: a bad IDX header, a
 * truncated or over-long body, corrupt gzip data, or MNIST files that do not fit together.
 * The message starts with the file's name and says what was wrong.
 */
public final class IdxFormatException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message is {@code source + ": " + problem}.
     *
     * @param source the file or resource name, put first in the message
     * @param problem what was wrong with it
     */
    public IdxFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    /**
     * An exception whose message is {@code source + ": " + problem}, caused by {@code cause}.
     *
     * @param source the file or resource name, put first in the message
     * @param problem what was wrong with it
     * @param cause the lower-level error that revealed the problem
     */
    public IdxFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
