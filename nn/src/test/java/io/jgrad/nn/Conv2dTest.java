package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.SourceDSL;

class Conv2dTest {
    record Case(int n, int in, int out, int kernel, int stride, int padding, int dilation, int h, int w, boolean bias,
                long seed) {
        static Gen<Case> all() {
            return src -> {
                int kernel = between(src, 1, 4), dilation = between(src, 1, 3), padding = between(src, 0, 3);
                int min = Math.max(1, dilation * (kernel - 1) + 1 - 2 * padding);
                return new Case(between(src, 1, 3), between(src, 1, 4), between(src, 1, 5), kernel, between(src, 1, 3),
                        padding, dilation, min + between(src, 0, 6), min + between(src, 0, 6), between(src, 0, 1) == 1,
                        SourceDSL.longs().all().generate(src));
            };
        }
    }

    static int between(RandomnessSource src, int lo, int hi) {
        return SourceDSL.integers().between(lo, hi).generate(src);
    }

    /** The convolution by its definition: seven loops, accumulated in double. */
    static double[][][][] direct(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation) {
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        int o = weight.size(0), k = weight.size(2);
        int oh = (h + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
        int ow = (w + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
        double[][][][] out = new double[n][o][oh][ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double sum = bias == null ? 0 : bias.get(oc);
                        for (int ic = 0; ic < c; ic++) {
                            for (int i = 0; i < k; i++) {
                                for (int j = 0; j < k; j++) {
                                    int iy = y * stride - padding + i * dilation;
                                    int ix = xx * stride - padding + j * dilation;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        sum += (double) weight.get(oc, ic, i, j) * x.get(b, ic, iy, ix);
                                    }
                                }
                            }
                        }
                        out[b][oc][y][xx] = sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void forwardMatchesTheDirectConvolution() {
        qt().withFixedSeed(701).withExamples(150).forAll(Case.all()).checkAssert(k -> {
            Conv2d conv = new Conv2d(k.in(), k.out(), k.kernel(), k.stride(), k.padding(), k.dilation(), k.bias(),
                    new SplittableRandom(k.seed()));
            Tensor x = Tensor.randn(new SplittableRandom(~k.seed()), k.n(), k.in(), k.h(), k.w());
            Variable y = conv.forward(Variable.of(x));
            double[][][][] expected = direct(x, conv.weight().value(), k.bias() ? conv.bias().value() : null, k.stride(),
                    k.padding(), k.dilation());
            assertEquals(Shape.of(k.n(), k.out(), expected[0][0].length, expected[0][0][0].length), y.shape(), k.toString());
            for (int b = 0; b < k.n(); b++) {
                for (int o = 0; o < k.out(); o++) {
                    for (int i = 0; i < expected[0][0].length; i++) {
                        for (int j = 0; j < expected[0][0][0].length; j++) {
                            assertEquals(expected[b][o][i][j], y.value().get(b, o, i, j), 1e-5 * (1 + Math.abs(expected[b][o][i][j])),
                                    k.toString());
                        }
                    }
                }
            }
        });
    }

    @Test
    void parametersAreNamedAndInitialisedAsPyTorch() {
        Conv2d conv = new Conv2d(8, 16, 5, 1, 0, 1, true, new SplittableRandom(3));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        assertEquals(Shape.of(16, 8, 5, 5), conv.weight().shape());
        assertEquals(Shape.of(16), conv.bias().shape());
        // kaiming_uniform(a=√5) gives the bound gain·sqrt(3/fanIn) = sqrt(2/6)·sqrt(3/200) = 1/sqrt(200).
        double bound = 1 / Math.sqrt(8 * 25);
        float[] w = conv.weight().value().toArray();
        double max = 0, sumSquares = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
            sumSquares += (double) v * v;
        }
        assertTrue(max <= bound && max > 0.98 * bound, "max |w| " + max + " against bound " + bound);
        // A uniform variable on ±b has variance b²/3; 3200 draws estimate it to within a few percent.
        assertEquals(bound * bound / 3, sumSquares / w.length, 0.1 * bound * bound / 3);
        for (float v : conv.bias().value().toArray()) {
            assertTrue(Math.abs(v) <= bound, "bias " + v + " against bound " + bound);
        }
        Conv2d same = new Conv2d(8, 16, 5, 1, 0, 1, true, new SplittableRandom(3));
        assertEquals(conv.weight().value(), same.weight().value());
        assertEquals(conv.bias().value(), same.bias().value());
        assertNull(new Conv2d(1, 2, 3, 1, 0, 1, false, new SplittableRandom(1)).bias());
    }

    @Test
    void backwardReachesEveryParameter() {
        Conv2d conv = new Conv2d(2, 3, 3, 2, 1);
        Variable x = Variable.of(Tensor.randn(new SplittableRandom(5), 2, 2, 7, 7), true);
        Variable y = conv.forward(x);
        assertEquals(Shape.of(2, 3, 4, 4), y.shape());
        y.sum().backward();
        assertEquals(x.shape(), x.grad().shape());
        assertEquals(conv.weight().shape(), conv.weight().grad().shape());
        // d(sum)/d(bias) counts the output positions.
        for (float g : conv.bias().grad().value().toArray()) {
            assertEquals(2 * 4 * 4, g);
        }
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))", new Conv2d(1, 32, 3).toString());
        assertEquals("Conv2d(32, 64, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))", new Conv2d(32, 64, 3, 2, 1).toString());
        assertEquals("Conv2d(3, 8, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2), dilation=(2, 2), bias=False)",
                new Conv2d(3, 8, 5, 1, 2, 2, false, new SplittableRandom(0)).toString());
    }

    @Test
    void rejectsBadArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(0, 4, 3));
        assertTrue(e.getMessage().startsWith("Conv2d needs channels, kernel size, stride and dilation of at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 4, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 4, 3, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 4, 3, 1, 0, 0, true, new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 4, 3, 1, 0, 1, true, null));
        Conv2d conv = new Conv2d(3, 4, 3);
        assertEquals("conv2d input of shape [1, 2, 8, 8] has 2 channels, but the weight of shape [4, 3, 3, 3] expects 3",
                assertThrows(IllegalArgumentException.class,
                        () -> conv.forward(Variable.of(Tensor.zeros(1, 2, 8, 8)))).getMessage());
    }
}
