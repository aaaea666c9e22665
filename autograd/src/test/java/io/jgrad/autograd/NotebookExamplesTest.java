package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The worked examples of the seed notebook, with the numbers it gives. */
class NotebookExamplesTest {
    /** {@code h = x * y}, {@code g = h²} at {@code x = 3, y = 2}: 6, then 36; gradient {@code [2hy, 2hx] = [24, 36]}. */
    @Test
    void productThenSquare() {
        Variable x = Variable.of(Tensor.scalar(3f), true);
        Variable y = Variable.of(Tensor.scalar(2f), true);
        Variable h = x.mul(y);
        assertEquals(6f, h.item());
        Variable g = h.mul(h);
        assertEquals(36f, g.item());
        g.backward();
        assertEquals(24f, x.grad().item());
        assertEquals(36f, y.grad().item());
    }

    @Test
    void productThenSquareWithPow() {
        Variable xy = Variable.of(Tensor.of(new float[] {3f, 2f}, 2), true);
        Variable h = xy.select(0, 0).mul(xy.select(0, 1));
        Variable g = h.pow(2f);
        assertEquals(6f, h.item());
        assertEquals(36f, g.item());
        g.backward();
        assertArrayEquals(new float[] {24f, 36f}, xy.grad().value().toArray());
    }

    /** {@code f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)} at {@code x = 3, y = -4}. */
    @Test
    void sigmoidExpression() {
        Variable x = Variable.of(Tensor.scalar(3f), true);
        Variable y = Variable.of(Tensor.scalar(-4f), true);
        Variable numerator = x.add(y.sigmoid());
        Variable xPlusY = x.add(y);
        Variable denominator = x.sigmoid().add(xPlusY.mul(xPlusY));
        Variable f = numerator.div(denominator);
        f.backward();
        // To float32 precision: a few units in the last place of values near 2.
        assertEquals(2.0595697955721652, x.grad().item(), 2e-6);
        assertEquals(1.5922327514838093, y.grad().item(), 2e-6);
    }

    /**
     * A two-layer linear net {@code y = (x·A1ᵀ + b1)·A2ᵀ + b2} with loss {@code Σ y}. By hand, with
     * {@code h = x·A1ᵀ + b1} of shape {@code [N, H]} and {@code s_j = Σ_o A2[o][j]}:
     * {@code dL/db2[o] = N}, {@code dL/dA2[o][j] = Σ_n h[n][j]}, {@code dL/dh[n][j] = s_j},
     * {@code dL/db1[j] = N s_j}, {@code dL/dA1[j][d] = s_j Σ_n x[n][d]}, {@code dL/dx[n][d] = Σ_j s_j A1[j][d]}.
     */
    @Test
    void twoLayerLinearNet() {
        int n = 4, in = 5, hidden = 3, out = 2;
        SplittableRandom random = new SplittableRandom(42);
        Tensor x0 = Tensor.randn(random, n, in);
        Tensor a10 = Tensor.randn(random, hidden, in);
        Tensor b10 = Tensor.randn(random, hidden);
        Tensor a20 = Tensor.randn(random, out, hidden);
        Tensor b20 = Tensor.randn(random, out);
        Variable x = Variable.of(x0, true);
        Variable a1 = Variable.of(a10, true), b1 = Variable.of(b10, true);
        Variable a2 = Variable.of(a20, true), b2 = Variable.of(b20, true);

        Variable y = x.matmul(a1.t()).add(b1).matmul(a2.t()).add(b2);
        y.sum().backward();

        double[][] h = new double[n][hidden];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < hidden; j++) {
                h[r][j] = b10.get(j);
                for (int d = 0; d < in; d++) {
                    h[r][j] += x0.get(r, d) * a10.get(j, d);
                }
            }
        }
        double[] s = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            for (int o = 0; o < out; o++) {
                s[j] += a20.get(o, j);
            }
        }
        for (int o = 0; o < out; o++) {
            assertEquals(n, b2.grad().value().get(o), 1e-5, "dL/db2[" + o + "]");
            for (int j = 0; j < hidden; j++) {
                double expected = 0;
                for (int r = 0; r < n; r++) {
                    expected += h[r][j];
                }
                assertEquals(expected, a2.grad().value().get(o, j), 1e-4, "dL/dA2[" + o + "][" + j + "]");
            }
        }
        for (int j = 0; j < hidden; j++) {
            assertEquals(n * s[j], b1.grad().value().get(j), 1e-4, "dL/db1[" + j + "]");
            for (int d = 0; d < in; d++) {
                double columnSum = 0;
                for (int r = 0; r < n; r++) {
                    columnSum += x0.get(r, d);
                }
                assertEquals(s[j] * columnSum, a1.grad().value().get(j, d), 1e-4, "dL/dA1[" + j + "][" + d + "]");
            }
        }
        for (int r = 0; r < n; r++) {
            for (int d = 0; d < in; d++) {
                double expected = 0;
                for (int j = 0; j < hidden; j++) {
                    expected += s[j] * a10.get(j, d);
                }
                assertEquals(expected, x.grad().value().get(r, d), 1e-4, "dL/dx[" + r + "][" + d + "]");
            }
        }
    }
}
