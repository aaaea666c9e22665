package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.nn.Module;
import io.jgrad.nn.io.SafeTensors;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory replaces an epoch's four files together: a save interrupted before its
 * commit leaves the previous epoch, one interrupted after it is finished by the next reader,
 * and files that disagree are refused rather than resumed from.
 */
class RunDirectoryTest {
    private static final TrainingConfig CONFIG = new TrainingConfig(new Architecture("mlp", List.of(4)), 3, 8, "sgd",
            0.1, 7, null);

    @TempDir
    Path dir;

    private final Module model = CONFIG.architecture().build();
    private final Optimizer optimizer = Trainer.optimizerFor(CONFIG, model);
    private final List<EpochMetrics> history = new ArrayList<>();

    /** Sets every weight to {@code value}, so that each epoch's model can be told apart, and adds its metrics. */
    private void finishEpoch(float value) {
        model.parameters().forEach(p -> p.value().fill(value));
        int epoch = history.size() + 1;
        history.add(new EpochMetrics(epoch, 1.0 / epoch, 0.5, 2.0 / epoch, 0.6, 1.5));
    }

    private static void assertModelIs(float value, RunDirectory.Saved saved) {
        for (Map.Entry<String, Tensor> e : saved.model().tensors().entrySet()) {
            float[] values = e.getValue().toArray();
            for (float v : values) {
                assertEquals(value, v, e.getKey());
            }
        }
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    /** Epoch 1 saved (all weights 1), epoch 2 (all weights 2) written beside it, not committed. */
    private RunDirectory savedOneEpochAndPreparedTheNext() throws IOException {
        RunDirectory run = RunDirectory.create(dir);
        finishEpoch(1f);
        run.save(CONFIG, 1, model, optimizer, history);
        finishEpoch(2f);
        run.prepare(CONFIG, 2, model, optimizer, history);
        return run;
    }

    @Test
    void aSaveInterruptedBeforeItsCommitLeavesThePreviousEpoch() throws IOException {
        savedOneEpochAndPreparedTheNext();

        RunDirectory.Saved saved = RunDirectory.existing(dir).load();
        assertEquals(1, saved.epoch());
        assertEquals(1, saved.history().size());
        assertModelIs(1f, saved);
        assertEquals(List.of(), leftovers(), "the interrupted save's files are discarded");
    }

    @Test
    void aSaveInterruptedAfterItsCommitIsFinishedByTheNextReader() throws IOException {
        RunDirectory run = savedOneEpochAndPreparedTheNext();
        run.commit(2);
        // Interrupted after the first rename: the new model is in place, the rest still beside it.
        Files.move(dir.resolve("." + RunDirectory.MODEL_FILE + ".next"), dir.resolve(RunDirectory.MODEL_FILE),
                StandardCopyOption.REPLACE_EXISTING);

        RunDirectory.Saved saved = RunDirectory.existing(dir).load();
        assertEquals(2, saved.epoch());
        assertEquals(2, saved.history().size());
        assertModelIs(2f, saved);
        assertEquals(List.of(), leftovers(), "the commit file and the prepared files are gone");
    }

    @Test
    void aCommitWhosePreparedFilesAnotherProcessDiscardedFails() throws IOException {
        RunDirectory run = savedOneEpochAndPreparedTheNext();
        RunDirectory.existing(dir);
        IOException e = assertThrows(IOException.class, () -> run.commit(2));
        assertTrue(e.getMessage().contains("vanished") && e.getMessage().contains("another run"), e.getMessage());
        assertEquals(1, RunDirectory.existing(dir).load().epoch(), "epoch 1 stays saved");
    }

    @Test
    void theDataDirectoryIsKeptOutOfTheModelFile() throws IOException {
        Path data = dir.resolve("my-data");
        TrainingConfig config = CONFIG.withData(data);
        finishEpoch(1f);
        RunDirectory.create(dir).save(config, 1, model, optimizer, history);
        Map<String, String> modelMetadata = SafeTensors.loadWithMetadata(dir.resolve(RunDirectory.MODEL_FILE)).metadata();
        assertFalse(modelMetadata.containsKey(TrainingConfig.DATA_KEY), modelMetadata.toString());
        assertEquals("mlp", modelMetadata.get("model"), "the model file keeps the architecture");
        assertEquals(data.toAbsolutePath().normalize(), RunDirectory.existing(dir).load().config().data());
    }

    @Test
    void temporaryFilesOfAKilledWriteAreSweptAway() throws IOException {
        RunDirectory.create(dir);
        Path leftover = Files.createFile(dir.resolve(".." + RunDirectory.MODEL_FILE + ".next.12345.tmp"));
        Path unrelated = Files.createFile(dir.resolve("notes.tmp"));
        RunDirectory.existing(dir);
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(unrelated), "files the run did not write stay");
    }

    @Test
    void metricsThatDisagreeWithTheCheckpointAreRefused() throws IOException {
        RunDirectory run = RunDirectory.create(dir);
        finishEpoch(1f);
        finishEpoch(2f);
        run.save(CONFIG, 2, model, optimizer, history);
        Path csv = dir.resolve(RunDirectory.METRICS_FILE);
        List<String> lines = Files.readAllLines(csv);
        Files.write(csv, lines.subList(0, 2));
        IOException shortCsv = assertThrows(IOException.class, () -> RunDirectory.existing(dir).load());
        assertTrue(shortCsv.getMessage().contains("epoch 2") && shortCsv.getMessage().contains("holds 1 epochs"),
                shortCsv.getMessage());
        Files.write(csv, new byte[0]);
        IOException empty = assertThrows(IOException.class, () -> RunDirectory.existing(dir).load());
        assertTrue(empty.getMessage().contains("header"), empty.getMessage());
    }

    @Test
    void resumingFromAMissingDirectoryCreatesNothing() {
        Path typo = dir.resolve("no-such-run");
        IOException e = assertThrows(IOException.class, () -> RunDirectory.existing(typo));
        assertTrue(e.getMessage().contains("no such directory") && e.getMessage().contains("no-such-run"),
                e.getMessage());
        assertFalse(Files.exists(typo));
    }
}
