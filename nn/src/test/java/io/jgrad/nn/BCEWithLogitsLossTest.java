package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertClose;
import static io.jgrad.nn.Fixtures.assertGradCheck;
import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.toDouble;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GradCheck;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * BCEWithLogitsLoss against {@code ℓ = −[t log σ(x) + (1 − t) log(1 − σ(x))]}, with {@code log σ(x)} and
 * {@code log(1 − σ(x)) = log σ(−x)} written without overflow; gradient {@code σ(x) − t}.
 */
class BCEWithLogitsLossTest {
    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private double[] reference(Tensor input, Tensor target) {
        double[] x = toDouble(input);
        double[] t = toDouble(target);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = -(t[i] * logSigmoid(x[i]) + (1 - t[i]) * logSigmoid(-x[i]));
        }
        return out;
    }

    @Test
    void reductions() {
        Tensor x = uniform(51, -5, 5, 4, 3);
        Tensor t = uniform(52, 0, 1, 4, 3);
        double[] ref = reference(x, t);
        assertClose(ref, new BCEWithLogitsLoss(Reduction.NONE).forward(Variable.of(x), t).value(), "none");
        assertEquals(sum(ref), new BCEWithLogitsLoss(Reduction.SUM).forward(Variable.of(x), t).item(), 1e-5);
        assertEquals(sum(ref) / 12, new BCEWithLogitsLoss().forward(Variable.of(x), t).item(), 1e-6);
    }

    @Test
    void atZeroTheLossIsLogTwoAndTheGradientHalfMinusTarget() {
        Tensor x = Tensor.zeros(3);
        Tensor t = Tensor.of(new float[] {0f, 1f, 0.25f}, 3);
        Variable input = Variable.of(x, true);
        Variable loss = new BCEWithLogitsLoss(Reduction.SUM).forward(input, t);
        assertEquals(3 * Math.log(2), loss.item(), 1e-6);
        loss.backward();
        assertClose(new double[] {0.5, -0.5, 0.25}, input.grad().value(), 0, 1e-7, "gradient at 0");
    }

    @Test
    void largeLogitsNeitherOverflowNorLoseTheGradient() {
        Tensor x = Tensor.of(new float[] {50, 50, -50, -50, 50, -50}, 6);
        Tensor t = Tensor.of(new float[] {1, 0, 1, 0, 0.3f, 0.3f}, 6);
        Variable input = Variable.of(x, true);
        Variable none = new BCEWithLogitsLoss(Reduction.NONE).forward(input, t);
        double[] ref = reference(x, t);
        // By hand: log(1 + e^-50) ≈ 2e-22; the rest is 50, 50, 0.7·50, 0.3·50.
        assertEquals(50, ref[1], 1e-9);
        assertEquals(35, ref[4], 1e-6);
        assertClose(ref, none.value(), 1e-6, 1e-6, "loss");
        none.backward(Tensor.ones(6));
        double[] grad = new double[6];
        double[] tt = toDouble(t);
        for (int i = 0; i < 6; i++) {
            grad[i] = sigmoid(x.get(i)) - tt[i];
        }
        assertClose(grad, input.grad().value(), 1e-6, 1e-7, "gradient σ(x) − t");
    }

    @Test
    void gradientIsSigmoidMinusTarget() {
        Tensor x = uniform(53, -4, 4, 2, 5);
        Tensor t = uniform(54, 0, 1, 2, 5);
        Variable input = Variable.of(x, true);
        new BCEWithLogitsLoss().forward(input, t).backward();
        double[] a = toDouble(x);
        double[] b = toDouble(t);
        double[] grad = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            grad[i] = (sigmoid(a[i]) - b[i]) / a.length;
        }
        assertClose(grad, input.grad().value(), "mean gradient");
        BCEWithLogitsLoss none = new BCEWithLogitsLoss(Reduction.NONE);
        assertGradCheck(GradCheck.check(xs -> none.forward(xs[0], t), x), "unreduced");
    }

    @Test
    void aTargetChangedInPlaceBeforeBackwardIsCaught() {
        Variable x = Variable.of(Tensor.zeros(2), true);
        Tensor t = Tensor.of(new float[] {0f, 1f}, 2);
        Variable loss = new BCEWithLogitsLoss(Reduction.SUM).forward(x, t);
        t.fill(1f);
        assertThrowsWith(IllegalStateException.class, loss::backward, "BCEWithLogits", "modified in place");
    }

    @Test
    void shapesMustMatch() {
        assertThrowsWith(IllegalArgumentException.class,
                () -> new BCEWithLogitsLoss().forward(Variable.of(Tensor.zeros(5)), Tensor.zeros(1, 5)),
                "BCEWithLogitsLoss", "[5]", "[1, 5]");
        assertTrue(new BCEWithLogitsLoss().reduction() == Reduction.MEAN);
    }
}
