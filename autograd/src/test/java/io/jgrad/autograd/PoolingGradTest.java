package io.jgrad.autograd;

import static io.jgrad.autograd.ConvolutionGradTest.between;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class PoolingGradTest {
    /** A small pooling setting; the padding is at most half the window span, as pooling requires. */
    record PoolCase(int n, int c, int kernel, int stride, int padding, int dilation, int h, int w, long seed) {
        static Gen<PoolCase> all(boolean dilated) {
            return in -> {
                int kernel = between(in, 1, 3), dilation = dilated ? between(in, 1, 2) : 1;
                int span = dilation * (kernel - 1) + 1;
                int padding = between(in, 0, span / 2);
                // At least one span wide, so that no dilated window sees only padding.
                return new PoolCase(between(in, 1, 2), between(in, 1, 2), kernel, between(in, 1, 3), padding, dilation,
                        span + between(in, 0, 3), span + between(in, 0, 3), SourceDSL.longs().all().generate(in));
            };
        }

        /** Values 0.05 apart in random order: a finite-difference step of 0.01 never changes a window's winner. */
        Tensor distinctInput() {
            int size = n * c * h * w;
            float[] values = new float[size];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < size; i++) {
                values[i] = i * 0.05f - size * 0.025f;
            }
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                float t = values[i];
                values[i] = values[j];
                values[j] = t;
            }
            return Tensor.of(values, n, c, h, w);
        }
    }

    @Test
    void maxPoolGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(401).withExamples(60).forAll(PoolCase.all(true)).checkAssert(k -> {
            GradCheck.Result r = GradCheck.check(
                    xs -> Functional.maxPool2d(xs[0], k.kernel(), k.stride(), k.padding(), k.dilation()), k.distinctInput());
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void maxPoolSecondDerivativesMatchFiniteDifferences() {
        qt().withFixedSeed(402).withExamples(10).forAll(PoolCase.all(true)).checkAssert(k -> {
            GradCheck.Result r = GradCheck.checkSecondOrder(xs -> {
                Variable y = Functional.maxPool2d(xs[0], k.kernel(), k.stride(), k.padding(), k.dilation());
                return y.mul(y);
            }, k.distinctInput());
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void avgPoolGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(403).withExamples(60).forAll(PoolCase.all(false)).checkAssert(k -> {
            Tensor x = Tensor.randn(new SplittableRandom(k.seed()), k.n(), k.c(), k.h(), k.w());
            GradCheck.Result first = GradCheck.check(
                    xs -> Functional.avgPool2d(xs[0], k.kernel(), k.stride(), k.padding()), x);
            assertTrue(first.passed(), k + ": " + first);
        });
    }

    @Test
    void avgPoolSecondDerivativesMatchFiniteDifferences() {
        qt().withFixedSeed(404).withExamples(10).forAll(PoolCase.all(false)).checkAssert(k -> {
            Tensor x = Tensor.randn(new SplittableRandom(k.seed()), k.n(), k.c(), k.h(), k.w());
            GradCheck.Result r = GradCheck.checkSecondOrder(xs -> {
                Variable y = Functional.avgPool2d(xs[0], k.kernel(), k.stride(), k.padding());
                return y.mul(y);
            }, x);
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void overlappingMaxWindowsAddTheirGradients() {
        Variable input = Variable.of(Tensor.of(new float[] {0, 5, 1, 2}, 1, 1, 2, 2), true);
        Variable pooled = Functional.maxPool2d(input, 2, 1, 1);
        assertEquals("MaxPool2d", pooled.gradFn().name());
        assertArrayEquals(new float[] {0, 5, 5, 1, 5, 5, 1, 2, 2}, pooled.value().toArray());
        pooled.sum().backward();
        // Padding 1 makes a 3x3 grid of 2x2 windows: the 5 wins four, the 1 and the 2 two each, the 0 one.
        assertArrayEquals(new float[] {1, 4, 2, 2}, input.grad().value().toArray());
    }

    @Test
    void avgPoolSpreadsTheGradient() {
        Variable x = Variable.of(Tensor.arange(16).reshape(1, 1, 4, 4), true);
        Variable y = Functional.avgPool2d(x, 2, 2, 0);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, y.value().toArray());
        assertEquals("AvgPool2d", y.gradFn().name());
        y.sum().backward();
        float[] quarter = new float[16];
        java.util.Arrays.fill(quarter, 0.25f);
        assertArrayEquals(quarter, x.grad().value().toArray());
    }

    @Test
    void rejectsBadArguments() {
        Variable x = Variable.of(Tensor.zeros(1, 1, 4, 4));
        assertEquals("maxPool2d needs padding at most half the window span, got padding 2x2 for kernel 3x3 with dilation 1x1",
                assertThrows(IllegalArgumentException.class, () -> Functional.maxPool2d(x, 3, 1, 2)).getMessage());
        assertEquals("avgPool2d expects an input [N, C, H, W] or [C, H, W], got shape [4, 4]", assertThrows(IllegalArgumentException.class,
                () -> Functional.avgPool2d(Variable.of(Tensor.zeros(4, 4)), 2, 2, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.avgPool2d(x, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Functional.maxPool2d(x, 5, 1, 0));
    }
}
