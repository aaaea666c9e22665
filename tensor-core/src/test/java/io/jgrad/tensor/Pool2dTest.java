package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Pool2dTest {
    @Test
    void maxPoolMatchesPlainLoops() {
        qt().withFixedSeed(201).withExamples(300).forAll(WindowCase.pooling(true)).checkAssert(k -> {
            Tensor x = k.input();
            float[][][][] a = WindowCase.toArray(x);
            Window2d win = k.window();
            Pool2d.MaxResult result = Pool2d.maxPool2d(x, win);
            assertEquals(Shape.of(k.n(), k.c(), k.oh(), k.ow()), result.values().shape(), k.toString());
            assertEquals(result.values().shape(), result.indices().shape());
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int oy = 0; oy < k.oh(); oy++) {
                        for (int ox = 0; ox < k.ow(); ox++) {
                            float best = Float.NEGATIVE_INFINITY;
                            int at = -1;
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int y = oy * win.strideH() - win.padH() + i * win.dilationH();
                                    int xx = ox * win.strideW() - win.padW() + j * win.dilationW();
                                    if (y >= 0 && y < k.h() && xx >= 0 && xx < k.w() && (at < 0 || a[b][ch][y][xx] > best)) {
                                        best = a[b][ch][y][xx];
                                        at = y * k.w() + xx;
                                    }
                                }
                            }
                            assertEquals(best, result.values().get(b, ch, oy, ox), 0f, k.toString());
                            assertEquals(at, result.indices().get(b, ch, oy, ox), 0f, k.toString());
                        }
                    }
                }
            }
        });
    }

    @Test
    void avgPoolMatchesPlainLoops() {
        qt().withFixedSeed(202).withExamples(300).forAll(WindowCase.pooling(false)).checkAssert(k -> {
            Tensor x = k.input();
            float[][][][] a = WindowCase.toArray(x);
            Window2d win = k.window();
            Tensor out = Pool2d.avgPool2d(x, win);
            assertEquals(Shape.of(k.n(), k.c(), k.oh(), k.ow()), out.shape(), k.toString());
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int oy = 0; oy < k.oh(); oy++) {
                        for (int ox = 0; ox < k.ow(); ox++) {
                            double sum = 0;
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int y = oy * win.strideH() - win.padH() + i;
                                    int xx = ox * win.strideW() - win.padW() + j;
                                    if (y >= 0 && y < k.h() && xx >= 0 && xx < k.w()) {
                                        sum += a[b][ch][y][xx];
                                    }
                                }
                            }
                            double expected = sum / (win.kernelH() * win.kernelW());
                            assertEquals(expected, out.get(b, ch, oy, ox), 1e-5, k.toString());
                        }
                    }
                }
            }
        });
    }

    @Test
    void avgPoolBackwardSpreadsEachGradientOverItsWindow() {
        qt().withFixedSeed(203).withExamples(300).forAll(WindowCase.pooling(false)).checkAssert(k -> {
            Window2d win = k.window();
            Tensor grad = WindowCase.view(new int[] {k.n(), k.c(), k.oh(), k.ow()}, k.layout(), new SplittableRandom(k.seed()));
            float[][][][] g = WindowCase.toArray(grad);
            double[][][][] expected = new double[k.n()][k.c()][k.h()][k.w()];
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int oy = 0; oy < k.oh(); oy++) {
                        for (int ox = 0; ox < k.ow(); ox++) {
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int y = oy * win.strideH() - win.padH() + i;
                                    int xx = ox * win.strideW() - win.padW() + j;
                                    if (y >= 0 && y < k.h() && xx >= 0 && xx < k.w()) {
                                        expected[b][ch][y][xx] += (double) g[b][ch][oy][ox] / (win.kernelH() * win.kernelW());
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Tensor out = Pool2d.avgPool2dBackward(grad, k.h(), k.w(), win);
            assertEquals(Shape.of(k.n(), k.c(), k.h(), k.w()), out.shape(), k.toString());
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int y = 0; y < k.h(); y++) {
                        for (int x = 0; x < k.w(); x++) {
                            assertEquals(expected[b][ch][y][x], out.get(b, ch, y, x), 1e-5, k.toString());
                        }
                    }
                }
            }
        });
    }

    @Test
    void maxPoolPrefersTheFirstMaximumAndPropagatesNaN() {
        Tensor x = Tensor.of(new float[] {5, 5, 1, 2, 4, 3, 3, 7, Float.NaN}, 1, 1, 3, 3);
        Pool2d.MaxResult r = Pool2d.maxPool2d(x, Window2d.of(2, 1, 0, 1));
        float[] values = r.values().toArray();
        assertArrayEquals(new float[] {5, 5, 7}, java.util.Arrays.copyOf(values, 3));
        assertTrue(Float.isNaN(values[3]));
        assertArrayEquals(new float[] {0, 1, 7, 8}, r.indices().toArray());
        Tensor negInf = Tensor.full(Float.NEGATIVE_INFINITY, 1, 1, 2, 2);
        Pool2d.MaxResult allInf = Pool2d.maxPool2d(negInf, Window2d.of(2, 2, 1, 1));
        assertArrayEquals(new float[] {0, 1, 2, 3}, allInf.indices().toArray());
    }

    @Test
    void knownSmallCases() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        Pool2d.MaxResult r = Pool2d.maxPool2d(x, Window2d.of(2, 2, 0, 1));
        assertArrayEquals(new float[] {5, 7, 13, 15}, r.values().toArray());
        assertArrayEquals(new float[] {5, 7, 13, 15}, r.indices().toArray());
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, Pool2d.avgPool2d(x, Window2d.of(2, 2, 0, 1)).toArray());
        // Padding counts in the divisor: the corner window holds only x[0][0] = 0, the next one 1 and 2.
        Tensor padded = Pool2d.avgPool2d(x, Window2d.of(2, 2, 1, 1));
        assertEquals(0f / 4, padded.get(0, 0, 0, 0));
        assertEquals((1f + 2) / 4, padded.get(0, 0, 0, 1));
    }

    @Test
    void rejectsBadArguments() {
        var pad = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.maxPool2d(Tensor.zeros(1, 1, 4, 4), Window2d.of(2, 1, 2, 1)));
        assertEquals("maxPool2d needs padding at most half the window span, got padding 2x2 for kernel 2x2 with dilation 1x1",
                pad.getMessage());
        var dilated = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.avgPool2d(Tensor.zeros(1, 1, 4, 4), Window2d.of(2, 1, 0, 2)));
        assertEquals("avgPool2d has no dilation: expected 1x1, got 2x2", dilated.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> Pool2d.avgPool2d(Tensor.zeros(4, 4), Window2d.of(2, 1, 0, 1)));
        assertEquals("avgPool2d expects an input [N, C, H, W], got shape [4, 4]", rank.getMessage());
        var grad = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.avgPool2dBackward(Tensor.zeros(1, 1, 3, 3), 4, 4, Window2d.of(2, 2, 0, 1)));
        assertEquals("avgPool2dBackward for a 4x4 input expects a gradient [N, C, 2, 2], got shape [1, 1, 3, 3]",
                grad.getMessage());
        // Kernel 2 with dilation 3 spans 4, so padding 2 is allowed, yet on a 1-row input a window sees only padding.
        var onlyPadding = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.maxPool2d(Tensor.zeros(1, 1, 1, 1), new Window2d(2, 1, 1, 1, 2, 0, 3, 1)));
        assertTrue(onlyPadding.getMessage().startsWith("maxPool2d window at output position (0, 0) sees only padding"),
                onlyPadding.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pool2d.maxPool2d(Tensor.zeros(1, 1, 1, 1), Window2d.of(2, 1, 0, 1)));
    }
}
