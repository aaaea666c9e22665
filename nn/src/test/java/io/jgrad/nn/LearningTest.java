package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.ModeScope;
import io.jgrad.autograd.Variable;
import io.jgrad.nn.data.DataLoader;
import io.jgrad.nn.data.TensorDataset;
import io.jgrad.nn.optim.Adam;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.SGD;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A small MLP learns three separable 2-D blobs with fixed seeds, within a bounded number of steps. */
class LearningTest {
    private static final int PER_CLASS = 60;
    private static final double[][] CENTRES = {{0, 3}, {-2.6, -1.5}, {2.6, -1.5}};

    /** Points around each centre with standard deviation 0.5, and their class. */
    private static TensorDataset blobs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = PER_CLASS * CENTRES.length;
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % CENTRES.length;
            x[2 * i] = (float) (CENTRES[c][0] + 0.5 * random.nextGaussian());
            x[2 * i + 1] = (float) (CENTRES[c][1] + 0.5 * random.nextGaussian());
            y[i] = c;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    private static Sequential mlp(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Sequential(new Linear(2, 16, true, random), new ReLU(), new Linear(16, 3, true, random));
    }

    private record Outcome(double initialLoss, double loss, double accuracy, int steps) {
    }

    private static double fullLoss(Sequential model, TensorDataset data) {
        try (ModeScope scope = GradMode.noGrad()) {
            Tensor[] all = data.batch(range(data.size()));
            return new CrossEntropyLoss().forward(model.forward(Variable.of(all[0])), all[1]).item();
        }
    }

    private static Outcome train(Function<Sequential, Optimizer> makeOptimizer, int maxSteps) {
        TensorDataset train = blobs(1);
        TensorDataset test = blobs(2);
        Sequential model = mlp(3);
        Optimizer optimizer = makeOptimizer.apply(model);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader loader = new DataLoader(train, 20, true, false, 4);
        double initialLoss = fullLoss(model, train);
        int steps = 0;
        double fullLoss = initialLoss;
        while (steps < maxSteps) {
            for (Tensor[] batch : loader) {
                optimizer.zeroGrad();
                loss.forward(model.forward(Variable.of(batch[0])), batch[1]).backward();
                optimizer.step();
                steps++;
            }
            fullLoss = fullLoss(model, train);
            if (fullLoss < 0.02) {
                break;
            }
        }
        Tensor[] all = test.batch(range(test.size()));
        Tensor predicted;
        try (ModeScope scope = GradMode.noGrad()) {
            predicted = model.eval().forward(Variable.of(all[0])).value().argmax(1, false);
        }
        float[] p = predicted.toArray();
        float[] y = all[1].toArray();
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            right += p[i] == y[i] ? 1 : 0;
        }
        return new Outcome(initialLoss, fullLoss, (double) right / y.length, steps);
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Test
    void sgdWithMomentum() {
        Outcome o = train(m -> new SGD(m.parameters(), 0.05, 0.9, 0, 0, false), 1800);
        assertTrue(o.initialLoss() > 0.5, "the untrained model does not already know: loss " + o.initialLoss());
        assertTrue(o.loss() < 0.02, "training loss " + o.loss() + " after " + o.steps() + " steps");
        assertEquals(1.0, o.accuracy(), "test accuracy after " + o.steps() + " steps");
    }

    @Test
    void adam() {
        Outcome o = train(m -> new Adam(m.parameters(), 0.02), 1800);
        assertTrue(o.initialLoss() > 0.5, "the untrained model does not already know: loss " + o.initialLoss());
        assertTrue(o.loss() < 0.02, "training loss " + o.loss() + " after " + o.steps() + " steps");
        assertEquals(1.0, o.accuracy(), "test accuracy after " + o.steps() + " steps");
    }

    @Test
    void theSameSeedsGiveTheSameRun() {
        Outcome a = train(m -> new Adam(m.parameters(), 0.02), 45);
        Outcome b = train(m -> new Adam(m.parameters(), 0.02), 45);
        assertEquals(a, b);
    }
}
