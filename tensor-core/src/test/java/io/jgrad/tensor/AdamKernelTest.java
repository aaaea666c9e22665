package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Generators.Sample;
import io.jgrad.tensor.Generators.Values;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Adam's fused step, with and without either weight decay, against a plain loop over the
 * update rule, against the rule evaluated in double, and against the same step composed of
 * {@link Tensor}'s in-place operations, which it must reproduce bit for bit. Gradients come as
 * every kind of view; shapes have rows past the vector width with tails; one tensor is large
 * enough to be split over threads.
 */
class AdamKernelTest {
    private static final double[] BETA1 = {0, 0.5, 0.9};
    private static final double[] BETA2 = {0, 0.99, 0.999};
    private static final double[] EPS = {1e-8, 1e-3, 0.1};
    private static final double[] LEARNING_RATE = {1e-3, 0.1, -0.5};
    private static final int[] STEP = {1, 2, 10, 1000};
    private static final double[] WEIGHT_DECAY = {0, 0.01, 0.5};

    record Hyper(double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                 int step) {
        AdamKernel.Hyperparameters kernel() {
            return new AdamKernel.Hyperparameters(learningRate, beta1, beta2, eps, weightDecay, decoupled);
        }
    }

    record Case(Hyper hyper, Tensor parameter, Sample gradient, Tensor expAvg, Tensor expAvgSq) {
        @Override
        public String toString() {
            return hyper + " on shape " + parameter.shape() + ", gradient " + gradient;
        }
    }

    private static Gen<Case> cases() {
        return in -> {
            int[] shape = Generators.shape(in, 0, 4);
            Hyper hyper = new Hyper(LEARNING_RATE[Generators.draw(in, 0, 2)], BETA1[Generators.draw(in, 0, 2)],
                    BETA2[Generators.draw(in, 0, 2)], EPS[Generators.draw(in, 0, 2)],
                    WEIGHT_DECAY[Generators.draw(in, 0, 2)], Generators.coin(in, 50), STEP[Generators.draw(in, 0, 3)]);
            SplittableRandom random = Generators.random(in);
            return new Case(hyper, Generators.contiguous(random, shape, Values.UNIFORM),
                    Generators.view(in, shape, Values.UNIFORM), Generators.contiguous(random, shape, Values.UNIFORM),
                    Generators.contiguous(random, shape, Values.POSITIVE));
        };
    }

    /** The update rule, one element at a time, in float, with the operations in the documented order. */
    private static float[][] plainLoop(float[] p, float[] g, float[] m, float[] v, Hyper h) {
        float[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
        float weight1 = (float) (1 - h.beta1());
        float weight2 = (float) (1 - h.beta2());
        float scale = (float) (1 / Math.sqrt(1 - Math.pow(h.beta2(), h.step())));
        float stepSize = (float) (-h.learningRate() / (1 - Math.pow(h.beta1(), h.step())));
        for (int i = 0; i < p.length; i++) {
            float gradient = g[i];
            float parameter = p[i];
            if (h.weightDecay() != 0 && !h.decoupled()) {
                gradient = gradient + (float) h.weightDecay() * parameter;
            }
            if (h.weightDecay() != 0 && h.decoupled()) {
                parameter = parameter * (float) (1 - h.learningRate() * h.weightDecay());
            }
            m2[i] = m[i] + weight1 * (gradient - m[i]);
            v2[i] = v[i] * (float) h.beta2() + weight2 * gradient * gradient;
            p2[i] = parameter + stepSize * m2[i] / ((float) Math.sqrt(v2[i]) * scale + (float) h.eps());
        }
        return new float[][] {p2, m2, v2};
    }

    /**
     * The same step as Adam and AdamW wrote it before the fused kernel: seven passes of in-place
     * operations, and one more for the weight decay.
     */
    private static void composed(Tensor p, Tensor gradient, Tensor m, Tensor v, Hyper h) {
        Tensor g = gradient;
        if (h.weightDecay() != 0 && !h.decoupled()) {
            g = gradient.copy().addInPlace(p, (float) h.weightDecay());
        }
        if (h.weightDecay() != 0 && h.decoupled()) {
            p.mulInPlace((float) (1 - h.learningRate() * h.weightDecay()));
        }
        m.lerpInPlace(g, (float) (1 - h.beta1()));
        v.mulInPlace((float) h.beta2()).addcmulInPlace(g, g, (float) (1 - h.beta2()));
        double correction1 = 1 - Math.pow(h.beta1(), h.step());
        double correction2 = 1 - Math.pow(h.beta2(), h.step());
        Tensor denominator = v.sqrt().mulInPlace((float) (1 / Math.sqrt(correction2))).addInPlace(
                Tensor.scalar((float) h.eps()));
        p.addcdivInPlace(m, denominator, (float) (-h.learningRate() / correction1));
    }

    private static void step(Tensor p, Tensor g, Tensor m, Tensor v, Hyper h) {
        AdamKernel.step(p, g, m, v, h.kernel(), h.step());
    }

    @Test
    void matchesThePlainLoopBitForBitAndTheRuleInDouble() {
        Generators.theory(20_261_127L, 400).forAll(cases()).checkAssert(c -> {
            float[] p = Reference.elements(c.parameter()), g = Reference.elements(c.gradient().tensor());
            float[] m = Reference.elements(c.expAvg()), v = Reference.elements(c.expAvgSq());
            float[][] expected = plainLoop(p, g, m, v, c.hyper());
            step(c.parameter(), c.gradient().tensor(), c.expAvg(), c.expAvgSq(), c.hyper());
            assertArrayEquals(expected[0], Reference.elements(c.parameter()), "parameter");
            assertArrayEquals(expected[1], Reference.elements(c.expAvg()), "expAvg");
            assertArrayEquals(expected[2], Reference.elements(c.expAvgSq()), "expAvgSq");
            Hyper h = c.hyper();
            for (int i = 0; i < p.length; i++) {
                double gradient = h.decoupled() ? g[i] : g[i] + h.weightDecay() * p[i];
                double parameter = h.decoupled() ? p[i] - h.learningRate() * h.weightDecay() * p[i] : p[i];
                double first = h.beta1() * m[i] + (1 - h.beta1()) * gradient;
                double second = h.beta2() * v[i] + (1 - h.beta2()) * gradient * gradient;
                double update = h.learningRate() * first / (1 - Math.pow(h.beta1(), h.step()))
                        / (Math.sqrt(second / (1 - Math.pow(h.beta2(), h.step()))) + h.eps());
                double want = parameter - update;
                float got = Reference.elements(c.parameter())[i];
                assertEquals(want, got, 1e-5 * (1 + Math.abs(want) + Math.abs(update) + Math.abs(parameter)),
                        "parameter element " + i);
            }
        });
    }

    @Test
    void reproducesTheComposedInPlaceStepBitForBit() {
        // 300,001 elements: split over threads, with a tail; 37: one vector and a tail.
        for (int n : new int[] {37, 300_001}) {
            assertFusedIsComposed(n, new Hyper(1e-3, 0.9, 0.999, 1e-8, 0, false, 3));
            assertFusedIsComposed(n, new Hyper(1e-3, 0.9, 0.999, 1e-8, 0.01, false, 3));
            assertFusedIsComposed(n, new Hyper(1e-3, 0.9, 0.999, 1e-8, 0.01, true, 3));
        }
    }

    private static void assertFusedIsComposed(int n, Hyper h) {
        SplittableRandom random = new SplittableRandom(n);
        float[] p = Generators.values(random, n, Values.UNIFORM), g = Generators.values(random, n, Values.UNIFORM);
        float[] m = Generators.values(random, n, Values.UNIFORM), v = Generators.values(random, n, Values.POSITIVE);
        Tensor fusedP = Tensor.of(p.clone(), n), fusedM = Tensor.of(m.clone(), n), fusedV = Tensor.of(v.clone(), n);
        Tensor composedP = Tensor.of(p.clone(), n), composedM = Tensor.of(m.clone(), n);
        Tensor composedV = Tensor.of(v.clone(), n);
        step(fusedP, Tensor.of(g, n), fusedM, fusedV, h);
        composed(composedP, Tensor.of(g, n), composedM, composedV, h);
        assertArrayEquals(composedP.toArray(), fusedP.toArray(), "parameter, n = " + n + ", " + h);
        assertArrayEquals(composedM.toArray(), fusedM.toArray(), "expAvg, n = " + n + ", " + h);
        assertArrayEquals(composedV.toArray(), fusedV.toArray(), "expAvgSq, n = " + n + ", " + h);
    }

    @Test
    void bumpsTheVersionOfWhatItWrites() {
        Tensor p = Tensor.ones(3, 5), g = Tensor.ones(3, 5), m = Tensor.zeros(3, 5), v = Tensor.zeros(3, 5);
        int pv = p.version(), gv = g.version(), mv = m.version(), vv = v.version();
        step(p, g, m, v, new Hyper(0.1, 0.9, 0.999, 1e-8, 0, false, 1));
        assertTrue(p.version() > pv && m.version() > mv && v.version() > vv, "written tensors' versions");
        assertEquals(gv, g.version(), "the gradient is only read");
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        Hyper h = new Hyper(0.1, 0.9, 0.999, 1e-8, 0, false, 1);
        Tensor p = Tensor.zeros(2, 3), m = Tensor.zeros(2, 3), v = Tensor.zeros(2, 3);
        String shape = assertThrows(IllegalArgumentException.class, () -> step(p, Tensor.zeros(3, 2), m, v, h))
                .getMessage();
        assertTrue(shape.contains("gradient") && shape.contains("[2, 3]") && shape.contains("[3, 2]"), shape);
        String nul = assertThrows(IllegalArgumentException.class, () -> step(p, Tensor.zeros(2, 3), null, v, h))
                .getMessage();
        assertTrue(nul.contains("expAvg") && nul.contains("null"), nul);
        String shared = assertThrows(IllegalArgumentException.class, () -> step(p, Tensor.zeros(2, 3), m, m, h))
                .getMessage();
        assertTrue(shared.contains("expAvg") && shared.contains("expAvgSq") && shared.contains("share"), shared);
        Tensor transposed = Tensor.zeros(3, 2).transpose(0, 1);
        String strided = assertThrows(IllegalStateException.class,
                () -> step(transposed, Tensor.zeros(2, 3), m, v, h)).getMessage();
        assertTrue(strided.contains("contiguous") && strided.contains("[2, 3]"), strided);
        String beta = assertThrows(IllegalArgumentException.class,
                () -> new AdamKernel.Hyperparameters(0.1, 1.0, 0.999, 1e-8, 0, false)).getMessage();
        assertTrue(beta.contains("betas") && beta.contains("1.0"), beta);
        String decay = assertThrows(IllegalArgumentException.class,
                () -> new AdamKernel.Hyperparameters(0.1, 0.9, 0.999, 1e-8, -0.5, true)).getMessage();
        assertTrue(decay.contains("weightDecay") && decay.contains("-0.5"), decay);
        String rate = assertThrows(IllegalArgumentException.class,
                () -> h.kernel().withLearningRate(Double.NaN)).getMessage();
        assertTrue(rate.contains("learning rate") && rate.contains("NaN"), rate);
        String step = assertThrows(IllegalArgumentException.class,
                () -> AdamKernel.step(p, Tensor.zeros(2, 3), m, v, h.kernel(), 0)).getMessage();
        assertTrue(step.contains("step >= 1") && step.contains("0"), step);
        String none = assertThrows(IllegalArgumentException.class,
                () -> AdamKernel.step(p, Tensor.zeros(2, 3), m, v, null, 1)).getMessage();
        assertTrue(none.contains("hyperparameters") && none.contains("null"), none);
        assertArrayEquals(new float[6], p.toArray(), "nothing written by a rejected call");
    }
}
