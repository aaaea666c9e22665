package io.jgrad.examples.mnist;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.ModeScope;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predict}: the class and class probabilities of one image. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify a digit image (any size; converted as MNIST digits were) or a test-set image.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, description = "a model.safetensors written by train")
    Path modelFile;

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--image", description = "an image file (PNG, JPEG, ...) of one digit")
        Path image;

        @Option(names = "--index", description = "the index of an image in the test set")
        Integer index;
    }

    @Option(names = "--data", description = "a directory with the four MNIST files, for --index (default: the"
            + " shipped copies)")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var model = SavedModel.load(modelFile);
        Tensor image;
        String truth = "";
        if (input.image != null) {
            image = DigitImage.fromFile(input.image);
        } else {
            MnistSplit test = MnistSource.loadTest(data);
            int n = test.labels().numel();
            if (input.index < 0 || input.index >= n) {
                throw new IllegalArgumentException("--index must be in [0, " + n + "), got " + input.index);
            }
            image = test.images().narrow(0, input.index, 1);
            truth = " (true class " + (int) test.labels().get(input.index) + ")";
        }
        float[] probabilities;
        try (ModeScope scope = GradMode.noGrad()) {
            probabilities = model.forward(Variable.of(Standardization.apply(image))).value().softmax(1).toArray();
        }
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        var out = spec.commandLine().getOut();
        out.println("predicted class " + best + truth);
        for (int c = 0; c < probabilities.length; c++) {
            out.printf(Locale.ROOT, "  %d: %.4f%n", c, probabilities[c]);
        }
        return 0;
    }
}
