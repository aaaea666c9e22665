package io.jgrad.examples.mnist;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.ModeScope;
import io.jgrad.autograd.Variable;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Module;
import io.jgrad.nn.data.DataLoader;
import io.jgrad.nn.data.TensorDataset;
import io.jgrad.nn.optim.Adam;
import io.jgrad.nn.optim.AdamW;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.SGD;
import io.jgrad.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The training loop: epochs of shuffled mini-batches with cross-entropy and the configured
 * optimizer, a progress bar per epoch, and a test-set evaluation after each.
 */
final class Trainer {
    private final TrainingConfig config;
    private final MnistSplit train;
    private final MnistSplit test;
    private final PrintWriter out;

    Trainer(TrainingConfig config, MnistSplit train, MnistSplit test, PrintWriter out) {
        this.config = config;
        this.train = train;
        this.test = test;
        this.out = out;
    }

    /** The optimizer the configuration names, over {@code model}'s parameters. */
    static Optimizer optimizerFor(TrainingConfig config, Module model) {
        return switch (config.optimizer()) {
            case "sgd" -> new SGD(model.parameters(), config.learningRate());
            case "adam" -> new Adam(model.parameters(), config.learningRate());
            case "adamw" -> new AdamW(model.parameters(), config.learningRate());
            default -> throw new IllegalArgumentException("unknown optimizer '" + config.optimizer() + "'");
        };
    }

    /**
     * Trains from epoch {@code firstEpoch} (0-based; later than 0 when resuming) to the end,
     * handing each epoch's metrics to {@code afterEpoch} (which saves them).
     */
    void run(Module model, Optimizer optimizer, int firstEpoch, Consumer<EpochMetrics> afterEpoch) {
        var loader = new DataLoader(new TensorDataset(train.images(), train.labels()), config.batchSize(), true, false,
                config.seed());
        var loss = new CrossEntropyLoss();
        for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
            model.train();
            var bar = new ProgressBar(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, config.epochs()),
                    loader.numBatches(), out, System.console() != null);
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            int step = 0;
            for (Tensor[] batch : loader.epoch(epoch)) {
                optimizer.zeroGrad();
                Variable logits = model.forward(Variable.of(batch[0]));
                Variable batchLoss = loss.forward(logits, batch[1]);
                batchLoss.backward();
                optimizer.step();
                int size = batch[1].numel();
                lossSum += batchLoss.item() * size;
                try (ModeScope scope = GradMode.noGrad()) {
                    correct += (long) logits.value().argmax(1, false).eq(batch[1]).sum().item();
                }
                seen += size;
                step++;
                double seconds = (System.nanoTime() - start) / 1e9;
                bar.update(step, String.format(Locale.ROOT, "loss %.4f acc %.1f%% %,.0f img/s", lossSum / seen,
                        100.0 * correct / seen, seen / Math.max(seconds, 1e-9)));
            }
            bar.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation result = Evaluation.of(model, test.images(), test.labels());
            out.printf(Locale.ROOT, "epoch %d: test accuracy %.2f%%, test loss %.4f, %.1f s%n", epoch + 1,
                    100 * result.accuracy(), result.loss(), seconds);
            if (!Double.isFinite(lossSum)) {
                // Training goes on, as PyTorch's would, but the weights are most likely lost.
                out.printf(Locale.ROOT, "warning: the training loss is %s; the learning rate (%s) may be too high%n",
                        lossSum, config.learningRate());
            }
            afterEpoch.accept(new EpochMetrics(epoch + 1, lossSum / seen, (double) correct / seen, result.loss(),
                    result.accuracy(), seconds));
        }
    }
}
