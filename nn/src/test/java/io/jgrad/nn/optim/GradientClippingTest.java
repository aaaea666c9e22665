package io.jgrad.nn.optim;

import static io.jgrad.nn.optim.OptimFixtures.assertThrowsWith;
import static io.jgrad.nn.optim.OptimFixtures.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code clipGradNorm} against PyTorch's {@code clip_grad_norm_}: the joint L2 norm of all
 * gradients, and when it exceeds {@code maxNorm} every gradient multiplied by
 * {@code maxNorm / (norm + 1e-6)}.
 */
class GradientClippingTest {
    private static final float[] A = {3f, -4f, 1f};
    private static final float[] B = {2f, 0.5f, -1.5f, 6f};

    /** Two leaves whose gradients are {@link #A} and {@link #B}, and one without a gradient. */
    private static List<Variable> withGradients() {
        Variable a = Variable.of(Tensor.zeros(3), true);
        Variable b = Variable.of(Tensor.zeros(2, 2), true);
        Variable none = Variable.of(Tensor.ones(5), true);
        a.mul(Variable.of(Tensor.of(A, 3))).sum().add(b.mul(Variable.of(Tensor.of(B, 2, 2))).sum()).backward();
        return List.of(a, none, b);
    }

    private static double handNorm() {
        double squares = 0;
        for (float v : A) {
            squares += (double) v * v;
        }
        for (float v : B) {
            squares += (double) v * v;
        }
        return Math.sqrt(squares);
    }

    @Test
    void returnsTheJointNormAndScalesEveryGradientOnce() {
        List<Variable> ps = withGradients();
        double norm = handNorm();
        assertEquals(Math.sqrt(9 + 16 + 1 + 4 + 0.25 + 2.25 + 36), norm, 1e-12, "the hand computation");
        double returned = GradientClipping.clipGradNorm(ps, 2.0);
        assertEquals(norm, returned, 1e-5 * norm);
        double scale = 2.0 / (norm + 1e-6);
        double[] a = toDouble(ps.get(0).grad().value());
        double[] b = toDouble(ps.get(2).grad().value());
        for (int i = 0; i < A.length; i++) {
            assertEquals(A[i] * scale, a[i], 1e-6, "a[" + i + "]");
        }
        for (int i = 0; i < B.length; i++) {
            assertEquals(B[i] * scale, b[i], 1e-6, "b[" + i + "]");
        }
        assertNull(ps.get(1).grad(), "a parameter without a gradient keeps none");
        double clippedSquares = 0;
        for (double v : a) {
            clippedSquares += v * v;
        }
        for (double v : b) {
            clippedSquares += v * v;
        }
        assertEquals(2.0, Math.sqrt(clippedSquares), 1e-5, "the norm after clipping is maxNorm");
    }

    @Test
    void gradientsUnderTheLimitAreLeftAlone() {
        List<Variable> ps = withGradients();
        double returned = GradientClipping.clipGradNorm(ps, handNorm() * 1.01);
        assertEquals(handNorm(), returned, 1e-5 * handNorm());
        assertEquals(Tensor.of(A, 3), ps.get(0).grad().value());
        assertEquals(Tensor.of(B, 2, 2), ps.get(2).grad().value());
    }

    @Test
    void maxNormZeroZeroesTheGradients() {
        List<Variable> ps = withGradients();
        GradientClipping.clipGradNorm(ps, 0);
        assertEquals(Tensor.zeros(3), ps.get(0).grad().value().abs());
        assertEquals(Tensor.zeros(2, 2), ps.get(2).grad().value().abs());
    }

    @Test
    void leavesSharingOneIncomingGradientAreEachScaledOnce() {
        // z = x + y hands the same gradient tensor to both leaves; each must own its copy.
        Variable x = Variable.of(Tensor.zeros(3), true);
        Variable y = Variable.of(Tensor.zeros(3), true);
        float[] c = {1f, -2f, 2f};
        x.add(y).mul(Variable.of(Tensor.of(c, 3))).sum().backward();
        double norm = Math.sqrt(2 * (1 + 4 + 4));
        double returned = GradientClipping.clipGradNorm(List.of(x, y), 1.5);
        assertEquals(norm, returned, 1e-6);
        double scale = 1.5 / (norm + 1e-6);
        double[] gx = toDouble(x.grad().value());
        double[] gy = toDouble(y.grad().value());
        for (int i = 0; i < 3; i++) {
            assertEquals(c[i] * scale, gx[i], 1e-6, "x.grad[" + i + "]");
            assertEquals(c[i] * scale, gy[i], 1e-6, "y.grad[" + i + "]");
        }
    }

    @Test
    void aNaNNormMakesEveryGradientNaNAsInPyTorch() {
        Variable a = Variable.of(Tensor.zeros(2), true);
        Variable b = Variable.of(Tensor.zeros(2), true);
        a.mul(Variable.of(Tensor.of(new float[] {Float.NaN, 1f}, 2))).sum()
                .add(b.mul(Variable.of(Tensor.of(new float[] {3f, 4f}, 2))).sum()).backward();
        assertTrue(Double.isNaN(GradientClipping.clipGradNorm(List.of(a, b), 1.0)));
        for (float g : b.grad().value().toArray()) {
            assertTrue(Float.isNaN(g), "b's gradient " + g);
        }
    }

    @Test
    void noGradientsAtAll() {
        Variable p = Variable.of(Tensor.ones(2), true);
        assertEquals(0.0, GradientClipping.clipGradNorm(List.of(p), 1.0));
        assertNull(p.grad());
    }

    @Test
    void maxNormMustBeNonNegative() {
        List<Variable> ps = withGradients();
        assertThrowsWith(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(ps, -1), "maxNorm",
                "-1.0");
        assertThrowsWith(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(ps, Double.NaN),
                "maxNorm", "NaN");
        assertEquals(Tensor.of(A, 3), ps.get(0).grad().value(), "a rejected call changes nothing");
    }
}
