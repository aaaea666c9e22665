package io.jgrad.nn.optim;

import static io.jgrad.nn.optim.OptimFixtures.assertFollows;
import static io.jgrad.nn.optim.OptimFixtures.assertThrowsWith;
import static io.jgrad.nn.optim.OptimFixtures.gradients;
import static io.jgrad.nn.optim.OptimFixtures.parameters;
import static io.jgrad.nn.optim.OptimFixtures.setGradients;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adam and AdamW against PyTorch's documented rules, per element in double:
 * <pre>
 *   Adam:  g ← g + λθ (L2 weight decay)
 *   AdamW: θ ← θ − γλθ (decoupled weight decay), g unchanged
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1^t),     v̂ = v / (1 − β2^t)
 *   θ ← θ − γ·m̂ / (√v̂ + ε)
 * </pre>
 */
class AdamTest {
    private static final int STEPS = 5;

    private static OptimFixtures.ScalarRule rule(double lr, double beta1, double beta2, double eps,
                                                 double weightDecay, boolean decoupled) {
        return (p0, gradients) -> {
            double[] out = new double[gradients.length];
            double p = p0;
            double m = 0;
            double v = 0;
            for (int t = 1; t <= gradients.length; t++) {
                double g = gradients[t - 1];
                if (decoupled) {
                    p = p - lr * weightDecay * p;
                } else {
                    g = g + weightDecay * p;
                }
                m = beta1 * m + (1 - beta1) * g;
                v = beta2 * v + (1 - beta2) * g * g;
                double mHat = m / (1 - Math.pow(beta1, t));
                double vHat = v / (1 - Math.pow(beta2, t));
                p = p - lr * mHat / (Math.sqrt(vHat) + eps);
                out[t - 1] = p;
            }
            return out;
        };
    }

    @Test
    void defaults() {
        List<Variable> ps = parameters(21);
        assertFollows(new Adam(ps, 0.01), gradients(31, STEPS), rule(0.01, 0.9, 0.999, 1e-8, 0, false));
    }

    @Test
    void firstStepMovesEveryNonZeroGradientByTheLearningRate() {
        // On step 1, m̂ = g and v̂ = g², so the step is lr · g / (|g| + ε): lr times the sign.
        Variable p = Variable.of(Tensor.of(new float[] {1f, 2f, 3f}, 3), true);
        p.mul(Variable.of(Tensor.of(new float[] {0.5f, -40f, 0f}, 3))).sum().backward();
        new Adam(List.of(p), 0.1).step();
        float[] v = p.value().toArray();
        assertEquals(0.9, v[0], 1e-6);
        assertEquals(2.1, v[1], 1e-6);
        assertEquals(3f, v[2], "a zero gradient leaves the element where it was");
    }

    @Test
    void customBetasAndALargeEps() {
        List<Variable> ps = parameters(22);
        assertFollows(new Adam(ps, 0.05, 0.8, 0.95, 0.1, 0), gradients(32, STEPS), rule(0.05, 0.8, 0.95, 0.1, 0, false));
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        List<Variable> ps = parameters(23);
        assertFollows(new Adam(ps, 0.01, 0.9, 0.999, 1e-8, 0.3), gradients(33, STEPS),
                rule(0.01, 0.9, 0.999, 1e-8, 0.3, false));
    }

    @Test
    void betaOneZeroIsRmsLikeAndStillCorrect() {
        List<Variable> ps = parameters(24);
        assertFollows(new Adam(ps, 0.02, 0, 0.9, 1e-8, 0), gradients(34, STEPS), rule(0.02, 0, 0.9, 1e-8, 0, false));
    }

    @Test
    void adamWDecaysTheWeightsApartFromTheGradient() {
        List<Variable> ps = parameters(25);
        assertFollows(new AdamW(ps, 0.01, 0.9, 0.999, 1e-8, 0.5), gradients(35, STEPS),
                rule(0.01, 0.9, 0.999, 1e-8, 0.5, true));
    }

    @Test
    void adamWDefaultsToWeightDecayOneHundredth() {
        List<Variable> ps = parameters(26);
        assertFollows(new AdamW(ps, 0.1), gradients(36, STEPS), rule(0.1, 0.9, 0.999, 1e-8, 0.01, true));
    }

    @Test
    void adamWWithoutDecayIsAdam() {
        List<Variable> a = parameters(27);
        List<Variable> b = parameters(27);
        Optimizer adam = new Adam(a, 0.01);
        Optimizer adamW = new AdamW(b, 0.01, 0.9, 0.999, 1e-8, 0);
        for (Tensor[] g : gradients(37, STEPS)) {
            setGradients(a, g);
            setGradients(b, g);
            adam.step();
            adamW.step();
        }
        float[][] x = OptimFixtures.snapshot(a);
        float[][] y = OptimFixtures.snapshot(b);
        for (int k = 0; k < x.length; k++) {
            assertArrayEquals(x[k], y[k], "parameter " + k);
        }
    }

    @Test
    void adamWDecaysAGradientlessStepNot() {
        // PyTorch skips parameters without a gradient entirely, decay included.
        Variable used = Variable.of(Tensor.of(new float[] {1f, 1f}, 2), true);
        Variable unused = Variable.of(Tensor.of(new float[] {5f, -5f}, 2), true);
        used.mul(2f).sum().backward();
        new AdamW(List.of(used, unused), 0.1, 0.9, 0.999, 1e-8, 0.5).step();
        assertEquals(Tensor.of(new float[] {5f, -5f}, 2), unused.value());
    }

    @Test
    void validation() {
        List<Variable> ps = parameters(28);
        assertThrowsWith(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0),
                "betas", "[0, 1)", "1.0");
        assertThrowsWith(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 0.9, -0.1, 1e-8, 0),
                "betas", "-0.1");
        assertThrowsWith(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 0.9, 0.999, -1e-8, 0),
                "eps", "-1.0E-8");
        assertThrowsWith(IllegalArgumentException.class, () -> new AdamW(ps, 0.1, 0.9, 0.999, 1e-8, -0.01),
                "weightDecay", "-0.01");
        assertThrowsWith(IllegalArgumentException.class, () -> new Adam(ps, Double.NaN), "learning rate", "NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> new AdamW(ps, Double.POSITIVE_INFINITY),
                "learning rate", "Infinity");
    }

    /**
     * AMSGrad against PyTorch 2.13 (float32): twelve steps of Adam(lr 0.1, weight decay 0.1)
     * and AdamW(lr 0.1, weight decay 0.01) with amsgrad=True, on gradients that shrink eight-fold
     * two steps in three, so that the largest second moment and the current one part.
     */
    @Test
    void amsgradAsPyTorch() {
        float[][] pytorch = {
            {-0.3921585977077484f, -0.09318188577890396f, 1.0766772031784058f, 2.340620994567871f,
                -0.6304852366447449f, 0.13767725229263306f},
            {-0.3833632469177246f, -0.11066970229148865f, 1.0987358093261719f, 2.3594956398010254f,
                -0.6303797364234924f, 0.136346697807312f}};
        float[][] pytorchMax = {
            {0.004231738392263651f, 0.017677048221230507f, 0.04200629144906998f, 0.058647509664297104f,
                0.10188926756381989f, 0.14983202517032623f},
            {0.004098470788449049f, 0.016393883153796196f, 0.03688623383641243f, 0.06557553261518478f,
                0.1024617925286293f, 0.14754493534564972f}};
        for (int kind = 0; kind < 2; kind++) {
            Variable p = Variable.of(Tensor.of(new float[] {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f}, 2, 3), true);
            Adam adam = kind == 0 ? new Adam(List.of(p), 0.1, 0.9, 0.999, 1e-8, 0.1, true)
                    : new AdamW(List.of(p), 0.1, 0.9, 0.999, 1e-8, 0.01, true);
            for (int t = 0; t < 12; t++) {
                float[] g = new float[6];
                for (int i = 0; i < 6; i++) {
                    g[i] = (i + 1) * (t % 3 == 0 ? 1f : 0.125f) * (i % 2 == 0 ? 1 : -1);
                }
                p.zeroGrad();
                p.mul(Variable.of(Tensor.of(g, 2, 3))).sum().backward();
                adam.step();
            }
            String name = kind == 0 ? "Adam" : "AdamW";
            float[] actual = p.value().toArray();
            float[] max = adam.stateDict().get("state.0.max_exp_avg_sq").toArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(pytorch[kind][i], actual[i],
                        2e-6f * Math.abs(pytorch[kind][i]) + 1e-7f, name + " parameter " + i);
                assertEquals(pytorchMax[kind][i], max[i], 2e-6f * pytorchMax[kind][i],
                        name + " max_exp_avg_sq " + i);
            }
            // A plain Adam's state does not fit an AMSGrad one, nor the other way round.
            Map<String, Tensor> state = adam.stateDict();
            Variable q = Variable.of(Tensor.zeros(2, 3), true);
            assertThrowsWith(IllegalArgumentException.class,
                    () -> new Adam(List.of(q), 0.1).loadStateDict(state), "max_exp_avg_sq");
        }
    }
}
