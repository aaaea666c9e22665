package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.SourceDSL;

class ConvolutionGradTest {
    /** A small convolution: sizes kept tiny because GradCheck runs two forwards per input element. */
    record ConvCase(int n, int c, int o, int kh, int kw, int stride, int padding, int dilation, int h, int w,
                    boolean bias, boolean channelsLast, long seed) {
        static Gen<ConvCase> all() {
            return in -> {
                int kh = between(in, 1, 3), kw = between(in, 1, 3), dilation = between(in, 1, 2), padding = between(in, 0, 2);
                int minH = Math.max(1, dilation * (kh - 1) + 1 - 2 * padding);
                int minW = Math.max(1, dilation * (kw - 1) + 1 - 2 * padding);
                return new ConvCase(between(in, 1, 2), between(in, 1, 2), between(in, 1, 3), kh, kw, between(in, 1, 2),
                        padding, dilation, minH + between(in, 0, 3), minW + between(in, 0, 3), between(in, 0, 1) == 1,
                        between(in, 0, 1) == 1, SourceDSL.longs().all().generate(in));
            };
        }

        /** The input as GradCheck sees it: {@code [N, C, H, W]}, or {@code [N, H, W, C]} permuted inside the function. */
        Tensor input(SplittableRandom random) {
            return channelsLast ? Tensor.randn(random, n, h, w, c) : Tensor.randn(random, n, c, h, w);
        }

        Variable asImage(Variable x) {
            return channelsLast ? x.permute(0, 3, 1, 2) : x;
        }
    }

    static int between(RandomnessSource in, int lo, int hi) {
        return SourceDSL.integers().between(lo, hi).generate(in);
    }

    @Test
    void conv2dGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(301).withExamples(40).forAll(ConvCase.all()).checkAssert(k -> {
            SplittableRandom random = new SplittableRandom(k.seed());
            Tensor x = k.input(random);
            Tensor w = Tensor.randn(random, k.o(), k.c(), k.kh(), k.kw());
            Tensor b = Tensor.randn(random, k.o());
            GradCheck.Result r = k.bias()
                    ? GradCheck.check(xs -> Functional.conv2d(k.asImage(xs[0]), xs[1], xs[2], k.stride(), k.padding(), k.dilation()),
                            x, w, b)
                    : GradCheck.check(xs -> Functional.conv2d(k.asImage(xs[0]), xs[1], null, k.stride(), k.padding(), k.dilation()),
                            x, w);
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void conv2dSecondDerivativesMatchFiniteDifferences() {
        qt().withFixedSeed(302).withExamples(8).forAll(ConvCase.all()).checkAssert(k -> {
            SplittableRandom random = new SplittableRandom(k.seed());
            Tensor x = k.input(random);
            Tensor w = Tensor.randn(random, k.o(), k.c(), k.kh(), k.kw());
            Tensor b = Tensor.randn(random, k.o());
            // Squaring makes the output non-linear in each operand, so second derivatives are non-trivial.
            GradCheck.Result r = GradCheck.checkSecondOrder(xs -> {
                Variable y = Functional.conv2d(k.asImage(xs[0]), xs[1], xs[2], k.stride(), k.padding(), k.dilation());
                return y.mul(y);
            }, x, w, b);
            assertTrue(r.passed(), k + ": " + r);
        });
    }

    @Test
    void unfoldAndFoldGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(303).withExamples(20).forAll(ConvCase.all()).checkAssert(k -> {
            Window2d window = new Window2d(k.kh(), k.kw(), k.stride(), k.stride(), k.padding(), k.padding(), k.dilation(),
                    k.dilation());
            SplittableRandom random = new SplittableRandom(k.seed());
            Tensor x = k.input(random);
            GradCheck.Result unfold = GradCheck.check(xs -> Functional.unfold(k.asImage(xs[0]), window).pow(2f), x);
            assertTrue(unfold.passed(), k + ": " + unfold);
            int positions = window.outputHeight(k.h()) * window.outputWidth(k.w());
            Tensor cols = Tensor.randn(random, k.n(), k.c() * k.kh() * k.kw(), positions);
            GradCheck.Result fold = GradCheck.check(xs -> Functional.fold(xs[0], k.h(), k.w(), window).pow(2f), cols);
            assertTrue(fold.passed(), k + ": " + fold);
        });
    }

    @Test
    void knownSmallConvolutionAndItsGradients() {
        // 1x1x3x3 input 1..9, one 2x2 kernel [[1, 0], [0, -1]], bias 10: out = x[y][x] - x[y+1][x+1] + 10 = 6 everywhere.
        Variable x = Variable.of(Tensor.arange(1, 10, 1).reshape(1, 1, 3, 3), true);
        Variable w = Variable.of(Tensor.of(new float[] {1, 0, 0, -1}, 1, 1, 2, 2), true);
        Variable b = Variable.of(Tensor.of(new float[] {10}, 1), true);
        Variable y = Functional.conv2d(x, w, b);
        assertEquals(Shape.of(1, 1, 2, 2), y.shape());
        assertArrayEquals(new float[] {6, 6, 6, 6}, y.value().toArray());
        assertEquals("Conv2d", y.gradFn().name());
        y.sum().backward();
        // Each input position gets +1 per window using it as the top-left tap and -1 as the bottom-right one.
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, -1, 0, -1, -1}, x.grad().value().toArray());
        // dW[i][j] = sum of the inputs under tap (i, j): 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
        assertArrayEquals(new float[] {12, 16, 24, 28}, w.grad().value().toArray());
        assertArrayEquals(new float[] {4}, b.grad().value().toArray());
    }

    @Test
    void aConstantInputGetsNoGradientAndKeepsNoColumnsForAFrozenWeight() {
        Variable x = Variable.of(Tensor.ones(1, 2, 4, 4));
        Variable w = Variable.of(Tensor.ones(3, 2, 3, 3), true);
        Variable y = Functional.conv2d(x, w, null, 1, 1, 1);
        y.sum().backward();
        assertNull(x.grad());
        assertEquals(w.shape(), w.grad().shape());
        Variable frozen = Variable.of(Tensor.ones(3, 2, 3, 3));
        Variable input = Variable.of(Tensor.ones(1, 2, 4, 4), true);
        Functional.conv2d(input, frozen, null, 1, 1, 1).sum().backward();
        assertEquals(input.shape(), input.grad().shape());
        try (var scope = GradMode.noGrad()) {
            assertTrue(Functional.conv2d(input, w, null).isLeaf());
        }
    }

    @Test
    void anEmptyBatchConvolvesToAnEmptyBatch() {
        Variable x = Variable.of(Tensor.zeros(0, 2, 5, 5), true);
        Variable w = Variable.of(Tensor.ones(3, 2, 3, 3), true);
        Variable y = Functional.conv2d(x, w, null);
        assertEquals(Shape.of(0, 3, 3, 3), y.shape());
        y.sum().backward();
        assertArrayEquals(new float[54], w.grad().value().toArray());
    }

    /** PyTorch takes one image as [C, H, W]: the result is the batch of one's, without its batch dimension. */
    @Test
    void oneImageWithoutABatchDimensionIsABatchOfOne() {
        SplittableRandom random = new SplittableRandom(31);
        Tensor image = Tensor.randn(random, 3, 9, 8);
        Variable w = Variable.of(Tensor.randn(random, 4, 3, 3, 3), true);
        Variable b = Variable.of(Tensor.randn(random, 4), true);
        Variable single = Variable.of(image, true);
        Variable out = Functional.conv2d(single, w, b, 2, 1, 1);
        Variable batched = Variable.of(image.unsqueeze(0), true);
        Variable reference = Functional.conv2d(batched, w, b, 2, 1, 1);
        assertEquals(reference.value().squeeze(0), out.value());
        out.sum().backward();
        Tensor wGrad = w.grad().value().copy();
        w.zeroGrad();
        reference.sum().backward();
        assertEquals(batched.grad().value().squeeze(0), single.grad().value());
        assertEquals(w.grad().value(), wGrad);
        Variable pooled = Functional.maxPool2d(Variable.of(image), 2, 2, 0);
        assertEquals(Functional.maxPool2d(Variable.of(image.unsqueeze(0)), 2, 2, 0).value().squeeze(0), pooled.value());
        Variable averaged = Functional.avgPool2d(Variable.of(image), 3, 1, 1);
        assertEquals(Functional.avgPool2d(Variable.of(image.unsqueeze(0)), 3, 1, 1).value().squeeze(0), averaged.value());
    }

    @Test
    void rejectsBadArguments() {
        Variable x = Variable.of(Tensor.zeros(2, 3, 8, 8));
        Variable w = Variable.of(Tensor.zeros(4, 3, 3, 3));
        assertEquals("conv2d expects an input [N, C, H, W] or [C, H, W], got shape [8, 8]",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.conv2d(Variable.of(Tensor.zeros(8, 8)), w, null)).getMessage());
        assertEquals("conv2d expects a weight [O, C, kh, kw], got shape [4, 27]", assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(x, Variable.of(Tensor.zeros(4, 27)), null)).getMessage());
        assertEquals("conv2d input of shape [2, 3, 8, 8] has 3 channels, but the weight of shape [4, 2, 3, 3] expects 2",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.conv2d(x, Variable.of(Tensor.zeros(4, 2, 3, 3)), null)).getMessage());
        assertEquals("conv2d expects a bias of shape [4] for a weight of shape [4, 3, 3, 3], got shape [3]",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.conv2d(x, w, Variable.of(Tensor.zeros(3)))).getMessage());
        assertEquals("conv2d expects a weight with positive sizes, got shape [0, 3, 3, 3]", assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(x, Variable.of(Tensor.zeros(0, 3, 3, 3)), null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.conv2d(x, w, null, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Functional.conv2d(x, w, null, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Functional.conv2d(x, w, null, 1, 0, 0));
        assertEquals("a window spanning 9 (kernel 3, dilation 4) does not fit in input height 8 padded by 0 on each side",
                assertThrows(IllegalArgumentException.class, () -> Functional.conv2d(x, w, null, 1, 0, 4)).getMessage());
        assertEquals("unfold expects an input [N, C, H, W], got shape [8, 8]", assertThrows(IllegalArgumentException.class,
                () -> Functional.unfold(Variable.of(Tensor.zeros(8, 8)), Window2d.of(2, 1, 0, 1))).getMessage());
    }
}
