package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dropout: in training each element is zeroed with probability p and the rest scaled by 1 / (1 − p). */
class DropoutTest {
    private static final int N = 200_000;

    @Test
    void trainingZeroesAboutPAndScalesTheRest() {
        for (float p : new float[] {0.1f, 0.3f, 0.5f, 0.8f}) {
            Tensor x = uniform(81, 0.5, 2, N);
            Tensor y = new Dropout(p, new SplittableRandom(82)).forward(Variable.of(x)).value();
            float[] in = x.toArray();
            float[] out = y.toArray();
            int zeros = 0;
            for (int i = 0; i < N; i++) {
                if (out[i] == 0f) {
                    zeros++;
                } else {
                    assertEquals(in[i] / (1.0 - p), out[i], 1e-6 * Math.abs(in[i] / (1.0 - p)), "element " + i);
                }
            }
            // Binomial(N, p): five standard deviations is under 0.5% of N here.
            double sd = Math.sqrt(N * p * (1 - p));
            assertEquals(N * p, zeros, 5 * sd, "zeros at p = " + p);
        }
    }

    @Test
    void theExpectationIsKept() {
        Tensor x = Tensor.ones(N);
        double mean = new Dropout(0.4f, new SplittableRandom(83)).forward(Variable.of(x)).value().mean().item();
        assertEquals(1.0, mean, 0.01);
    }

    @Test
    void evalIsTheIdentity() {
        Dropout dropout = new Dropout(0.9f, new SplittableRandom(84));
        dropout.eval();
        Variable x = Variable.of(uniform(85, -1, 1, 10, 10), true);
        Variable y = dropout.forward(x);
        assertEquals(x.value(), y.value());
        dropout.train();
        assertNotEquals(x.value(), dropout.forward(x).value(), "training mode drops again");
    }

    @Test
    void edgeProbabilities() {
        Tensor x = uniform(86, -1, 1, 1000);
        assertEquals(x, new Dropout(0f, new SplittableRandom(87)).forward(Variable.of(x)).value(), "p = 0 keeps all");
        Tensor zeroed = new Dropout(1f, new SplittableRandom(88)).forward(Variable.of(x)).value();
        assertEquals(Tensor.zeros(1000), zeroed.abs(), "p = 1 zeroes all, with no NaN from 1 / (1 − p)");
        Variable in = Variable.of(x, true);
        new Dropout(1f, new SplittableRandom(89)).forward(in).sum().backward();
        assertEquals(Tensor.zeros(1000), in.grad().value().abs(), "and passes no gradient");
    }

    @Test
    void gradientIsTheMask() {
        Variable x = Variable.of(uniform(90, 1, 2, 500), true);
        Variable out = new Dropout(0.25f, new SplittableRandom(91)).forward(x);
        out.sum().backward();
        float[] g = x.grad().value().toArray();
        float[] o = out.value().toArray();
        for (int i = 0; i < g.length; i++) {
            assertEquals(o[i] == 0f ? 0.0 : 1 / 0.75, g[i], 1e-6, "element " + i);
        }
    }

    @Test
    void seededMasksAreReproducibleAndSuccessiveCallsDiffer() {
        Tensor x = Tensor.ones(64, 64);
        Dropout a = new Dropout(0.5f, new SplittableRandom(92));
        Dropout b = new Dropout(0.5f, new SplittableRandom(92));
        Tensor first = a.forward(Variable.of(x)).value();
        assertEquals(first, b.forward(Variable.of(x)).value());
        assertNotEquals(first, a.forward(Variable.of(x)).value(), "the next call draws a new mask");
        assertNotEquals(first, new Dropout(0.5f, new SplittableRandom(93)).forward(Variable.of(x)).value());

        Init.manualSeed(94);
        Tensor fromDefault = new Dropout(0.5f).forward(Variable.of(x)).value();
        Init.manualSeed(94);
        assertEquals(fromDefault, new Dropout(0.5f).forward(Variable.of(x)).value(), "manualSeed reseeds the default");
    }

    @Test
    void validation() {
        assertThrowsWith(IllegalArgumentException.class, () -> new Dropout(-0.1f), "[0, 1]", "-0.1");
        assertThrowsWith(IllegalArgumentException.class, () -> new Dropout(1.5f), "[0, 1]", "1.5");
        assertThrowsWith(IllegalArgumentException.class, () -> new Dropout(Float.NaN), "NaN");
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        Variable x = Variable.of(Tensor.ones(3));
        assertSame(x, new Dropout(0f).forward(x), "p = 0 returns its input");
        assertTrue(new Dropout().isTraining());
    }
}
