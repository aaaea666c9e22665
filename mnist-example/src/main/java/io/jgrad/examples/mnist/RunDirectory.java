package io.jgrad.examples.mnist;

import io.jgrad.nn.Module;
import io.jgrad.nn.io.SafeTensors;
import io.jgrad.nn.io.SafeTensorsContent;
import io.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --out} directory of a training run: after each epoch the model
 * ({@code model.safetensors}) and optimizer state ({@code optimizer.safetensors}), both
 * carrying the training settings and the epoch in their metadata, {@code metrics.csv} and
 * {@code metrics.png}. Every file is replaced atomically, so an interrupted run leaves the
 * last complete epoch behind.
 */
final class RunDirectory {
    static final String MODEL_FILE = "model.safetensors";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String METRICS_FILE = "metrics.csv";
    static final String CHART_FILE = "metrics.png";
    private static final String EPOCH = "epoch";

    private final Path dir;

    RunDirectory(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    /** Saves the state after {@code epoch} complete epochs, with the metrics of all of them so far. */
    void save(TrainingConfig config, int epoch, Module model, Optimizer optimizer, List<EpochMetrics> history)
            throws IOException {
        Map<String, String> metadata = new HashMap<>(config.toMetadata());
        metadata.put(EPOCH, String.valueOf(epoch));
        SafeTensors.save(dir.resolve(MODEL_FILE), model.stateDict(), metadata);
        SafeTensors.save(dir.resolve(OPTIMIZER_FILE), optimizer.stateDict(), metadata);
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : history) {
            csv.append(m.toCsv()).append('\n');
        }
        writeAtomically(dir.resolve(METRICS_FILE), csv.toString().getBytes(StandardCharsets.UTF_8));
        writeAtomically(dir.resolve(CHART_FILE), MetricsChart.png(history));
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
        List<EpochMetrics> history = new ArrayList<>();
        List<String> lines = Files.readAllLines(existing(METRICS_FILE), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            EpochMetrics m = EpochMetrics.fromCsv(line);
            if (m.epoch() <= Integer.parseInt(epoch)) {
                history.add(m);
            }
        }
        return new Saved(TrainingConfig.fromMetadata(model.metadata()), Integer.parseInt(epoch), model, optimizer,
                history);
    }

    private Path existing(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IOException("cannot resume from " + dir + ": " + name + " is missing");
        }
        return p;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        // Not createTempFile: it makes files only their owner can read, and the rename keeps that.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
