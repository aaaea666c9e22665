package io.jgrad.examples.mnist;

import io.jgrad.nn.Module;
import io.jgrad.nn.io.SafeTensors;
import io.jgrad.nn.io.SafeTensorsContent;
import io.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code --out} directory of a training run: after each epoch the model
 * ({@code model.safetensors}) and optimizer state ({@code optimizer.safetensors}), both
 * carrying the training settings and the epoch in their metadata, {@code metrics.csv} and
 * {@code metrics.png}. The data directory, a local path, is kept in the optimizer's metadata
 * only, so that the model file can be shared without it.
 *
 * <p>The four files of an epoch replace those of the last one together, or not at all: each is
 * first written in full beside its target ({@code .model.safetensors.next}, ...), then a
 * {@code .commit} file naming the epoch is created, then the files are renamed over their
 * targets and the commit file removed. Whoever opens the directory next finishes an
 * interrupted save that reached its commit file, and discards one that did not, so an
 * interrupted run always leaves one complete epoch behind.
 */
final class RunDirectory {
    static final String MODEL_FILE = "model.safetensors";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String METRICS_FILE = "metrics.csv";
    static final String CHART_FILE = "metrics.png";
    static final String COMMIT_FILE = ".commit";
    private static final List<String> FILES = List.of(MODEL_FILE, OPTIMIZER_FILE, METRICS_FILE, CHART_FILE);
    private static final String EPOCH = "epoch";

    private final Path dir;

    private RunDirectory(Path dir) throws IOException {
        this.dir = dir;
        recover();
    }

    /**
     * The directory a new run writes to, created if need be.
     *
     * @throws IOException if it cannot be created or written to: found out now rather than
     *     after the first epoch's work
     */
    static RunDirectory create(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-test", ".tmp"));
        } catch (IOException e) {
            throw new IOException("cannot write to " + dir + ": " + Main.reason(e), e);
        }
        return new RunDirectory(dir);
    }

    /**
     * The directory of a saved run, with any interrupted save finished or discarded.
     *
     * @throws IOException if {@code dir} is not a directory
     */
    static RunDirectory existing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot resume from " + dir + ": no such directory");
        }
        return new RunDirectory(dir);
    }

    Path dir() {
        return dir;
    }

    /** Saves the state after {@code epoch} complete epochs, with the metrics of all of them so far. */
    void save(TrainingConfig config, int epoch, Module model, Optimizer optimizer, List<EpochMetrics> history)
            throws IOException {
        prepare(config, epoch, model, optimizer, history);
        commit(epoch);
        install();
    }

    /** Writes the epoch's files in full beside their targets, which stay as they were. */
    void prepare(TrainingConfig config, int epoch, Module model, Optimizer optimizer, List<EpochMetrics> history)
            throws IOException {
        Map<String, String> metadata = new HashMap<>(config.toMetadata());
        metadata.put(EPOCH, String.valueOf(epoch));
        SafeTensors.save(next(OPTIMIZER_FILE), optimizer.stateDict(), metadata);
        metadata.remove(TrainingConfig.DATA_KEY);
        SafeTensors.save(next(MODEL_FILE), model.stateDict(), metadata);
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : history) {
            csv.append(m.toCsv()).append('\n');
        }
        writeDurably(next(METRICS_FILE), csv.toString().getBytes(StandardCharsets.UTF_8));
        writeDurably(next(CHART_FILE), MetricsChart.png(history));
    }

    /**
     * The point of no return: from here on, the prepared files are the saved epoch.
     *
     * @throws IOException if a prepared file is missing: another process opening this
     *     directory discards prepared files it finds uncommitted
     */
    void commit(int epoch) throws IOException {
        for (String name : FILES) {
            if (!Files.isRegularFile(next(name))) {
                throw new IOException("cannot save epoch " + epoch + " to " + dir + ": " + next(name).getFileName()
                        + " vanished before its commit; is another run using this directory?");
            }
        }
        Path temp = dir.resolve(COMMIT_FILE + ".tmp");
        writeDurably(temp, String.valueOf(epoch).getBytes(StandardCharsets.UTF_8));
        Files.move(temp, dir.resolve(COMMIT_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Moves the prepared files over their targets, then drops the commit file. */
    void install() throws IOException {
        for (String name : FILES) {
            if (Files.exists(next(name))) {
                Files.move(next(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        syncDirectory();
        Files.delete(dir.resolve(COMMIT_FILE));
    }

    /** Finishes a save that reached its commit file; discards the files of one that did not. */
    private void recover() throws IOException {
        if (Files.exists(dir.resolve(COMMIT_FILE))) {
            install();
            return;
        }
        for (String name : FILES) {
            Files.deleteIfExists(next(name));
        }
        Files.deleteIfExists(dir.resolve(COMMIT_FILE + ".tmp"));
        // A process killed inside SafeTensors.save leaves that method's own temporary files.
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (FILES.stream().anyMatch(f -> name.startsWith(".." + f + ".next.") && name.endsWith(".tmp"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Makes the renames so far survive a power loss, on file systems that need it asked. */
    private void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException cannotSyncADirectory) {
            // Some platforms cannot open a directory; their renames are as durable as they get.
        }
    }

    /** What a resumed run starts from. */
    record Saved(TrainingConfig config, int epoch, SafeTensorsContent model, SafeTensorsContent optimizer,
                 List<EpochMetrics> history) {
    }

    /**
     * Reads the last saved epoch back.
     *
     * @throws IOException if a file is missing or unreadable, or the files disagree on the epoch
     */
    Saved load() throws IOException {
        SafeTensorsContent model = SafeTensors.loadWithMetadata(existing(MODEL_FILE));
        SafeTensorsContent optimizer = SafeTensors.loadWithMetadata(existing(OPTIMIZER_FILE));
        String epoch = model.metadata().get(EPOCH);
        if (epoch == null || !epoch.equals(optimizer.metadata().get(EPOCH))) {
            throw new IOException(dir + ": " + MODEL_FILE + " (epoch " + epoch + ") and " + OPTIMIZER_FILE + " (epoch "
                    + optimizer.metadata().get(EPOCH) + ") are not from the same epoch");
        }
        int epochs = Integer.parseInt(epoch);
        List<String> lines = Files.readAllLines(existing(METRICS_FILE), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(EpochMetrics.CSV_HEADER)) {
            throw new IOException(dir.resolve(METRICS_FILE) + " does not start with the header '"
                    + EpochMetrics.CSV_HEADER + "'");
        }
        List<EpochMetrics> history = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            history.add(EpochMetrics.fromCsv(line));
        }
        if (epochs < 1 || history.size() != epochs || history.get(epochs - 1).epoch() != epochs) {
            throw new IOException(dir + ": " + MODEL_FILE + " is from epoch " + epochs + " but " + METRICS_FILE
                    + " holds " + history.size() + " epochs");
        }
        return new Saved(TrainingConfig.fromMetadata(optimizer.metadata()), epochs, model, optimizer, history);
    }

    private Path next(String name) {
        return dir.resolve("." + name + ".next");
    }

    private Path existing(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IOException("cannot resume from " + dir + ": " + name + " is missing");
        }
        return p;
    }

    /** Writes {@code bytes} to {@code file} and forces them to the disk before returning. */
    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }
}
