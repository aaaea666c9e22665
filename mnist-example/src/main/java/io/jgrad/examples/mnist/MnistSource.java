package io.jgrad.examples.mnist;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads {@link MnistData}: the copy of MNIST shipped as resources of this jar, or any data set
 * in the MNIST layout (MNIST, Fashion-MNIST, ...) from a directory holding the four files
 * under their standard names ({@link MnistFile}), each raw or gzipped.
 *
 * <p>A directory's files may hold any number of examples, as long as each image file and its
 * label file agree; images must be 28×28 and labels 0–9, what the models are built for.
 * Files missing from a directory can be downloaded ({@link #fromDirectory(Path, MnistDownloader)}).
 */
public final class MnistSource {
    private static final String RESOURCE_FOLDER = "data/";

    private MnistSource() {
    }

    /**
     * What the command line's {@code --data} option loads. Without a directory: the copy
     * shipped in this jar, or, in a jar built without it, the
     * {@linkplain MnistDownloader#defaultCacheDirectory() default cache directory}. With a
     * directory, which must exist: the files there. The cache directory is created if need be,
     * and files missing from either are downloaded from the
     * {@linkplain DownloadSettings#defaults() default mirrors}, with a progress bar on
     * {@code System.out}.
     *
     * @param data a directory in the MNIST layout, or null
     * @throws NoSuchFileException if {@code data} does not exist
     * @throws NotDirectoryException if {@code data} is not a directory
     * @throws IOException as {@link #shipped()} or {@link #fromDirectory(Path, MnistDownloader)}
     */
    public static MnistData load(Path data) throws IOException {
        if (data == null && isShipped()) {
            return shipped();
        }
        return fromDirectory(directoryFor(data), new MnistDownloader(DownloadSettings.defaults(), System.out));
    }

    /**
     * The test split alone, from where {@link #load(Path)} would load it: what {@code evaluate}
     * and {@code predict} need, without reading (or downloading) the training files.
     *
     * @throws IOException as {@link #load(Path)}
     */
    public static MnistSplit loadTest(Path data) throws IOException {
        if (data == null && isShipped()) {
            return MnistTensors.split(shippedFile(MnistFile.TEST_IMAGES), shippedFile(MnistFile.TEST_LABELS));
        }
        Path directory = directoryFor(data);
        List<MnistFile> files = List.of(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
        new MnistDownloader(DownloadSettings.defaults(), System.out).downloadMissing(directory, files);
        requirePresent(directory, files);
        return split(directory, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
    }

    private static boolean isShipped() {
        return MnistSource.class.getResource(RESOURCE_FOLDER + MnistFile.TRAIN_IMAGES.gzipName()) != null;
    }

    private static Path directoryFor(Path data) throws IOException {
        if (data != null && !Files.isDirectory(data)) {
            // Not created: a mistyped path would otherwise fill a new directory with downloads.
            throw Files.exists(data) ? new NotDirectoryException(data.toString())
                    : new NoSuchFileException(data.toString(), null, "no such data directory");
        }
        return data != null ? data : MnistDownloader.defaultCacheDirectory();
    }

    /**
     * The MNIST files shipped as resources of this jar, each checked against the SHA-256 of the
     * standard decompressed file while it is read.
     *
     * @throws FileNotFoundException if the jar lacks the resources (a build that left them out)
     * @throws ChecksumMismatchException if a resource's content is not the standard file
     * @throws IdxFormatException if a resource is not a well-formed IDX file
     * @throws IOException if reading fails otherwise
     */
    public static MnistData shipped() throws IOException {
        return new MnistData(
                MnistTensors.split(shippedFile(MnistFile.TRAIN_IMAGES), shippedFile(MnistFile.TRAIN_LABELS)),
                MnistTensors.split(shippedFile(MnistFile.TEST_IMAGES), shippedFile(MnistFile.TEST_LABELS)));
    }

    /**
     * The four files of the MNIST layout in {@code directory}, each raw or gzipped (raw is
     * read when both are present).
     *
     * @throws NotDirectoryException if {@code directory} is not a directory
     * @throws NoSuchFileException if files are missing; the message names them all
     * @throws IdxFormatException if a file is malformed, images are not 28×28, a label is not
     *     0–9, or a split's image and label counts differ; the message names the file
     * @throws IOException if reading fails otherwise
     * @throws NullPointerException if {@code directory} is null
     */
    public static MnistData fromDirectory(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        requirePresent(directory, List.of(MnistFile.values()));
        return new MnistData(split(directory, MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS),
                split(directory, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS));
    }

    /**
     * Downloads the files missing from {@code directory} with {@code downloader}, then loads
     * the directory as {@link #fromDirectory(Path)} does.
     *
     * @throws IOException if a download fails on every mirror, or as {@link #fromDirectory(Path)}
     * @throws NullPointerException if an argument is null
     */
    public static MnistData fromDirectory(Path directory, MnistDownloader downloader) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(downloader, "downloader");
        downloader.downloadMissing(directory);
        return fromDirectory(directory);
    }

    private static void requirePresent(Path directory, List<MnistFile> files) throws NoSuchFileException {
        List<String> missing = new ArrayList<>();
        for (MnistFile file : files) {
            if (file.locateIn(directory).isEmpty()) {
                missing.add(file.fileName() + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new NoSuchFileException(directory.toString(), null, "missing " + String.join(", ", missing));
        }
    }

    private static MnistSplit split(Path directory, MnistFile images, MnistFile labels) throws IOException {
        return MnistTensors.split(fileIn(directory, images), fileIn(directory, labels));
    }

    private static IdxArray fileIn(Path directory, MnistFile file) throws IOException {
        Path path = file.locateIn(directory).orElseThrow(() -> new NoSuchFileException(
                directory.resolve(file.gzipName()).toString()));
        return IdxReader.read(path, file.rank());
    }

    private static IdxArray shippedFile(MnistFile file) throws IOException {
        String source = "resource " + MnistSource.class.getPackageName().replace('.', '/') + "/"
                + RESOURCE_FOLDER + file.gzipName();
        try (InputStream in = MnistSource.class.getResourceAsStream(RESOURCE_FOLDER + file.gzipName())) {
            if (in == null) {
                throw new FileNotFoundException(source + " is not on the class path; load a directory instead");
            }
            return readVerified(in, source, file);
        }
    }

    /** Reads {@code file}'s shipped copy from {@code in}, which must decompress to the standard file. */
    static IdxArray readVerified(InputStream in, String source, MnistFile file) throws IOException {
        IdxArray array = IdxReader.read(in, source, file.rank());
        if (!array.sha256().equals(file.shippedSha256())) {
            throw new ChecksumMismatchException(source, "SHA-256 of the decompressed content", file.shippedSha256(),
                    array.sha256());
        }
        return array;
    }
}
