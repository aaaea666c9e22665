package io.jgrad.examples.mnist;

import io.jgrad.nn.Init;
import io.jgrad.nn.Module;
import io.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training run's state: settings, model, optimizer, the epochs done and where they are
 * saved. Started fresh or resumed from the last epoch saved in a run directory.
 */
final class TrainingRun {
    private final TrainingConfig config;
    private final Module model;
    private final Optimizer optimizer;
    private final RunDirectory directory;
    private final List<EpochMetrics> history;

    private TrainingRun(TrainingConfig config, Module model, Optimizer optimizer, RunDirectory directory,
                        List<EpochMetrics> history) {
        this.config = config;
        this.model = model;
        this.optimizer = optimizer;
        this.directory = directory;
        this.history = new ArrayList<>(history);
    }

    /** A new run: weights initialised from the configuration's seed. */
    static TrainingRun start(TrainingConfig config, Path out) throws IOException {
        Init.manualSeed(config.seed());
        Module model = config.architecture().build();
        return new TrainingRun(config, model, Trainer.optimizerFor(config, model), RunDirectory.create(out), List.of());
    }

    /**
     * The run saved in {@code dir}, continued to {@code totalEpochs} if given, else to its own total.
     *
     * @throws IOException if the directory does not hold a complete saved epoch
     */
    static TrainingRun resume(Path dir, Integer totalEpochs) throws IOException {
        RunDirectory directory = RunDirectory.existing(dir);
        RunDirectory.Saved saved = directory.load();
        TrainingConfig config = totalEpochs != null ? saved.config().withEpochs(totalEpochs) : saved.config();
        Module model = config.architecture().build();
        model.loadStateDict(saved.model().tensors());
        Optimizer optimizer = Trainer.optimizerFor(config, model);
        optimizer.loadStateDict(saved.optimizer().tensors());
        return new TrainingRun(config, model, optimizer, directory, saved.history());
    }

    TrainingConfig config() {
        return config;
    }

    /** This run continued on the data in directory {@code data}, which later saves record. */
    TrainingRun withData(Path data) {
        return new TrainingRun(config.withData(data), model, optimizer, directory, history);
    }

    Module model() {
        return model;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    Path directory() {
        return directory.dir();
    }

    /** The number of epochs already done (0 for a fresh run). */
    int epochsDone() {
        return history.size();
    }

    /** Saves the state after an epoch, with its metrics. */
    void recordEpoch(EpochMetrics metrics) {
        history.add(metrics);
        try {
            directory.save(config, metrics.epoch(), model, optimizer, history);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save to " + directory.dir() + ": " + Main.describe(e), e);
        }
    }
}
