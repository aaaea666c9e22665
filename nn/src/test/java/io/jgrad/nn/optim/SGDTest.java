package io.jgrad.nn.optim;

import static io.jgrad.nn.optim.OptimFixtures.assertFollows;
import static io.jgrad.nn.optim.OptimFixtures.assertThrowsWith;
import static io.jgrad.nn.optim.OptimFixtures.gradients;
import static io.jgrad.nn.optim.OptimFixtures.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SGD's first steps against PyTorch's documented rule, computed per element in double:
 * <pre>
 *   g ← g + λθ                       (weight decay λ ≠ 0)
 *   b ← g on step 1, else μb + (1 − τ)g   (momentum μ ≠ 0, dampening τ)
 *   g ← g + μb (Nesterov) or g ← b
 *   θ ← θ − γg
 * </pre>
 */
class SGDTest {
    private static final int STEPS = 5;

    /** The documented rule for one element. */
    private static OptimFixtures.ScalarRule rule(double lr, double momentum, double dampening, double weightDecay,
                                                 boolean nesterov) {
        return (p0, gradients) -> {
            double[] out = new double[gradients.length];
            double p = p0;
            double buffer = 0;
            for (int t = 1; t <= gradients.length; t++) {
                double g = gradients[t - 1];
                if (weightDecay != 0) {
                    g = g + weightDecay * p;
                }
                if (momentum != 0) {
                    buffer = t > 1 ? momentum * buffer + (1 - dampening) * g : g;
                    g = nesterov ? g + momentum * buffer : buffer;
                }
                p = p - lr * g;
                out[t - 1] = p;
            }
            return out;
        };
    }

    @Test
    void plainStepsMoveAgainstTheGradient() {
        List<Variable> ps = parameters(1);
        assertFollows(new SGD(ps, 0.1), gradients(11, STEPS), rule(0.1, 0, 0, 0, false));
    }

    @Test
    void plainStepByHand() {
        // One element worked through without the reference: θ = 1.5, g = 2, lr = 0.25 → 1.0.
        Variable p = Variable.of(Tensor.of(new float[] {1.5f, -1f}, 2), true);
        p.mul(Variable.of(Tensor.of(new float[] {2f, -4f}, 2))).sum().backward();
        new SGD(List.of(p), 0.25).step();
        assertEquals(Tensor.of(new float[] {1.0f, 0f}, 2), p.value());
    }

    @Test
    void momentum() {
        List<Variable> ps = parameters(2);
        assertFollows(new SGD(ps, 0.05, 0.9, 0, 0, false), gradients(12, STEPS), rule(0.05, 0.9, 0, 0, false));
    }

    @Test
    void momentumWithDampeningLeavesTheFirstStepUndamped() {
        List<Variable> ps = parameters(3);
        assertFollows(new SGD(ps, 0.05, 0.8, 0.3, 0, false), gradients(13, STEPS), rule(0.05, 0.8, 0.3, 0, false));
    }

    @Test
    void nesterov() {
        List<Variable> ps = parameters(4);
        assertFollows(new SGD(ps, 0.05, 0.9, 0, 0, true), gradients(14, STEPS), rule(0.05, 0.9, 0, 0, true));
    }

    @Test
    void weightDecayWithoutMomentum() {
        List<Variable> ps = parameters(5);
        assertFollows(new SGD(ps, 0.1, 0, 0, 0.2, false), gradients(15, STEPS), rule(0.1, 0, 0, 0.2, false));
    }

    @Test
    void weightDecayWithNesterovMomentum() {
        List<Variable> ps = parameters(6);
        assertFollows(new SGD(ps, 0.03, 0.7, 0, 0.1, true), gradients(16, STEPS), rule(0.03, 0.7, 0, 0.1, true));
    }

    @Test
    void everythingTogetherWithoutNesterov() {
        List<Variable> ps = parameters(7);
        assertFollows(new SGD(ps, 0.02, 0.6, 0.5, 0.05, false), gradients(17, STEPS), rule(0.02, 0.6, 0.5, 0.05, false));
    }

    @Test
    void theGradientIsNotModified() {
        List<Variable> ps = parameters(8);
        Tensor[][] g = gradients(18, 2);
        SGD sgd = new SGD(ps, 0.1, 0.9, 0, 0.1, true);
        for (Tensor[] step : g) {
            OptimFixtures.setGradients(ps, step);
            sgd.step();
            for (int k = 0; k < ps.size(); k++) {
                assertEquals(step[k], ps.get(k).grad().value(), "gradient " + k + " after the step");
            }
        }
    }

    @Test
    void validation() {
        List<Variable> ps = parameters(9);
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0, 0, 0, true),
                "Nesterov", "momentum > 0", "momentum 0.0");
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0.9, 0.1, 0, true),
                "Nesterov", "dampening 0", "dampening 0.1");
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, -0.5, 0, 0, false),
                "momentum", "-0.5");
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0, -1, 0, false),
                "dampening", "-1.0");
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0, 0, -0.01, false),
                "weightDecay", "-0.01");
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, Double.NaN, 0, 0, false),
                "momentum", "NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, -0.1), "learning rate", "-0.1");
    }
}
