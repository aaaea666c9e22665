package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pow's gradients where the textbook formulas meet 0·∞, against PyTorch's conventions. */
class PowAtZeroTest {
    @Test
    void aZeroExponentGivesTheBaseAZeroGradient() {
        Variable base = Variable.of(Tensor.of(new float[] {0f, 2f}, 2), true);
        base.pow(0f).sum().backward();
        // d/dx x^0 = 0 everywhere, also at x = 0 where 0·x^-1 would be NaN.
        assertArrayEquals(new float[] {0f, 0f}, base.grad().value().toArray());
    }

    /** PyTorch 2.13's values and gradients of x.pow(c) for constant c at [-0, 0, 4, -2]. */
    @Test
    void aConstantExponentFollowsPyTorchsPowTensorScalar() {
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN;
        float[] x = {-0f, 0f, 4f, -2f};
        float[][] cases = {
            // exponent, values, gradient
            {0.5f}, {-0f, 0f, 2f, nan}, {-inf, inf, 0.25f, nan},
            {-0.5f}, {-inf, inf, 0.5f, nan}, {-inf, -inf, -0.0625f, nan},
            {2f}, {0f, 0f, 16f, 4f}, {-0f, 0f, 8f, -4f},
            {0f}, {1f, 1f, 1f, 1f}, {0f, 0f, 0f, 0f},
        };
        for (int c = 0; c < cases.length; c += 3) {
            float exponent = cases[c][0];
            Variable base = Variable.of(Tensor.of(x.clone(), 4), true);
            Variable y = base.pow(exponent);
            y.sum().backward();
            assertArrayEquals(cases[c + 1], y.value().toArray(), "values of pow " + exponent);
            assertArrayEquals(cases[c + 2], base.grad().value().toArray(), "gradient of pow " + exponent);
        }
    }

    @Test
    void aZeroBaseGivesANonNegativeExponentAZeroGradient() {
        Variable base = Variable.of(Tensor.of(new float[] {-2f, 0f, 0f, 3f}, 4), true);
        Variable exponent = Variable.of(Tensor.of(new float[] {2f, 0f, 2f, 2f}, 4), true);
        base.pow(exponent).sum().backward();
        // d/dy x^y = x^y·ln x: at x = 0 with y >= 0 it is 0 (PyTorch's convention), at x < 0 NaN.
        float[] dy = exponent.grad().value().toArray();
        assertArrayEquals(new float[] {Float.NaN, 0f, 0f, (float) (9 * Math.log(3))}, dy, 1e-5f);
        // d/dx x^y = y·x^(y-1): -4, 0 (y = 0), 0, 6.
        assertArrayEquals(new float[] {-4f, 0f, 0f, 6f}, base.grad().value().toArray(), 1e-5f);
    }
}
