package io.jgrad.examples.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The four files of a data set in the MNIST layout, under their standard names. A directory
 * may hold each raw ({@code train-images-idx3-ubyte}) or gzipped
 * ({@code train-images-idx3-ubyte.gz}); mirrors serve them gzipped.
 */
public enum MnistFile {
    /** The training images, rank 3: {@code [N, 28, 28]}. */
    TRAIN_IMAGES("train-images-idx3-ubyte", 3, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    /** The training labels, rank 1: {@code [N]}. */
    TRAIN_LABELS("train-labels-idx1-ubyte", 1, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    /** The test images, rank 3: {@code [N, 28, 28]}. */
    TEST_IMAGES("t10k-images-idx3-ubyte", 3, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    /** The test labels, rank 1: {@code [N]}. */
    TEST_LABELS("t10k-labels-idx1-ubyte", 1, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private final String fileName;
    private final int rank;
    private final String shippedSha256;

    MnistFile(String fileName, int rank, String shippedSha256) {
        this.fileName = fileName;
        this.rank = rank;
        this.shippedSha256 = shippedSha256;
    }

    /** The standard name of the raw file, e.g. {@code train-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    /** The standard name of the gzipped file, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String gzipName() {
        return fileName + ".gz";
    }

    /** The IDX rank: 3 for images, 1 for labels. */
    int rank() {
        return rank;
    }

    /** The SHA-256 of the standard MNIST file, decompressed: what the shipped copy must match. */
    String shippedSha256() {
        return shippedSha256;
    }

    /** This file in {@code directory}, raw if present (faster to read), else gzipped, else empty. */
    Optional<Path> locateIn(Path directory) {
        Path raw = directory.resolve(fileName);
        if (Files.isRegularFile(raw)) {
            return Optional.of(raw);
        }
        Path gzip = directory.resolve(gzipName());
        return Files.isRegularFile(gzip) ? Optional.of(gzip) : Optional.empty();
    }
}
