package io.jgrad.examples.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Downloads the MNIST files that a directory lacks, trying each mirror of its
 * {@link DownloadSettings} in turn, checking each download against the published MD5 of its
 * {@code .gz}, and showing a {@link ProgressBar}.
 *
 * <p>A file appears under its standard name only once complete and verified: it is written to
 * a temporary file in the same directory, checked, then renamed atomically. A failed,
 * corrupt, stalled or interrupted download leaves nothing behind (on a normal JVM exit,
 * Ctrl-C included, the temporary file is deleted too).
 */
public final class MnistDownloader {
    /** The system property that, when set, replaces the {@linkplain #defaultCacheDirectory() default cache}. */
    public static final String CACHE_PROPERTY = "jgrad.mnist.cache";

    private final DownloadSettings settings;
    private final PrintStream progress;

    /**
     * @param settings the mirrors, checksums and timeouts
     * @param progress where to draw progress bars and report failed mirrors
     * @throws NullPointerException if an argument is null
     */
    public MnistDownloader(DownloadSettings settings, PrintStream progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Where downloaded MNIST files are kept when no directory is given: the system property
     * {@value #CACHE_PROPERTY} if set, else {@code $XDG_CACHE_HOME/jgrad/mnist}, else
     * {@code ~/.cache/jgrad/mnist}.
     */
    public static Path defaultCacheDirectory() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jgrad").resolve("mnist");
    }

    /**
     * Downloads into {@code directory} (created if need be) every MNIST file it holds neither
     * raw nor gzipped, as {@code .gz}.
     *
     * @return the files downloaded, none if nothing was missing
     * @throws IOException if a file could not be downloaded from any mirror; the one-line
     *     message names each mirror and why it failed
     * @throws InterruptedIOException if the thread was interrupted (nothing is left half-written)
     * @throws NullPointerException if {@code directory} is null
     */
    public List<MnistFile> downloadMissing(Path directory) throws IOException {
        return downloadMissing(directory, List.of(MnistFile.values()));
    }

    /**
     * Downloads into {@code directory} (created if need be) those of {@code files} it holds
     * neither raw nor gzipped, as {@code .gz}.
     *
     * @return the files downloaded, none if nothing was missing
     * @throws IOException as {@link #downloadMissing(Path)}
     * @throws NullPointerException if an argument is null
     */
    public List<MnistFile> downloadMissing(Path directory, List<MnistFile> files) throws IOException {
        Objects.requireNonNull(directory, "directory");
        List<MnistFile> missing = new ArrayList<>();
        for (MnistFile file : files) {
            if (file.locateIn(directory).isEmpty()) {
                missing.add(file);
            }
        }
        if (missing.isEmpty()) {
            return missing;
        }
        Files.createDirectories(directory);
        try (HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            for (MnistFile file : missing) {
                download(client, file, directory);
            }
        }
        return missing;
    }

    private void download(HttpClient client, MnistFile file, Path directory) throws IOException {
        List<String> failures = new ArrayList<>();
        IOException last = null;
        for (URI mirror : settings.mirrors()) {
            URI url = mirror.resolve(file.gzipName());
            try {
                fetch(client, url, file, directory.resolve(file.gzipName()));
                return;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e instanceof InterruptedIOException i ? i
                            : (InterruptedIOException) new InterruptedIOException("interrupted while downloading "
                                    + url).initCause(e);
                }
                String failure = e instanceof ChecksumMismatchException ? e.getMessage() : url + ": " + describe(e);
                failures.add(failure);
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                if (failures.size() < settings.mirrors().size()) {
                    progress.println(failure + "; trying the next mirror");
                }
            }
        }
        throw new IOException("could not download " + file.gzipName() + " from any mirror: "
                + String.join("; ", failures), last);
    }

    private void fetch(HttpClient client, URI url, MnistFile file, Path target) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.idleTimeout()).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + url);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            long length = response.headers().firstValueAsLong("content-length").orElse(-1);
            // Not createTempFile: its owner-only permissions would stay on the renamed file.
            Path part = Files.createFile(target.resolveSibling(target.getFileName() + "." + UUID.randomUUID()
                    + ".part"));
            try {
                part.toFile().deleteOnExit();
                String md5 = copy(body, part, length, "downloading " + file.gzipName(), url);
                String expected = settings.md5().get(file);
                if (!md5.equals(expected)) {
                    throw new ChecksumMismatchException(url.toString(), "MD5", expected, md5);
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }

    /** Copies the body to {@code part}, synced to disk, and returns its MD5. */
    private String copy(InputStream body, Path part, long length, String label, URI url) throws IOException {
        MessageDigest md5 = md5();
        ProgressBar bar = length >= 0 ? new ProgressBar(label, length, progress) : null;
        String status = "bytes from " + url.getHost();
        long done = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE);
             IdleWatchdog watchdog = new IdleWatchdog(body, settings.idleTimeout())) {
            byte[] buffer = new byte[1 << 16];
            for (int n = read(body, buffer, watchdog, done, length); n >= 0;
                 n = read(body, buffer, watchdog, done, length)) {
                out.write(ByteBuffer.wrap(buffer, 0, n));
                md5.update(buffer, 0, n);
                done += n;
                if (bar != null) {
                    bar.update(done, status);
                }
            }
            out.force(true);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
        if (bar == null) {
            progress.println(label + ": " + done + " " + status);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** One read of the body, its failure described as a network one (a disk failure is not caught here). */
    private int read(InputStream body, byte[] buffer, IdleWatchdog watchdog, long done, long length)
            throws IOException {
        try {
            int n = body.read(buffer);
            watchdog.progressed();
            return n;
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw new HttpTimeoutException("no data for " + settings.idleTimeout().toMillis() / 1000.0
                        + " s after " + done + " bytes");
            }
            throw new IOException("connection broke after " + done + (length >= 0 ? " of " + length : "")
                    + " bytes: " + describe(e), e);
        }
    }

    /** The failure and, when the JDK wraps it (a bare "closed", a message-less ConnectException), its root cause. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = summary(e);
        return root == e || text.contains(summary(root)) ? text : text + " (" + summary(root) + ")";
    }

    private static String summary(Throwable e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return kind;
        }
        return e.getClass() == IOException.class || e instanceof HttpTimeoutException ? message : kind + ": " + message;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    }
}
