package io.jgrad.examples.mnist;

import io.jgrad.tensor.Parallelism;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--out", defaultValue = "mnist-run", description = "where to write results (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--resume", description = "continue the run saved in this directory (its settings are used;"
            + " --epochs may extend it)")
    Path resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            Parallelism.setThreads(threads);
        }
        var console = spec.commandLine().getOut();
        TrainingRun run;
        if (resume != null) {
            boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
            run = TrainingRun.resume(resume, epochsGiven ? epochs : null);
            console.printf("resuming after epoch %d of %d%n", run.epochsDone(), run.config().epochs());
            Path trainedOn = run.config().data();
            if (data != null && !data.toAbsolutePath().normalize().equals(trainedOn)) {
                console.printf("note: the run was trained on %s; it continues on %s as --data asks%n",
                        trainedOn == null ? "the shipped MNIST" : trainedOn, data);
                run = run.withData(data);
            }
        } else {
            String opt = optimizer != null ? optimizer : model.equals("cnn") ? "adam" : "sgd";
            double lr = learningRate != null ? learningRate : opt.equals("sgd") ? 0.1 : 1e-3;
            var architecture = new Architecture(model, model.equals("cnn") ? List.of() : hidden);
            run = TrainingRun.start(new TrainingConfig(architecture, epochs, batchSize, opt, lr, seed, data), out);
        }
        MnistData mnist = MnistSource.load(run.config().data());
        TrainingConfig config = run.config();
        console.printf("training %s with %s (lr %s), batch %d, %d threads%n", config.architecture(), config.optimizer(),
                config.learningRate(), config.batchSize(), Parallelism.threads());
        new Trainer(config, Standardization.applyInPlace(mnist.train()), Standardization.applyInPlace(mnist.test()), console)
                .run(run.model(), run.optimizer(), run.epochsDone(), run::recordEpoch);
        console.println("saved to " + run.directory().toAbsolutePath());
        return 0;
    }
}
