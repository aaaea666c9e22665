package io.jgrad.examples.mnist;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: a saved model's test accuracy, per-class accuracy and confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Report a saved model's test accuracy, per-class accuracy and confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, description = "a model.safetensors written by train")
    Path modelFile;

    @Option(names = "--data", description = "a directory with the four MNIST files (default: the shipped copies)")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var model = SavedModel.load(modelFile);
        MnistSplit test = Standardization.applyInPlace(MnistSource.loadTest(data));
        Evaluation result = Evaluation.of(model, test.images(), test.labels());
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "test accuracy %.2f%% (loss %.4f) on %d images%n", 100 * result.accuracy(),
                result.loss(), test.size());
        double[] perClass = result.perClassAccuracy();
        out.println("per class:");
        for (int c = 0; c < perClass.length; c++) {
            out.printf(Locale.ROOT, "  %d: %6.2f%%%n", c, 100 * perClass[c]);
        }
        out.println("confusion matrix (rows: true class, columns: predicted):");
        out.print("     ");
        for (int c = 0; c < 10; c++) {
            out.printf("%6d", c);
        }
        out.println();
        for (int actual = 0; actual < 10; actual++) {
            out.printf("  %d: ", actual);
            for (int predicted = 0; predicted < 10; predicted++) {
                out.printf("%6d", result.confusion()[actual][predicted]);
            }
            out.println();
        }
        return 0;
    }
}
