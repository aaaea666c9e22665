package io.jgrad.examples.mnist;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that decides a training run's result, saved with each checkpoint so that
 * {@code --resume} continues exactly the run that was interrupted.
 *
 * @param architecture the model
 * @param epochs the total number of epochs
 * @param batchSize images per step
 * @param optimizer {@code sgd}, {@code adam} or {@code adamw}
 * @param learningRate the optimizer's learning rate
 * @param seed seeds the initial weights and the shuffling
 * @param data the directory the data came from, absolute; null for the copy shipped in the jar
 */
public record TrainingConfig(Architecture architecture, int epochs, int batchSize, String optimizer,
                             double learningRate, long seed, Path data) {
    /** The metadata key of {@link #data()}. */
    static final String DATA_KEY = "data";
    /** The optimizers {@code --optimizer} accepts. */
    public static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw");

    /**
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "', expected one of " + OPTIMIZERS);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        data = data == null ? null : data.toAbsolutePath().normalize();
    }

    /** The metadata entries that describe this configuration. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new HashMap<>(architecture.toMetadata());
        m.put("epochs", String.valueOf(epochs));
        m.put("batch_size", String.valueOf(batchSize));
        m.put("optimizer", optimizer);
        m.put("lr", String.format(Locale.ROOT, "%s", learningRate));
        m.put("seed", String.valueOf(seed));
        if (data != null) {
            m.put(DATA_KEY, data.toString());
        }
        return m;
    }

    /**
     * Reads a configuration back from checkpoint metadata.
     *
     * @throws IllegalArgumentException if an entry is missing or malformed
     */
    public static TrainingConfig fromMetadata(Map<String, String> m) {
        try {
            return new TrainingConfig(Architecture.fromMetadata(m), Integer.parseInt(require(m, "epochs")),
                    Integer.parseInt(require(m, "batch_size")), require(m, "optimizer"),
                    Double.parseDouble(require(m, "lr")), Long.parseLong(require(m, "seed")),
                    m.containsKey(DATA_KEY) ? Path.of(m.get(DATA_KEY)) : null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed training settings in the checkpoint: " + e.getMessage());
        }
    }

    private static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the checkpoint lacks the training setting '" + key + "'");
        }
        return v;
    }

    /** A copy that reads its data from {@code directory} (null: the shipped copy). */
    public TrainingConfig withData(Path directory) {
        return new TrainingConfig(architecture, epochs, batchSize, optimizer, learningRate, seed, directory);
    }

    /** A copy with another total number of epochs (for extending a resumed run). */
    public TrainingConfig withEpochs(int total) {
        return new TrainingConfig(architecture, total, batchSize, optimizer, learningRate, seed, data);
    }
}
