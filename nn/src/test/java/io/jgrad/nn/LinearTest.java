package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertClose;
import static io.jgrad.nn.Fixtures.assertGradCheck;
import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.toDouble;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GradCheck;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Linear: {@code y[.., o] = Σ_k x[.., k]·W[o, k] + b[o]}, checked with plain loops. */
class LinearTest {
    /** The plain loop over rows of the flattened leading dimensions. */
    private static double[] reference(Tensor x, Linear layer) {
        int in = layer.weight().shape().size(1);
        int out = layer.weight().shape().size(0);
        double[] xs = toDouble(x);
        double[] w = toDouble(layer.weight().value());
        double[] b = layer.bias() == null ? new double[out] : toDouble(layer.bias().value());
        int rows = xs.length / in;
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int k = 0; k < in; k++) {
                    s += xs[r * in + k] * w[o * in + k];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }

    @Test
    void forwardTwoDimensional() {
        Linear layer = new Linear(7, 5, true, new SplittableRandom(1));
        Tensor x = uniform(2, -2, 2, 9, 7);
        Variable y = layer.forward(Variable.of(x));
        assertEquals(Shape.of(9, 5), y.shape());
        assertClose(reference(x, layer), y.value(), "y");
    }

    @Test
    void forwardThreeDimensionalAndWithoutBias() {
        Linear layer = new Linear(6, 3, false, new SplittableRandom(3));
        assertNull(layer.bias());
        assertEquals(1, layer.parameters().size());
        Tensor x = uniform(4, -2, 2, 2, 4, 6);
        Variable y = layer.forward(Variable.of(x));
        assertEquals(Shape.of(2, 4, 3), y.shape());
        assertClose(reference(x, layer), y.value(), "y");
        Linear biased = new Linear(6, 40, true, new SplittableRandom(5));
        Tensor x1 = uniform(6, -2, 2, 6);
        assertEquals(Shape.of(40), biased.forward(Variable.of(x1)).shape(), "a vector input gives a vector");
        assertClose(reference(x1, biased), biased.forward(Variable.of(x1)).value(), "vector");
    }

    @Test
    void gradientsAreTheOuterProducts() {
        // With L = Σ G ⊙ y: dW[o, k] = Σ_r G[r, o] x[r, k], db[o] = Σ_r G[r, o], dx[r, k] = Σ_o G[r, o] W[o, k].
        Linear layer = new Linear(3, 2, true, new SplittableRandom(7));
        Tensor x = uniform(8, -1, 1, 4, 3);
        Tensor g = uniform(9, -1, 1, 4, 2);
        Variable in = Variable.of(x, true);
        layer.forward(in).backward(g);
        double[] xs = toDouble(x);
        double[] gs = toDouble(g);
        double[] w = toDouble(layer.weight().value());
        double[] dw = new double[6];
        double[] db = new double[2];
        double[] dx = new double[12];
        for (int r = 0; r < 4; r++) {
            for (int o = 0; o < 2; o++) {
                db[o] += gs[r * 2 + o];
                for (int k = 0; k < 3; k++) {
                    dw[o * 3 + k] += gs[r * 2 + o] * xs[r * 3 + k];
                    dx[r * 3 + k] += gs[r * 2 + o] * w[o * 3 + k];
                }
            }
        }
        assertClose(dw, layer.weight().grad().value(), "dW");
        assertClose(db, layer.bias().grad().value(), "db");
        assertClose(dx, in.grad().value(), "dx");
        assertGradCheck(GradCheck.check(xs1 -> layer.forward(xs1[0]), uniform(10, -1, 1, 2, 2, 3)), "dx, 3-D");
    }

    @Test
    void initialisationIsWithinPyTorchsBound() {
        for (int in : new int[] {1, 3, 50, 784}) {
            Linear layer = new Linear(in, 64, true, new SplittableRandom(in));
            double bound = 1 / Math.sqrt(in);
            double max = 0;
            for (Tensor t : new Tensor[] {layer.weight().value(), layer.bias().value()}) {
                for (float v : t.toArray()) {
                    assertTrue(Math.abs(v) <= bound * (1 + 1e-6), "|" + v + "| <= " + bound + " for in = " + in);
                    max = Math.max(max, Math.abs(v));
                }
            }
            assertTrue(max > 0.9 * bound, "the values fill the range, max " + max + " of " + bound);
        }
        Linear wide = new Linear(100, 500, true, new SplittableRandom(11));
        double[] w = toDouble(wide.weight().value());
        double mean = 0;
        double squares = 0;
        for (double v : w) {
            mean += v;
            squares += v * v;
        }
        mean /= w.length;
        double bound = 0.1;
        assertEquals(0, mean, 0.002);
        assertEquals(bound * bound / 3, squares / w.length, 0.02 * bound * bound / 3, "uniform variance bound²/3");
    }

    @Test
    void seededInitialisationIsReproducible() {
        Init.manualSeed(12);
        Linear a = new Linear(5, 3);
        Init.manualSeed(12);
        Linear b = new Linear(5, 3);
        assertEquals(a.weight().value(), b.weight().value());
        assertEquals(a.bias().value(), b.bias().value());
        Linear c = new Linear(5, 3);
        assertNotEquals(a.weight().value(), c.weight().value(), "the generator moves on");
        Init.manualSeed(13);
        assertNotEquals(a.weight().value(), new Linear(5, 3).weight().value(), "another seed, other weights");
        assertEquals(new Linear(5, 3, true, new SplittableRandom(14)).weight().value(),
                new Linear(5, 3, true, new SplittableRandom(14)).weight().value());
    }

    @Test
    void errors() {
        assertThrowsWith(IllegalArgumentException.class, () -> new Linear(0, 3), "positive", "in=0", "out=3");
        assertThrowsWith(IllegalArgumentException.class, () -> new Linear(3, -1), "out=-1");
        Linear layer = new Linear(4, 3);
        assertThrowsWith(IllegalArgumentException.class, () -> layer.forward(Variable.of(Tensor.zeros(2, 5))),
                "Linear(4 -> 3)", "[..., 4]", "[2, 5]");
        assertThrowsWith(IllegalArgumentException.class, () -> layer.forward(Variable.of(Tensor.scalar(1f))),
                "[..., 4]", "[]");
        assertEquals("Linear(in_features=4, out_features=3, bias=True)", layer.toString());
    }
}
