package io.jgrad.examples.mnist;

import io.jgrad.tensor.Parallelism;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: trains a model, saving it with its metrics and chart after every epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train on MNIST; after each epoch save the model, optimizer state, metrics.csv and metrics.png"
                + " to --out.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "mlp or cnn (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--hidden", split = ",", defaultValue = "128",
            description = "the MLP's hidden sizes, comma-separated (default: ${DEFAULT-VALUE})")
    List<Integer> hidden;

    @Option(names = "--epochs", defaultValue = "5", description = "number of epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--optimizer", description = "sgd, adam or adamw (default: sgd for mlp, adam for cnn)")
    String optimizer;

    @Option(names = "--lr", description = "learning rate (default: 0.1 for sgd, 0.001 for adam and adamw)")
    Double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "seeds weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "worker threads (default: all processors)")
    Integer threads;

    @Option(names = "--data", description = "a directory with the four MNIST files (default: the copies shipped in"
            + " the jar; with --resume, the run's own data)")
    Path data;

    @Option(names = "--out", description = "a new or empty directory to write results to (default: mnist-run, or"
            + " mnist-run-2, -3, ... when that already holds files)")
    Path out;

    @Option(names = "--resume", description = "continue the run saved in this directory (its settings are used;"
            + " --epochs may extend it, --data and --threads may be given)")
    Path resume;

    @Spec
    CommandSpec spec;

    /** The options a resumed run takes from its checkpoint, which may not be given with {@code --resume}. */
    private static final List<String> SAVED_SETTINGS =
            List.of("--model", "--hidden", "--batch-size", "--optimizer", "--lr", "--seed", "--out");
    private static final String DEFAULT_OUT = "mnist-run";
    /** Far beyond any useful count; tens of thousands of threads exhaust the process's native memory. */
    private static final int MAX_THREADS = 1024;

    @Override
    public Integer call() throws Exception {
        var parsed = spec.commandLine().getParseResult();
        if (threads != null) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw usageError("--threads must be between 1 and " + MAX_THREADS + ", got " + threads);
            }
            Parallelism.setThreads(threads);
        }
        var console = spec.commandLine().getOut();
        TrainingRun run;
        if (resume != null) {
            for (String option : SAVED_SETTINGS) {
                if (parsed.hasMatchedOption(option)) {
                    throw usageError(option + " cannot be given with --resume: the run keeps the settings it was"
                            + " started with (only --epochs, --data and --threads may be given)");
                }
            }
            run = TrainingRun.resume(resume, parsed.hasMatchedOption("--epochs") ? epochs : null);
            if (run.epochsDone() >= run.config().epochs()) {
                int done = run.epochsDone();
                String epochsDone = done + (done == 1 ? " epoch" : " epochs");
                throw usageError(parsed.hasMatchedOption("--epochs")
                        ? "the run in " + resume + " has done " + epochsDone + " already, and --epochs " + epochs
                                + " asks for no more; pass --epochs with more than " + done + " to train it further"
                        : "the run in " + resume + " is complete: it has done all its " + epochsDone + "; pass --epochs"
                                + " with more than " + done + " to train it further");
            }
            console.printf("resuming after epoch %d of %d%n", run.epochsDone(), run.config().epochs());
            Path trainedOn = run.config().data();
            if (data != null && !data.toAbsolutePath().normalize().equals(trainedOn)) {
                console.printf("note: the run was trained on %s; it continues on %s as --data asks%n",
                        trainedOn == null ? "the shipped MNIST" : trainedOn, data);
                run = run.withData(data);
            }
        } else {
            String kind = model.toLowerCase(Locale.ROOT);
            if (kind.equals("cnn") && parsed.hasMatchedOption("--hidden")) {
                throw usageError("--hidden sets the MLP's hidden sizes; the cnn's are fixed");
            }
            String opt = optimizer != null ? optimizer.toLowerCase(Locale.ROOT) : kind.equals("cnn") ? "adam" : "sgd";
            double lr = learningRate != null ? learningRate : opt.equals("sgd") ? 0.1 : 1e-3;
            var architecture = new Architecture(kind, kind.equals("cnn") ? List.of() : hidden);
            var config = new TrainingConfig(architecture, epochs, batchSize, opt, lr, seed, data);
            Path directory = out != null ? requireUsable(out) : freeDefaultDirectory(console);
            run = TrainingRun.start(config, directory);
        }
        MnistData mnist = MnistSource.load(run.config().data());
        TrainingConfig config = run.config();
        console.printf("training %s with %s (lr %s), batch %d, %d threads%n", config.architecture(), config.optimizer(),
                config.learningRate(), config.batchSize(), Parallelism.threads());
        var trainer = new Trainer(config, Standardization.applyInPlace(mnist.train()),
                Standardization.applyInPlace(mnist.test()), console);
        AtomicInteger saved = new AtomicInteger(run.epochsDone());
        Path directory = run.directory();
        Thread interruptionNote = new Thread(() -> System.err.println(interruptionNote(saved.get(), directory)));
        Runtime.getRuntime().addShutdownHook(interruptionNote);
        try {
            TrainingRun training = run;
            trainer.run(run.model(), run.optimizer(), run.epochsDone(), metrics -> {
                training.recordEpoch(metrics);
                saved.set(metrics.epoch());
            });
        } finally {
            Runtime.getRuntime().removeShutdownHook(interruptionNote);
        }
        console.println("saved to " + directory.toAbsolutePath());
        return 0;
    }

    /** What a run stopped by Ctrl-C (or any signal that lets the JVM shut down) leaves behind. */
    private static String interruptionNote(int epochsSaved, Path directory) {
        return epochsSaved == 0 ? "interrupted before the first epoch was saved"
                : "interrupted: " + directory + " holds epoch " + epochsSaved + "; continue with train --resume "
                        + directory;
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code --out} as given: refused if it is not a directory that is new or empty, so that no run is overwritten. */
    private Path requireUsable(Path directory) throws IOException {
        if (directory.toString().isEmpty()) {
            throw usageError("--out must name a directory, got an empty path");
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw usageError("--out " + directory + " is not a directory; name a new or empty directory");
        }
        if (!isNewOrEmpty(directory)) {
            throw usageError("--out " + directory + " already holds files; continue a run there with --resume "
                    + directory + ", or name a new or empty directory");
        }
        return directory;
    }

    /** mnist-run, or the first of mnist-run-2, -3, ... that is new or empty, so that a second run keeps the first. */
    private static Path freeDefaultDirectory(PrintWriter console) throws IOException {
        Path directory = firstFree(Path.of(DEFAULT_OUT));
        if (!directory.toString().equals(DEFAULT_OUT)) {
            console.printf("note: %s already holds files; writing to %s%n", DEFAULT_OUT, directory);
        }
        return directory;
    }

    /** {@code directory} if it is new or empty, else the first such of its siblings named with -2, -3, .... */
    static Path firstFree(Path directory) throws IOException {
        Path candidate = directory;
        for (int n = 2; !isNewOrEmpty(candidate); n++) {
            candidate = directory.resolveSibling(directory.getFileName() + "-" + n);
        }
        return candidate;
    }

    private static boolean isNewOrEmpty(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
