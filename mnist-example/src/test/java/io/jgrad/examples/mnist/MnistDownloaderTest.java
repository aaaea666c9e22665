package io.jgrad.examples.mnist;

import static io.jgrad.examples.mnist.IdxBytes.gzip;
import static io.jgrad.examples.mnist.IdxBytes.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader against a loopback HTTP server whose mirrors serve small valid files, corrupt
 * files, connections dropped mid-body, 404s and bodies that stall.
 */
class MnistDownloaderTest {
    /** Small valid gzipped files in the MNIST layout: 3 training and 2 test examples. */
    private static final Map<MnistFile, byte[]> FILES = new EnumMap<>(Map.of(
            MnistFile.TRAIN_IMAGES, gzip(idx(new int[] {3, 28, 28}, IdxBytes.randomBytes(3 * 784, 11))),
            MnistFile.TRAIN_LABELS, gzip(idx(new int[] {3}, new byte[] {5, 0, 4})),
            MnistFile.TEST_IMAGES, gzip(idx(new int[] {2, 28, 28}, IdxBytes.randomBytes(2 * 784, 12))),
            MnistFile.TEST_LABELS, gzip(idx(new int[] {2}, new byte[] {7, 2}))));

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService handlers;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(output, true, StandardCharsets.UTF_8);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/good/", exchange -> serve(exchange, file(exchange), false));
        server.createContext("/corrupt/", exchange -> serve(exchange, corrupted(file(exchange)), false));
        server.createContext("/drop/", exchange -> serve(exchange, file(exchange), true));
        server.createContext("/missing/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/stall/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            byte[] body = file(exchange);
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            await(release);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void downloadsEveryMissingFileAndTheDirectoryThenLoads() throws IOException {
        Path target = dir.resolve("new").resolve("mnist");

        List<MnistFile> downloaded = downloader("good").downloadMissing(target);

        assertEquals(List.of(MnistFile.values()), downloaded);
        for (MnistFile file : MnistFile.values()) {
            assertArrayEquals(FILES.get(file), Files.readAllBytes(target.resolve(file.gzipName())));
        }
        assertEquals(List.of(MnistFile.TRAIN_IMAGES.gzipName(), MnistFile.TRAIN_LABELS.gzipName(),
                MnistFile.TEST_IMAGES.gzipName(), MnistFile.TEST_LABELS.gzipName()), listing(target));
        MnistData data = MnistSource.fromDirectory(target);
        assertArrayEquals(new float[] {5, 0, 4}, data.train().labels().toArray());
        assertArrayEquals(new float[] {7, 2}, data.test().labels().toArray());
        Path probe = Files.createFile(dir.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe),
                Files.getPosixFilePermissions(target.resolve(MnistFile.TEST_LABELS.gzipName())),
                "a downloaded file gets the permissions of any new file, not a temporary file's");
        String shown = output.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("downloading train-images-idx3-ubyte.gz [=============================="), shown);
        assertTrue(shown.contains(FILES.get(MnistFile.TRAIN_IMAGES).length + " bytes from"), shown);
    }

    @Test
    void downloadsOnlyTheFileThatIsMissing() throws IOException {
        for (MnistFile file : List.of(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS, MnistFile.TEST_LABELS)) {
            Files.write(dir.resolve(file.gzipName()), FILES.get(file));
        }

        MnistData data = MnistSource.fromDirectory(dir, downloader("good"));

        assertEquals(List.of("/good/t10k-images-idx3-ubyte.gz"), requests);
        assertEquals(2, data.test().size());
        assertEquals(List.of(), downloader("good").downloadMissing(dir));
        assertEquals(1, requests.size());
    }

    @Test
    void aCorruptDownloadFallsToTheNextMirrorAndLeavesNothing() throws IOException {
        downloader("corrupt", "good").downloadMissing(dir);

        assertEquals(8, requests.size());
        assertEquals(4, listing(dir).size());
        String shown = output.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains(url("corrupt") + "t10k-labels-idx1-ubyte.gz: MD5 is "
                + IdxBytes.md5(corrupted(FILES.get(MnistFile.TEST_LABELS))) + ", expected "
                + IdxBytes.md5(FILES.get(MnistFile.TEST_LABELS)) + "; trying the next mirror"), shown);
    }

    @Test
    void aCorruptDownloadOnEveryMirrorFailsCleanly() {
        var e = assertThrows(IOException.class, () -> downloader("corrupt").downloadMissing(dir));

        String expected = "could not download train-images-idx3-ubyte.gz from any mirror: " + url("corrupt")
                + "train-images-idx3-ubyte.gz: MD5 is " + IdxBytes.md5(corrupted(FILES.get(MnistFile.TRAIN_IMAGES)))
                + ", expected " + IdxBytes.md5(FILES.get(MnistFile.TRAIN_IMAGES));
        assertEquals(expected, e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void aConnectionDroppedMidBodyLeavesNoHalfFile() {
        var e = assertThrows(IOException.class, () -> downloader("drop").downloadMissing(dir));

        int size = FILES.get(MnistFile.TRAIN_IMAGES).length;
        assertTrue(e.getMessage().startsWith("could not download train-images-idx3-ubyte.gz from any mirror: "
                + url("drop") + "train-images-idx3-ubyte.gz: connection broke after " + size / 2 + " of " + size
                + " bytes: "), e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void aDroppedConnectionFallsToTheNextMirror() throws IOException {
        downloader("drop", "good").downloadMissing(dir);

        assertEquals(4, listing(dir).size());
        assertEquals(2, MnistSource.fromDirectory(dir).test().size());
    }

    @Test
    void aStalledBodyTimesOutAndLeavesNoHalfFile() {
        var settings = settings("stall").withMirrors(List.of(URI.create(url("stall"))));
        var quick = new DownloadSettings(settings.mirrors(), settings.md5(), Duration.ofSeconds(5),
                Duration.ofMillis(300));
        long start = System.nanoTime();

        var e = assertThrows(IOException.class, () -> new MnistDownloader(quick, progress).downloadMissing(dir));

        assertTrue(e.getMessage().matches("could not download train-images-idx3-ubyte.gz from any mirror: "
                + "\\Q" + url("stall") + "\\Etrain-images-idx3-ubyte.gz: no data for 0.3 s after \\d+ bytes"),
                e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void whenEveryMirrorFailsTheOneLineMessageNamesEachAndWhy() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String refused = "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + closedPort + "/mnist/";
        var settings = settings("missing").withMirrors(List.of(URI.create(url("missing")),
                URI.create(refused), URI.create(url("corrupt"))));

        var e = assertThrows(IOException.class, () -> new MnistDownloader(settings, progress).downloadMissing(dir));

        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith("could not download train-images-idx3-ubyte.gz from any mirror: "
                + url("missing") + "train-images-idx3-ubyte.gz: HTTP status 404; " + refused
                + "train-images-idx3-ubyte.gz: ConnectException"), message);
        assertTrue(message.endsWith("; " + url("corrupt") + "train-images-idx3-ubyte.gz: MD5 is "
                + IdxBytes.md5(corrupted(FILES.get(MnistFile.TRAIN_IMAGES))) + ", expected "
                + IdxBytes.md5(FILES.get(MnistFile.TRAIN_IMAGES))), message);
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void anInterruptedDownloadStopsAndLeavesNothing() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedIOException.class, () -> downloader("good", "good").downloadMissing(dir));
            assertEquals(List.of(), listing(dir));
        } finally {
            Thread.interrupted();
        }
    }

    // ---------------------------------------------------------------- helpers

    private MnistDownloader downloader(String... mirrors) {
        return new MnistDownloader(settings(mirrors), progress);
    }

    /** The test's mirror configuration: these mirrors, and the MD5s of the small valid files. */
    private DownloadSettings settings(String... mirrors) {
        Map<MnistFile, String> md5 = new EnumMap<>(MnistFile.class);
        FILES.forEach((file, bytes) -> md5.put(file, IdxBytes.md5(bytes)));
        return new DownloadSettings(Stream.of(mirrors).map(m -> URI.create(url(m))).toList(), md5,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private String url(String mirror) {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/" + mirror + "/";
    }

    private byte[] file(HttpExchange exchange) {
        String name = Path.of(exchange.getRequestURI().getPath()).getFileName().toString();
        for (MnistFile file : MnistFile.values()) {
            if (file.gzipName().equals(name)) {
                return FILES.get(file);
            }
        }
        throw new IllegalArgumentException("no file " + name);
    }

    private void serve(HttpExchange exchange, byte[] body, boolean dropHalfway) throws IOException {
        requests.add(exchange.getRequestURI().getPath());
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, dropHalfway ? body.length / 2 : body.length);
        out.flush();
        // Closing with bytes still owed makes the server drop the connection.
        exchange.close();
    }

    private static byte[] corrupted(byte[] file) {
        byte[] copy = file.clone();
        copy[copy.length / 2] ^= 0x55;
        return copy;
    }

    private static List<String> listing(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted((a, b) -> order(a) - order(b)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int order(String name) {
        for (MnistFile file : MnistFile.values()) {
            if (file.gzipName().equals(name)) {
                return file.ordinal();
            }
        }
        return MnistFile.values().length;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
