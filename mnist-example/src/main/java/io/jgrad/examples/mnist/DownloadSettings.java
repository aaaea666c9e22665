package io.jgrad.examples.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where and how {@link MnistDownloader} fetches MNIST files: the mirrors to try in order, the
 * MD5 each {@code .gz} file must have, and the timeouts.
 *
 * @param mirrors base URLs, each serving the four files under their standard {@code .gz}
 *     names; {@code http} or {@code https}, tried in order
 * @param md5 the published MD5 of each file's {@code .gz}, as 32 hex digits
 * @param connectTimeout how long to wait for a mirror to accept the connection
 * @param idleTimeout how long a mirror may send nothing, before the headers or within the body
 */
public record DownloadSettings(List<URI> mirrors, Map<MnistFile, String> md5, Duration connectTimeout,
                               Duration idleTimeout) {
    /** The system property that, when set, replaces the default mirror list (comma-separated URLs). */
    public static final String MIRRORS_PROPERTY = "jgrad.mnist.mirrors";

    private static final String RESOURCE = "mirrors.properties";
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    /**
     * Normalizes each mirror to end with {@code /}, so that a file name resolves under it.
     *
     * @throws IllegalArgumentException if there is no mirror, a mirror is not an absolute
     *     {@code http} or {@code https} URL without query, an MD5 is missing or not 32 hex
     *     digits, or a timeout is not positive or is longer than a day
     * @throws NullPointerException if an argument or an element is null
     */
    public DownloadSettings {
        Objects.requireNonNull(mirrors, "mirrors");
        Objects.requireNonNull(md5, "md5");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("downloading needs at least one mirror");
        }
        List<URI> bases = new ArrayList<>();
        for (URI mirror : mirrors) {
            String scheme = Objects.requireNonNull(mirror, "mirror").getScheme();
            if (!mirror.isAbsolute() || mirror.isOpaque() || mirror.getHost() == null || mirror.getRawQuery() != null
                    || mirror.getRawFragment() != null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("a mirror must be an http or https URL without query, got '"
                        + mirror + "'");
            }
            bases.add(mirror.getPath().endsWith("/") ? mirror : URI.create(mirror + "/"));
        }
        Map<MnistFile, String> checked = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            String sum = md5.get(file);
            if (sum == null || !MD5.matcher(sum.toLowerCase(Locale.ROOT)).matches()) {
                throw new IllegalArgumentException("downloading needs the MD5 of " + file.gzipName()
                        + " as 32 hex digits, got " + (sum == null ? "none" : "'" + sum + "'"));
            }
            checked.put(file, sum.toLowerCase(Locale.ROOT));
        }
        if (!connectTimeout.isPositive() || !idleTimeout.isPositive() || connectTimeout.compareTo(MAX_TIMEOUT) > 0
                || idleTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeouts must be positive and at most " + MAX_TIMEOUT + ", got "
                    + connectTimeout + " to connect and " + idleTimeout + " idle");
        }
        mirrors = List.copyOf(bases);
        md5 = Collections.unmodifiableMap(checked);
    }

    /**
     * The public MNIST mirrors and published checksums from this jar's {@code mirrors.properties},
     * with the mirror list replaced by the system property {@value #MIRRORS_PROPERTY} when set.
     *
     * @throws IllegalArgumentException if that property holds an invalid URL
     */
    public static DownloadSettings defaults() {
        Properties properties = new Properties();
        try (InputStream in = DownloadSettings.class.getResourceAsStream(RESOURCE)) {
            properties.load(Objects.requireNonNull(in, () -> RESOURCE + " is missing from the jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Map<MnistFile, String> md5 = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            md5.put(file, properties.getProperty("md5." + file.gzipName()));
        }
        String mirrors = System.getProperty(MIRRORS_PROPERTY, properties.getProperty("mirrors"));
        return new DownloadSettings(urls(mirrors), md5,
                Duration.ofSeconds(Long.parseLong(properties.getProperty("connect-timeout-seconds"))),
                Duration.ofSeconds(Long.parseLong(properties.getProperty("idle-timeout-seconds"))));
    }

    /**
     * These settings with another mirror list.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public DownloadSettings withMirrors(List<URI> mirrors) {
        return new DownloadSettings(mirrors, md5, connectTimeout, idleTimeout);
    }

    private static List<URI> urls(String commaSeparated) {
        List<URI> urls = new ArrayList<>();
        for (String url : commaSeparated.split(",")) {
            if (!url.isBlank()) {
                try {
                    urls.add(new URI(url.strip()));
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("a mirror must be an http or https URL without query, got '"
                            + url.strip() + "'", e);
                }
            }
        }
        return urls;
    }
}
