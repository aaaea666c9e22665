package io.jgrad.examples.mnist;

import java.io.IOException;
import java.io.Serial;

/** A file whose checksum is not the one published for it: corrupt, truncated or another file. */
public final class ChecksumMismatchException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message names the source and both checksums.
     *
     * @param source the file, resource or URL checked
     * @param algorithm the checksum's name, e.g. {@code MD5}
     * @param expected the published checksum
     * @param actual the checksum computed
     */
    public ChecksumMismatchException(String source, String algorithm, String expected, String actual) {
        super(source + ": " + algorithm + " is " + actual + ", expected " + expected);
    }
}
