package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.nn.io.SafeTensors;
import io.jgrad.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end on a tiny synthetic data set in the MNIST layout: each class
 * is a bright bar at its own place, so a model learns it in an epoch or two.
 */
class CommandLineTest {
    private static final int TRAIN = 600;
    private static final int TEST = 100;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void writeData() throws IOException {
        writeSplit(dataDir, "train", TRAIN, 1);
        writeSplit(dataDir, "t10k", TEST, 2);
    }

    /** Class c is a horizontal bar on rows 2c+4..2c+5, with noise. */
    private static void writeSplit(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = (byte) c;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int ink = row == 2 * c + 4 || row == 2 * c + 5 ? 200 : 0;
                images[i * 784 + p] = (byte) Math.min(255, ink + random.nextInt(40));
            }
        }
        writeIdx(dir.resolve(prefix + "-images-idx3-ubyte"), 0x803, new int[] {n, 28, 28}, images);
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte"), 0x801, new int[] {n}, labels);
    }

    private static void writeIdx(Path file, int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        Files.write(file, bytes.toByteArray());
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void trainWritesModelOptimizerMetricsAndChart(@TempDir Path out) throws IOException {
        Result r = run("train", "--data", dataDir.toString(), "--out", out.toString(), "--epochs", "2", "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("epoch 2: test accuracy"), r.out());
        for (String name : List.of("model.safetensors", "optimizer.safetensors", "metrics.csv", "metrics.png")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertEquals(EpochMetrics.CSV_HEADER, csv.get(0));
        assertEquals(3, csv.size());
        EpochMetrics last = EpochMetrics.fromCsv(csv.get(2));
        assertEquals(2, last.epoch());
        assertTrue(last.testAccuracy() > 0.9, "the bars are easy to tell apart: " + last);
        BufferedImage chart = ImageIO.read(out.resolve("metrics.png").toFile());
        assertTrue(chart.getWidth() > 100 && chart.getHeight() > 100);
        assertFalse(Files.list(out).anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void resumingEndsWithTheSameWeightsAsAnUninterruptedRun(@TempDir Path straight, @TempDir Path interrupted)
            throws IOException {
        String data = dataDir.toString();
        assertEquals(0, run("train", "--data", data, "--out", straight.toString(), "--epochs", "2", "--optimizer", "adam",
                "--threads", "2").exitCode());
        assertEquals(0, run("train", "--data", data, "--out", interrupted.toString(), "--epochs", "1", "--optimizer",
                "adam", "--threads", "1").exitCode());
        // Without --data: the run's own data, not the shipped MNIST.
        Result resumed = run("train", "--resume", interrupted.toString(), "--epochs", "2");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming after epoch 1 of 2"), resumed.out());
        Map<String, Tensor> a = SafeTensors.load(straight.resolve("model.safetensors"));
        Map<String, Tensor> b = SafeTensors.load(interrupted.resolve("model.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            assertArrayEquals(a.get(key).toArray(), b.get(key).toArray(), key + " differs bit for bit");
        }
        assertEquals(Files.readAllLines(straight.resolve("metrics.csv")).size(),
                Files.readAllLines(interrupted.resolve("metrics.csv")).size());
    }

    @Test
    void evaluateAndPredictReadASavedModel(@TempDir Path out) throws IOException {
        String data = dataDir.toString();
        assertEquals(0, run("train", "--data", data, "--out", out.toString(), "--epochs", "2").exitCode());
        String model = out.resolve("model.safetensors").toString();

        Result evaluation = run("evaluate", "--model-file", model, "--data", data);
        assertEquals(0, evaluation.exitCode(), evaluation.err());
        assertTrue(evaluation.out().contains("test accuracy"), evaluation.out());
        assertTrue(evaluation.out().contains("confusion matrix"), evaluation.out());

        Result byIndex = run("predict", "--model-file", model, "--index", "3", "--data", data);
        assertEquals(0, byIndex.exitCode(), byIndex.err());
        assertTrue(byIndex.out().contains("predicted class 3 (true class 3)"), byIndex.out());

        // A dark bar on a white page at the height of class 5's bar, drawn larger than 28×28.
        BufferedImage page = new BufferedImage(112, 140, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 112, 140);
        g.setColor(Color.BLACK);
        g.fillRect(4, 56, 104, 8);
        g.dispose();
        Path png = out.resolve("digit.png");
        ImageIO.write(page, "png", png.toFile());
        Result byImage = run("predict", "--model-file", model, "--image", png.toString());
        assertEquals(0, byImage.exitCode(), byImage.err());
        assertTrue(byImage.out().startsWith("predicted class "), byImage.out());
        double total = byImage.out().lines().skip(1).mapToDouble(l -> Double.parseDouble(l.split(": ")[1])).sum();
        assertEquals(1.0, total, 1e-3, "the probabilities sum to one");
    }

    @Test
    void badArgumentsEndWithOneLineAndANonZeroStatus(@TempDir Path out) throws IOException {
        String data = dataDir.toString();
        assertBad(run("train", "--model", "resnet", "--data", data, "--out", out.toString()), "unknown model 'resnet'");
        assertBad(run("train", "--epochs", "-1", "--data", data, "--out", out.toString()), "epochs must be at least 1");
        assertBad(run("train", "--optimizer", "lbfgs", "--data", data, "--out", out.toString()), "unknown optimizer");
        assertBad(run("evaluate", "--model-file", out.resolve("missing.safetensors").toString()), "does not exist");
        assertBad(run("train", "--resume", out.resolve("nothing-here").toString()), "no such directory");

        Path foreign = out.resolve("foreign.safetensors");
        SafeTensors.save(foreign, Map.of("weight", Tensor.zeros(3, 3)), Map.of("model", "mlp", "hidden", "64"));
        assertBad(run("evaluate", "--model-file", foreign.toString(), "--data", data), "not a model this program can load");

        assertBad(run("train", "--epochs", "abc"), "'abc' is not an int", "mnist train --help");
        assertBad(run("train", "--bogus"), "Unknown option: '--bogus'", "mnist train --help");
        assertBad(run("train", "--epoch", "3"), "did you mean --epochs?", "mnist train --help");
        assertBad(run("evaluate"), "Missing required option", "mnist evaluate --help");
        assertBad(run(), "name a command", "mnist --help");
    }

    @Test
    void trainRefusesToOverwriteOrToIgnoreWhatItIsGiven(@TempDir Path dir) throws IOException {
        String data = dataDir.toString();
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--data", data, "--out", run.toString(), "--epochs", "1").exitCode());
        byte[] model = Files.readAllBytes(run.resolve("model.safetensors"));
        assertBad(run("train", "--data", data, "--out", run.toString()), "already holds files", "--resume " + run);
        assertArrayEquals(model, Files.readAllBytes(run.resolve("model.safetensors")), "the first run is kept");
        assertBad(run("train", "--data", data, "--out", run.resolve("model.safetensors").toString()),
                "is not a directory");
        assertBad(run("train", "--data", data, "--out", ""), "--out must name a directory");
        assertBad(run("train", "--data", data, "--model", "cnn", "--hidden", "64", "--out", dir.resolve("c").toString()),
                "--hidden sets the MLP's hidden sizes");
        assertBad(run("train", "--resume", run.toString(), "--model", "cnn", "--epochs", "2"),
                "--model cannot be given with --resume");
        assertBad(run("train", "--resume", run.toString(), "--out", dir.resolve("elsewhere").toString()),
                "--out cannot be given with --resume");
        assertFalse(Files.exists(dir.resolve("elsewhere")));
        assertBad(run("train", "--resume", run.toString()), "is complete: it has done all its 1 epoch;",
                "--epochs with more than 1");
        assertBad(run("train", "--resume", run.toString(), "--epochs", "1"), "--epochs 1 asks for no more");
        assertBad(run("train", "--data", data, "--threads", "5000", "--out", dir.resolve("t").toString()),
                "--threads must be between 1 and 1024, got 5000");
        assertBad(run("train", "--data", dir.resolve("no-such-data").toString(), "--out", dir.resolve("d").toString()),
                "no-such-data", "no such data directory");
        assertFalse(Files.exists(dir.resolve("no-such-data")), "a mistyped --data is not created");
        assertBad(run("evaluate", "--model-file", dir.toString()), "is a directory");
        assertBad(run("predict", "--model-file", run.resolve("model.safetensors").toString(), "--image", dir.toString()),
                "is a directory");
        // Names are matched as PyTorch users type them too.
        Path upper = dir.resolve("upper");
        Result r = run("train", "--data", data, "--model", "MLP", "--optimizer", "Adam", "--epochs", "1", "--out",
                upper.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("with adam"), r.out());
    }

    @Test
    void evaluateReadsAStateDictSavedWithoutMetadataAsPyTorchSavesOne(@TempDir Path dir) throws IOException {
        String data = dataDir.toString();
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--data", data, "--out", run.toString(), "--epochs", "1", "--hidden", "32,16")
                .exitCode());
        Path bare = dir.resolve("bare.safetensors");
        SafeTensors.save(bare, SafeTensors.load(run.resolve("model.safetensors")));
        Result original = run("evaluate", "--model-file", run.resolve("model.safetensors").toString(), "--data", data);
        Result fromBare = run("evaluate", "--model-file", bare.toString(), "--data", data);
        assertEquals(0, fromBare.exitCode(), fromBare.err());
        assertEquals(original.out(), fromBare.out(), "the same model, found from its names and shapes");

        Path mislabelled = dir.resolve("mislabelled.safetensors");
        SafeTensors.save(mislabelled, SafeTensors.load(run.resolve("model.safetensors")), Map.of("model", "cnn"));
        assertBad(run("evaluate", "--model-file", mislabelled.toString(), "--data", data), "model=cnn",
                "tensors are those of the mlp");

        Path unrelated = dir.resolve("unrelated.safetensors");
        SafeTensors.save(unrelated, Map.of("encoder.weight", Tensor.zeros(3, 3)));
        assertBad(run("evaluate", "--model-file", unrelated.toString(), "--data", data),
                "encoder.weight", "not the mlp's", "metadata does not name a model");
        Path unrelatedButNamed = dir.resolve("unrelated-named.safetensors");
        SafeTensors.save(unrelatedButNamed, Map.of("encoder.weight", Tensor.zeros(3, 3)), Map.of("model", "mlp"));
        assertBad(run("evaluate", "--model-file", unrelatedButNamed.toString(), "--data", data), "encoder.weight",
                "does not name a model with its hidden sizes");
        // Both metadata entries, but the cnn's tensors in a file that says mlp.
        Path contradicted = dir.resolve("contradicted.safetensors");
        SafeTensors.save(contradicted, Map.of("0.weight", Tensor.zeros(32, 1, 3, 3)), Map.of("model", "mlp", "hidden",
                "32"));
        assertBad(run("evaluate", "--model-file", contradicted.toString(), "--data", data), "model=mlp",
                "tensors are those of the cnn");
    }

    @Test
    void aDivergingRunIsToldSo(@TempDir Path dir) {
        Result r = run("train", "--data", dataDir.toString(), "--out", dir.toString(), "--epochs", "1", "--lr", "1e6");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("warning: the training loss is NaN; the learning rate (1000000.0) may be too high"),
                r.out());
    }

    @Test
    void aRunStoppedBySignalSaysHowToContinueIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-D" + TrainingJvm.PROPERTY + "=off", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", dataDir.toString(),
                "--out", out.toString(), "--epochs", "1000", "--threads", "1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(out.resolve("metrics.csv")) && Files.readAllLines(out.resolve("metrics.csv")).size() > 2)
                    && System.nanoTime() < deadline && training.isAlive()) {
                Thread.sleep(50);
            }
        } finally {
            training.destroy();
        }
        training.waitFor();
        String err = Files.readString(dir.resolve("err.txt"));
        assertTrue(err.matches("(?s).*interrupted: " + java.util.regex.Pattern.quote(out.toString()) + " holds epoch \\d+;"
                + " continue with train --resume .*"), err);
    }

    @Test
    void theDefaultOutputDirectoryMovesAsideForAnEarlierRun(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("mnist-run");
        assertEquals(first, TrainCommand.firstFree(first));
        Files.createDirectories(first);
        assertEquals(first, TrainCommand.firstFree(first), "an empty directory is free");
        Files.writeString(first.resolve("metrics.csv"), "x");
        assertEquals(dir.resolve("mnist-run-2"), TrainCommand.firstFree(first));
        Files.writeString(dir.resolve("mnist-run-2"), "a file, not a directory");
        assertEquals(dir.resolve("mnist-run-3"), TrainCommand.firstFree(first));
    }

    @Test
    void fileSystemErrorsSayWhatWentWrongWithThePath() {
        assertEquals("/x/run: permission denied", Main.describe(new java.nio.file.AccessDeniedException("/x/run")));
        assertEquals("/x/data: no such file or directory", Main.describe(new java.nio.file.NoSuchFileException("/x/data")));
        assertEquals("/x/a: disk full", Main.describe(new java.nio.file.FileSystemException("/x/a", null, "disk full")));
        assertEquals("permission denied", Main.reason(new java.nio.file.AccessDeniedException("/x/run")));
    }

    private static void assertBad(Result r, String... expected) {
        assertNotEquals(0, r.exitCode(), r.out());
        for (String fragment : expected) {
            assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }
}
