package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Variable operations that could be composed from others compute what plain Java arithmetic
 * and Tensor's own methods compute, on the values where a composition would differ:
 * infinities, signed zeros, NaN, divisors whose reciprocal is not a float, and counts whose
 * reciprocal is not exact.
 */
class ForwardValuesTest {
    private static final float[] EDGES = {Float.NEGATIVE_INFINITY, -1f, -0f, 0f, 1e-39f, 2f, 3e38f,
        Float.POSITIVE_INFINITY, Float.NaN};

    @Test
    void sqrtIsJavasSquareRoot() {
        float[] got = Variable.of(Tensor.of(EDGES.clone(), EDGES.length)).sqrt().value().toArray();
        for (int i = 0; i < EDGES.length; i++) {
            assertEquals((float) Math.sqrt(EDGES[i]), got[i], "sqrt(" + EDGES[i] + ")");
        }
    }

    @Test
    void divisionByAScalarDivides() {
        for (float divisor : new float[] {1e-39f, 3e38f, 7f, -0f, Float.POSITIVE_INFINITY}) {
            float[] got = Variable.of(Tensor.of(EDGES.clone(), EDGES.length)).div(divisor).value().toArray();
            for (int i = 0; i < EDGES.length; i++) {
                assertEquals(EDGES[i] / divisor, got[i], EDGES[i] + " / " + divisor);
            }
        }
    }

    @Test
    void meanDividesByTheCountAsTensorsMeanDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 1; n <= 200; n++) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) random.nextDouble(-4, 4);
            }
            Tensor x = Tensor.of(values, n);
            assertEquals(x.mean().item(), Variable.of(x).mean().value().item(), "mean of " + n + " values");
        }
    }

    @Test
    void bothKeepTheirGradients() {
        Variable x = Variable.of(Tensor.of(new float[] {4f, 0.25f}, 2), true);
        x.sqrt().add(x.div(3f)).sum().backward();
        float[] grad = x.grad().value().toArray();
        assertEquals(1 / (2 * 2f) + 1 / 3f, grad[0], 1e-6f);
        assertEquals(1 / (2 * 0.5f) + 1 / 3f, grad[1], 1e-6f);
    }
}
