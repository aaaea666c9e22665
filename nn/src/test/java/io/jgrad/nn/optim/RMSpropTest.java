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
 * RMSprop against PyTorch's documented rule, per element in double:
 * <pre>
 *   g ← g + λθ
 *   v ← αv + (1 − α)g²;  ṽ = v
 *   centered: ḡ ← αḡ + (1 − α)g;  ṽ = v − ḡ²
 *   momentum μ > 0: b ← μb + g / (√ṽ + ε);  θ ← θ − γb
 *   else:           θ ← θ − γ g / (√ṽ + ε)
 * </pre>
 */
class RMSpropTest {
    private static final int STEPS = 5;

    private static OptimFixtures.ScalarRule rule(double lr, double alpha, double eps, double weightDecay,
                                                 double momentum, boolean centered) {
        return (p0, gradients) -> {
            double[] out = new double[gradients.length];
            double p = p0;
            double v = 0;
            double mean = 0;
            double buffer = 0;
            for (int t = 1; t <= gradients.length; t++) {
                double g = gradients[t - 1] + weightDecay * p;
                v = alpha * v + (1 - alpha) * g * g;
                double variance = v;
                if (centered) {
                    mean = alpha * mean + (1 - alpha) * g;
                    variance = v - mean * mean;
                }
                double scaled = g / (Math.sqrt(variance) + eps);
                if (momentum > 0) {
                    buffer = momentum * buffer + scaled;
                    p = p - lr * buffer;
                } else {
                    p = p - lr * scaled;
                }
                out[t - 1] = p;
            }
            return out;
        };
    }

    @Test
    void defaults() {
        List<Variable> ps = parameters(41);
        assertFollows(new RMSprop(ps, 0.01), gradients(51, STEPS), rule(0.01, 0.99, 1e-8, 0, 0, false));
    }

    @Test
    void firstStepByHand() {
        // v = (1 − α)g² = 0.01·4 → √v = 0.2; θ = 1 − 0.01·2/0.2 = 0.9.
        Variable p = Variable.of(Tensor.of(new float[] {1f}, 1), true);
        p.mul(2f).sum().backward();
        new RMSprop(List.of(p), 0.01).step();
        assertEquals(0.9, p.value().item(), 1e-6);
    }

    @Test
    void centered() {
        List<Variable> ps = parameters(42);
        assertFollows(new RMSprop(ps, 0.01, 0.9, 1e-8, 0, 0, true), gradients(52, STEPS), rule(0.01, 0.9, 1e-8, 0, 0, true));
    }

    @Test
    void momentum() {
        List<Variable> ps = parameters(43);
        assertFollows(new RMSprop(ps, 0.01, 0.9, 1e-6, 0, 0.5, false), gradients(53, STEPS),
                rule(0.01, 0.9, 1e-6, 0, 0.5, false));
    }

    @Test
    void weightDecay() {
        List<Variable> ps = parameters(44);
        assertFollows(new RMSprop(ps, 0.01, 0.95, 1e-8, 0.2, 0, false), gradients(54, STEPS),
                rule(0.01, 0.95, 1e-8, 0.2, 0, false));
    }

    @Test
    void centeredWithMomentumAndWeightDecay() {
        List<Variable> ps = parameters(45);
        assertFollows(new RMSprop(ps, 0.005, 0.8, 1e-4, 0.1, 0.9, true), gradients(55, STEPS),
                rule(0.005, 0.8, 1e-4, 0.1, 0.9, true));
    }

    @Test
    void validation() {
        List<Variable> ps = parameters(46);
        assertThrowsWith(IllegalArgumentException.class, () -> new RMSprop(ps, 0.01, 1.5, 1e-8, 0, 0, false),
                "alpha in [0, 1]", "1.5");
        assertThrowsWith(IllegalArgumentException.class, () -> new RMSprop(ps, 0.01, 0.99, -1, 0, 0, false),
                "eps", "-1.0");
        assertThrowsWith(IllegalArgumentException.class, () -> new RMSprop(ps, 0.01, 0.99, 1e-8, -2, 0, false),
                "weightDecay", "-2.0");
        assertThrowsWith(IllegalArgumentException.class, () -> new RMSprop(ps, 0.01, 0.99, 1e-8, 0, -0.9, false),
                "momentum", "-0.9");
        assertThrowsWith(IllegalArgumentException.class, () -> new RMSprop(ps, -1), "learning rate", "-1.0");
    }
}
