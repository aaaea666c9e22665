package io.jgrad.examples.mnist;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.ModeScope;
import io.jgrad.autograd.Variable;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Module;
import io.jgrad.nn.Reduction;
import io.jgrad.tensor.Tensor;

/**
 * A model's results on a labelled set: mean loss, accuracy and the confusion matrix
 * ({@code confusion[actual][predicted]} counts).
 */
public record Evaluation(double loss, double accuracy, int[][] confusion) {
    // The CNN's im2col columns grow with the batch: 100 images take 66 MB, 1000 would take 663 MB.
    private static final int BATCH = 100;

    /** Evaluates {@code model} (in eval mode, without a graph) on {@code images} {@code [N, ...]} and {@code labels} {@code [N]}. */
    public static Evaluation of(Module model, Tensor images, Tensor labels) {
        model.eval();
        int n = images.size(0);
        int[][] confusion = new int[10][10];
        double lossSum = 0;
        var loss = new CrossEntropyLoss(Reduction.SUM, 0f, -100);
        try (ModeScope scope = GradMode.noGrad()) {
            for (int start = 0; start < n; start += BATCH) {
                int size = Math.min(BATCH, n - start);
                Tensor y = labels.narrow(0, start, size);
                Variable logits = model.forward(Variable.of(images.narrow(0, start, size)));
                lossSum += loss.forward(logits, y).item();
                float[] predicted = logits.value().argmax(1, false).toArray();
                float[] actual = y.toArray();
                for (int i = 0; i < size; i++) {
                    confusion[(int) actual[i]][(int) predicted[i]]++;
                }
            }
        }
        int correct = 0;
        for (int c = 0; c < 10; c++) {
            correct += confusion[c][c];
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, confusion);
    }

    /** The accuracy on each class: correct predictions of it over its count (NaN for an absent class). */
    public double[] perClassAccuracy() {
        double[] out = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            int total = 0;
            for (int count : confusion[c]) {
                total += count;
            }
            out[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return out;
    }
}
