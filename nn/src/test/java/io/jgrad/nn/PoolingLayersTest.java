package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class PoolingLayersTest {
    record Case(int n, int c, int kernel, int stride, int padding, int dilation, int h, int w, long seed) {
        static Gen<Case> all(boolean dilated) {
            return src -> {
                int kernel = Conv2dTest.between(src, 1, 4), dilation = dilated ? Conv2dTest.between(src, 1, 2) : 1;
                int span = dilation * (kernel - 1) + 1;
                return new Case(Conv2dTest.between(src, 1, 2), Conv2dTest.between(src, 1, 3), kernel,
                        Conv2dTest.between(src, 1, 3), Conv2dTest.between(src, 0, span / 2), dilation,
                        span + Conv2dTest.between(src, 0, 5), span + Conv2dTest.between(src, 0, 5),
                        SourceDSL.longs().all().generate(src));
            };
        }

        int oh() {
            return (h + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        }

        int ow() {
            return (w + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        }
    }

    @Test
    void maxPoolMatchesPlainLoops() {
        qt().withFixedSeed(801).withExamples(150).forAll(Case.all(true)).checkAssert(k -> {
            Tensor x = Tensor.randn(new SplittableRandom(k.seed()), k.n(), k.c(), k.h(), k.w());
            Variable y = new MaxPool2d(k.kernel(), k.stride(), k.padding(), k.dilation()).forward(Variable.of(x));
            assertEquals(Shape.of(k.n(), k.c(), k.oh(), k.ow()), y.shape(), k.toString());
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int oy = 0; oy < k.oh(); oy++) {
                        for (int ox = 0; ox < k.ow(); ox++) {
                            float best = Float.NEGATIVE_INFINITY;
                            for (int i = 0; i < k.kernel(); i++) {
                                for (int j = 0; j < k.kernel(); j++) {
                                    int iy = oy * k.stride() - k.padding() + i * k.dilation();
                                    int ix = ox * k.stride() - k.padding() + j * k.dilation();
                                    if (iy >= 0 && iy < k.h() && ix >= 0 && ix < k.w()) {
                                        best = Math.max(best, x.get(b, ch, iy, ix));
                                    }
                                }
                            }
                            assertEquals(best, y.value().get(b, ch, oy, ox), 0f, k.toString());
                        }
                    }
                }
            }
        });
    }

    @Test
    void avgPoolMatchesPlainLoops() {
        qt().withFixedSeed(802).withExamples(150).forAll(Case.all(false)).checkAssert(k -> {
            Tensor x = Tensor.randn(new SplittableRandom(k.seed()), k.n(), k.c(), k.h(), k.w());
            Variable y = new AvgPool2d(k.kernel(), k.stride(), k.padding()).forward(Variable.of(x));
            assertEquals(Shape.of(k.n(), k.c(), k.oh(), k.ow()), y.shape(), k.toString());
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int oy = 0; oy < k.oh(); oy++) {
                        for (int ox = 0; ox < k.ow(); ox++) {
                            double sum = 0;
                            for (int i = 0; i < k.kernel(); i++) {
                                for (int j = 0; j < k.kernel(); j++) {
                                    int iy = oy * k.stride() - k.padding() + i;
                                    int ix = ox * k.stride() - k.padding() + j;
                                    if (iy >= 0 && iy < k.h() && ix >= 0 && ix < k.w()) {
                                        sum += x.get(b, ch, iy, ix);
                                    }
                                }
                            }
                            assertEquals(sum / (k.kernel() * k.kernel()), y.value().get(b, ch, oy, ox), 1e-5, k.toString());
                        }
                    }
                }
            }
        });
    }

    @Test
    void defaultStrideIsTheKernelSize() {
        Tensor x = Tensor.arange(36).reshape(1, 1, 6, 6);
        assertEquals(Shape.of(1, 1, 3, 3), new MaxPool2d(2).forward(Variable.of(x)).shape());
        assertEquals(Shape.of(1, 1, 2, 2), new AvgPool2d(3).forward(Variable.of(x)).shape());
        assertEquals((0f + 1 + 2 + 6 + 7 + 8 + 12 + 13 + 14) / 9, new AvgPool2d(3).forward(Variable.of(x)).value().get(0, 0, 0, 0));
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=2, ceil_mode=False)",
                new MaxPool2d(3, 1, 1, 2).toString());
        assertEquals("AvgPool2d(kernel_size=2, stride=2, padding=0)", new AvgPool2d(2).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=1, padding=1)", new AvgPool2d(3, 1, 1).toString());
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("MaxPool2d needs kernel size, stride and dilation of at least 1 and padding from 0 to half the window span,"
                + " got kernel_size=2, stride=2, padding=2, dilation=1",
                assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0));
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Variable.of(Tensor.zeros(4, 4))));
        assertTrue(e.getMessage().contains("expects an input [N, C, H, W] or [C, H, W], got shape [4, 4]"), e.getMessage());
    }
}
