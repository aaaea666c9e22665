package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DownloadSettingsTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void defaultsAreThePublicMirrorsAndThePublishedChecksums() {
        DownloadSettings defaults = DownloadSettings.defaults();
        assertEquals(List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")), defaults.mirrors());
        assertEquals(Map.of(
                MnistFile.TRAIN_IMAGES, "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                MnistFile.TRAIN_LABELS, "d53e105ee54ea40749a09fcbcd1e9432",
                MnistFile.TEST_IMAGES, "9fb629c4189551a2d022fa330f9573f3",
                MnistFile.TEST_LABELS, "ec29112dd5afa0611ce80d1b7f02629c"), defaults.md5());
        assertEquals(TEN_SECONDS, defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(30), defaults.idleTimeout());
    }

    @Test
    void aSystemPropertyReplacesTheDefaultMirrors() {
        System.setProperty(DownloadSettings.MIRRORS_PROPERTY, " http://127.0.0.1:9/a , https://mirror.test/mnist/");
        try {
            assertEquals(List.of(URI.create("http://127.0.0.1:9/a/"), URI.create("https://mirror.test/mnist/")),
                    DownloadSettings.defaults().mirrors());
            System.setProperty(DownloadSettings.MIRRORS_PROPERTY, "ftp://mirror.test/");
            assertThrows(IllegalArgumentException.class, DownloadSettings::defaults);
        } finally {
            System.clearProperty(DownloadSettings.MIRRORS_PROPERTY);
        }
    }

    @Test
    void mirrorsGainATrailingSlashSoThatFileNamesResolveUnderThem() {
        var settings = DownloadSettings.defaults().withMirrors(List.of(URI.create("http://host.test/data/mnist")));
        assertEquals(URI.create("http://host.test/data/mnist/train-images-idx3-ubyte.gz"),
                settings.mirrors().get(0).resolve(MnistFile.TRAIN_IMAGES.gzipName()));
    }

    @Test
    void rejectsWhatCannotBeDownloaded() {
        var defaults = DownloadSettings.defaults();
        assertEquals("downloading needs at least one mirror",
                assertThrows(IllegalArgumentException.class, () -> defaults.withMirrors(List.of())).getMessage());
        for (String bad : List.of("ftp://host.test/", "host.test/mnist/", "mailto:someone@host.test",
                "http://host.test/mnist/?token=1")) {
            assertEquals("a mirror must be an http or https URL without query, got '" + bad + "'",
                    assertThrows(IllegalArgumentException.class,
                            () -> defaults.withMirrors(List.of(URI.create(bad)))).getMessage());
        }
        var md5 = new EnumMap<>(defaults.md5());
        md5.remove(MnistFile.TEST_LABELS);
        assertEquals("downloading needs the MD5 of t10k-labels-idx1-ubyte.gz as 32 hex digits, got none",
                assertThrows(IllegalArgumentException.class,
                        () -> new DownloadSettings(defaults.mirrors(), md5, TEN_SECONDS, TEN_SECONDS)).getMessage());
        md5.put(MnistFile.TEST_LABELS, "abc");
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSettings(defaults.mirrors(), md5, TEN_SECONDS, TEN_SECONDS));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSettings(defaults.mirrors(), defaults.md5(), Duration.ZERO, TEN_SECONDS));
        assertEquals("timeouts must be positive and at most PT24H, got PT10S to connect and PT24H0.001S idle",
                assertThrows(IllegalArgumentException.class, () -> new DownloadSettings(defaults.mirrors(),
                        defaults.md5(), TEN_SECONDS, Duration.ofDays(1).plusMillis(1))).getMessage());
        assertThrows(NullPointerException.class,
                () -> new DownloadSettings(defaults.mirrors(), defaults.md5(), TEN_SECONDS, null));
    }

    @Test
    void acceptsUpperCaseChecksumsAsLowerCase() {
        var defaults = DownloadSettings.defaults();
        var md5 = new EnumMap<>(defaults.md5());
        md5.put(MnistFile.TRAIN_IMAGES, "F68B3C2DCBEAAA9FBDD348BBDEB94873");
        assertEquals("f68b3c2dcbeaaa9fbdd348bbdeb94873", new DownloadSettings(defaults.mirrors(), md5, TEN_SECONDS,
                TEN_SECONDS).md5().get(MnistFile.TRAIN_IMAGES));
    }

    @Test
    void theCacheDirectoryIsConfigurable() {
        System.setProperty(MnistDownloader.CACHE_PROPERTY, "/tmp/somewhere/mnist");
        try {
            assertEquals(Path.of("/tmp/somewhere/mnist"), MnistDownloader.defaultCacheDirectory());
        } finally {
            System.clearProperty(MnistDownloader.CACHE_PROPERTY);
        }
        assertEquals(Path.of("jgrad", "mnist"), MnistDownloader.defaultCacheDirectory().subpath(
                MnistDownloader.defaultCacheDirectory().getNameCount() - 2,
                MnistDownloader.defaultCacheDirectory().getNameCount()));
    }
}
