package io.jgrad.autograd;

import static io.jgrad.autograd.ConvolutionGradTest.between;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class NormalizationGradTest {
    /** An input {@code [N, C, ...]} of rank 2 to 4 with optional affine parameters. */
    record NormCase(int[] dims, boolean weight, boolean bias, long seed) {
        static Gen<NormCase> all() {
            return in -> {
                int rank = between(in, 2, 4);
                int[] dims = new int[rank];
                dims[0] = between(in, 2, 3);
                dims[1] = between(in, 1, 3);
                for (int d = 2; d < rank; d++) {
                    dims[d] = between(in, 1, 3);
                }
                return new NormCase(dims, between(in, 0, 1) == 1, between(in, 0, 1) == 1, SourceDSL.longs().all().generate(in));
            };
        }

        int channels() {
            return dims[1];
        }

        @Override
        public String toString() {
            return "NormCase[dims=" + Arrays.toString(dims) + ", weight=" + weight + ", bias=" + bias + ", seed=" + seed + "]";
        }
    }

    /** GradCheck inputs x, weight, bias in that order, leaving out the absent parameters. */
    private static Tensor[] inputs(NormCase k, int[] paramShape) {
        SplittableRandom random = new SplittableRandom(k.seed());
        Tensor x = Tensor.randn(random, k.dims()).mul(2f);
        Tensor w = Tensor.randn(random, paramShape);
        Tensor b = Tensor.randn(random, paramShape);
        return k.weight() && k.bias() ? new Tensor[] {x, w, b} : k.weight() ? new Tensor[] {x, w} : k.bias() ? new Tensor[] {x, b} : new Tensor[] {x};
    }

    private static Variable weightOf(NormCase k, Variable[] xs) {
        return k.weight() ? xs[1] : null;
    }

    private static Variable biasOf(NormCase k, Variable[] xs) {
        return k.bias() ? xs[k.weight() ? 2 : 1] : null;
    }

    @Test
    void batchNormTrainingGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(501).withExamples(60).forAll(NormCase.all()).checkAssert(k -> {
            // Batch statistics make every output depend on every input of its channel: use a
            // smaller step so that the curvature of 1/sqrt(var) stays below the tolerance.
            GradCheck.Result r = GradCheck.check(xs -> Functional.batchNorm(xs[0], null, null, weightOf(k, xs), biasOf(k, xs),
                    true, 0.1f, 1e-5f), 1e-3, 5e-3, 1e-2, inputs(k, new int[] {k.channels()}));
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void batchNormTrainingSecondDerivativesMatchFiniteDifferences() {
        qt().withFixedSeed(502).withExamples(10).forAll(NormCase.all()).checkAssert(k -> {
            GradCheck.Result r = GradCheck.checkSecondOrder(xs -> Functional.batchNorm(xs[0], null, null, weightOf(k, xs),
                    biasOf(k, xs), true, 0.1f, 1e-5f), inputs(k, new int[] {k.channels()}));
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void batchNormEvaluationGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(503).withExamples(40).forAll(NormCase.all()).checkAssert(k -> {
            SplittableRandom random = new SplittableRandom(~k.seed());
            Tensor mean = Tensor.randn(random, k.channels());
            Tensor var = Tensor.rand(random, k.channels()).add(0.5f);
            GradCheck.Result r = GradCheck.check(xs -> Functional.batchNorm(xs[0], mean, var, weightOf(k, xs), biasOf(k, xs),
                    false, 0.1f, 1e-5f), inputs(k, new int[] {k.channels()}));
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void layerNormGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(504).withExamples(60).forAll(NormCase.all(), SourceDSL.integers().between(1, 2)).checkAssert((k, count) -> {
            int normalized = Math.min(count, k.dims().length - 1);
            int[] shape = Arrays.copyOfRange(k.dims(), k.dims().length - normalized, k.dims().length);
            // A single normalised element is always 0 after centering; give it company.
            if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) == 1) {
                return;
            }
            GradCheck.Result r = GradCheck.check(xs -> Functional.layerNorm(xs[0], shape, weightOf(k, xs), biasOf(k, xs), 1e-5f),
                    1e-3, 5e-3, 1e-2, inputs(k, shape));
            assertTrue(r.passed(), k + " over " + Arrays.toString(shape) + ": " + r);
        });
    }

    @Test
    void batchNormTrainingNormalisesWithBiasedVarianceAndUpdatesRunningStatsWithUnbiased() {
        // Channel 0 holds 1, 2, 6: mean 3, biased variance 14/3, unbiased 7.
        // Channel 1 holds 0, 0, 3: mean 1, biased variance 2, unbiased 3.
        Tensor x = Tensor.of(new float[] {1, 0, 2, 0, 6, 3}, 3, 2);
        Tensor runningMean = Tensor.zeros(2);
        Tensor runningVar = Tensor.ones(2);
        Variable w = Variable.of(Tensor.of(new float[] {2, 1}, 2), true);
        Variable b = Variable.of(Tensor.of(new float[] {0, 1}, 2), true);
        Variable y = Functional.batchNorm(Variable.of(x, true), runningMean, runningVar, w, b, true, 0.1f, 0f);
        double s0 = Math.sqrt(14.0 / 3), s1 = Math.sqrt(2);
        float[] expected = {(float) (2 * -2 / s0), (float) (-1 / s1 + 1), (float) (2 * -1 / s0), (float) (-1 / s1 + 1),
            (float) (2 * 3 / s0), (float) (2 / s1 + 1)};
        assertArrayEquals(expected, y.value().toArray(), 1e-5f);
        assertArrayEquals(new float[] {0.3f, 0.1f}, runningMean.toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.7f, 0.9f + 0.3f}, runningVar.toArray(), 1e-6f);
        assertEquals("BatchNorm", y.gradFn().name());
        y.sum().backward();
        // The normalised values of a channel sum to 0, so dγ = Σ x̂ = 0 and dβ counts the rows.
        assertArrayEquals(new float[] {0, 0}, w.grad().value().toArray(), 1e-6f);
        assertArrayEquals(new float[] {3, 3}, b.grad().value().toArray());
    }

    @Test
    void batchNormEvaluationUsesTheRunningStatsAndLeavesThemAlone() {
        Tensor x = Tensor.of(new float[] {1, 0, 2, 0}, 2, 2, 1);
        Tensor runningMean = Tensor.of(new float[] {1, -1}, 2);
        Tensor runningVar = Tensor.of(new float[] {4, 0.25f}, 2);
        Variable y = Functional.batchNorm(Variable.of(x), runningMean, runningVar, null,
                Variable.of(Tensor.of(new float[] {0.5f, 0}, 2)), false, 0.1f, 0f);
        assertArrayEquals(new float[] {(1 - 1) / 2f + 0.5f, (0 + 1) / 0.5f, (2 - 1) / 2f + 0.5f, (0 + 1) / 0.5f},
                y.value().toArray(), 1e-6f);
        assertArrayEquals(new float[] {1, -1}, runningMean.toArray());
        assertArrayEquals(new float[] {4, 0.25f}, runningVar.toArray());
    }

    @Test
    void layerNormNormalisesEachSampleOverTheTrailingDims() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 10, 10, 14}, 2, 4);
        Variable y = Functional.layerNorm(Variable.of(x), new int[] {4}, null, null, 0f);
        double s0 = Math.sqrt(1.25), s1 = Math.sqrt(3);
        assertArrayEquals(new float[] {(float) (-1.5 / s0), (float) (-0.5 / s0), (float) (0.5 / s0), (float) (1.5 / s0),
            (float) (-1 / s1), (float) (-1 / s1), (float) (-1 / s1), (float) (3 / s1)}, y.value().toArray(), 1e-5f);
    }

    @Test
    void rejectsBadArguments() {
        Variable x = Variable.of(Tensor.zeros(4, 3));
        assertEquals("batchNorm expects runningMean of shape [3] for an input of shape [4, 3], got shape [4]",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.batchNorm(x, Tensor.zeros(4), Tensor.ones(3), null, null, true, 0.1f, 1e-5f)).getMessage());
        assertEquals("batchNorm expects weight of shape [3] for an input of shape [4, 3], got shape [1, 3]",
                assertThrows(IllegalArgumentException.class, () -> Functional.batchNorm(x, null, null,
                        Variable.of(Tensor.ones(1, 3)), null, true, 0.1f, 1e-5f)).getMessage());
        assertEquals("batchNorm in training expects more than 1 value per channel, got input shape [1, 3]",
                assertThrows(IllegalArgumentException.class, () -> Functional.batchNorm(Variable.of(Tensor.zeros(1, 3)), null, null,
                        null, null, true, 0.1f, 1e-5f)).getMessage());
        assertEquals("batchNorm needs both running statistics or neither, got only runningMean",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.batchNorm(x, Tensor.zeros(3), null, null, null, true, 0.1f, 1e-5f)).getMessage());
        assertEquals("batchNorm in evaluation needs running statistics, got none", assertThrows(IllegalArgumentException.class,
                () -> Functional.batchNorm(x, null, null, null, null, false, 0.1f, 1e-5f)).getMessage());
        assertEquals("batchNorm needs momentum in [0, 1] and a finite eps >= 0, got momentum 1.5, eps 1.0E-5",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.batchNorm(x, null, null, null, null, true, 1.5f, 1e-5f)).getMessage());
        assertEquals("batchNorm expects an input [N, C, ...], got shape [3]", assertThrows(IllegalArgumentException.class,
                () -> Functional.batchNorm(Variable.of(Tensor.zeros(3)), null, null, null, null, true, 0.1f, 1e-5f)).getMessage());
        assertEquals("layerNorm over normalizedShape [4] expects an input [..., 4], got shape [4, 3]",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.layerNorm(x, new int[] {4}, null, null, 1e-5f)).getMessage());
        assertEquals("layerNorm expects weight and bias of shape [3], got [4] and none",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.layerNorm(x, new int[] {3}, Variable.of(Tensor.ones(4)), null, 1e-5f)).getMessage());
        assertEquals("layerNorm needs a normalizedShape of at least one dimension, got []",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.layerNorm(x, new int[0], null, null, 1e-5f)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.layerNorm(x, new int[] {3}, null, null, -1f));
    }
}
