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
        qt().withFixedSeed(201).withExamples(300).forAll(WindowCase.pooling(true))
                .checkAssert(k -> assertMaxPoolMatchesPlainLoops(k.input(), k.window(), k.toString()));
    }

    /**
     * The common 2×2, stride 2 window has paths of its own, scalar and a vector of windows at a
     * time: ties and NaNs, every layout, odd sizes, rows shorter and longer than a vector, a
     * parallel size.
     */
    @Test
    void halvingMaxPoolMatchesPlainLoopsWithTiesAndNaN() {
        SplittableRandom random = new SplittableRandom(204);
        int[][] sizes = {{1, 1, 2, 2}, {2, 3, 5, 7}, {3, 2, 8, 9}, {2, 3, 24, 24}, {1, 2, 70, 69}, {4, 32, 46, 46}};
        for (int[] dims : sizes) {
            int n = dims[0], c = dims[1], h = dims[2], w = dims[3];
            Tensor[] layouts = {
                tiesAndNaN(random, n, c, h, w),
                tiesAndNaN(random, n, h, w, c).permute(0, 3, 1, 2),
                tiesAndNaN(random, n, c, w, h).transpose(2, 3),
                tiesAndNaN(random, n + 1, c, h + 1, w + 3).narrow(0, 1, n).narrow(2, 1, h).narrow(3, 2, w),
            };
            for (Tensor x : layouts) {
                assertMaxPoolMatchesPlainLoops(x, Window2d.of(2, 2, 0, 1), x.shape() + " strides "
                        + java.util.Arrays.toString(x.strides()));
            }
        }
    }

    /** Whole numbers in [-2, 2], so that ties are common, and about one NaN in 40. */
    private static Tensor tiesAndNaN(SplittableRandom random, int... dims) {
        float[] data = new float[java.util.Arrays.stream(dims).reduce(1, (p, q) -> p * q)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(40) == 0 ? Float.NaN : random.nextInt(5) - 2;
        }
        return Tensor.of(data, dims);
    }

    /**
     * Max pooling of {@code x} against the definition in PyTorch's CPU kernel: padding never
     * wins, the first maximum does, and so does every NaN, so the last NaN is picked.
     */
    private static void assertMaxPoolMatchesPlainLoops(Tensor x, Window2d win, String label) {
        float[][][][] a = WindowCase.toArray(x);
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        int oh = win.outputHeight(h), ow = win.outputWidth(w);
        Pool2d.MaxResult result = Pool2d.maxPool2d(x, win);
        assertEquals(Shape.of(n, c, oh, ow), result.values().shape(), label);
        assertEquals(result.values().shape(), result.indices().shape());
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int i = 0; i < win.kernelH(); i++) {
                            for (int j = 0; j < win.kernelW(); j++) {
                                int y = oy * win.strideH() - win.padH() + i * win.dilationH();
                                int xx = ox * win.strideW() - win.padW() + j * win.dilationW();
                                if (y < 0 || y >= h || xx < 0 || xx >= w) {
                                    continue;
                                }
                                float value = a[b][ch][y][xx];
                                if (at < 0 || value > best || Float.isNaN(value)) {
                                    best = value;
                                    at = y * w + xx;
                                }
                            }
                        }
                        assertEquals(best, result.values().get(b, ch, oy, ox), 0f, label);
                        assertEquals(at, result.indices().get(b, ch, oy, ox), 0f, label);
                    }
                }
            }
        }
    }

    @Test
    void maxPoolPicksTheLastNaNOfAWindowAsPyTorchDoes() {
        // torch.nn.functional.max_pool2d(x, k, return_indices=True) in PyTorch 2.13 gives index
        // 1 for the 2x2 window and 2 for the 3x3 one.
        float nan = Float.NaN;
        Tensor two = Tensor.of(new float[] {nan, nan, 1, 2}, 1, 1, 2, 2);
        assertEquals(1f, Pool2d.maxPool2d(two, Window2d.of(2, 2, 0, 1)).indices().item());
        Tensor three = Tensor.of(new float[] {nan, 0, nan, 1, 2, 3, 4, 5, 6}, 1, 1, 3, 3);
        assertEquals(2f, Pool2d.maxPool2d(three, Window2d.of(3, 3, 0, 1)).indices().item());
        assertTrue(Float.isNaN(Pool2d.maxPool2d(three, Window2d.of(3, 3, 0, 1)).values().item()));
    }

    @Test
    void maxPoolBackwardAddsEachGradientToItsWinner() {
        qt().withFixedSeed(205).withExamples(200).forAll(WindowCase.pooling(true)).checkAssert(k -> {
            Pool2d.MaxResult forward = Pool2d.maxPool2d(k.input(), k.window());
            Tensor grad = outputGradient(k);
            float[][][][] g = WindowCase.toArray(grad);
            double[][][][] expected = new double[k.n()][k.c()][k.h()][k.w()];
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int oy = 0; oy < k.oh(); oy++) {
                        for (int ox = 0; ox < k.ow(); ox++) {
                            int at = (int) forward.indices().get(b, ch, oy, ox);
                            expected[b][ch][at / k.w()][at % k.w()] += g[b][ch][oy][ox];
                        }
                    }
                }
            }
            assertImageEquals(expected, Pool2d.maxPool2dBackward(grad, forward.indices(), k.h(), k.w()), k.toString());
        });
    }

    @Test
    void maxPoolBackwardRejectsMismatchedIndices() {
        Tensor grad = Tensor.zeros(1, 1, 2, 2);
        assertEquals("maxPool2dBackward expects indices of the gradient's shape [1, 1, 2, 2], got shape [1, 1, 2, 3]",
                assertThrows(IllegalArgumentException.class,
                        () -> Pool2d.maxPool2dBackward(grad, Tensor.zeros(1, 1, 2, 3), 4, 4)).getMessage());
        assertEquals("maxPool2dBackward index 16.0 is not a position in a 4x4 plane",
                assertThrows(IllegalArgumentException.class,
                        () -> Pool2d.maxPool2dBackward(grad, Tensor.full(16f, 1, 1, 2, 2), 4, 4)).getMessage());
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
            Tensor grad = outputGradient(k);
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
            assertImageEquals(expected, Pool2d.avgPool2dBackward(grad, k.h(), k.w(), win), k.toString());
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

    /** {@code actual} has the shape of {@code expected} and each element within 1e-5. */
    private static void assertImageEquals(double[][][][] expected, Tensor actual, String label) {
        assertEquals(Shape.of(expected.length, expected[0].length, expected[0][0].length, expected[0][0][0].length),
                actual.shape(), label);
        for (int b = 0; b < expected.length; b++) {
            for (int ch = 0; ch < expected[b].length; ch++) {
                for (int y = 0; y < expected[b][ch].length; y++) {
                    for (int x = 0; x < expected[b][ch][y].length; x++) {
                        assertEquals(expected[b][ch][y][x], actual.get(b, ch, y, x), 1e-5, label);
                    }
                }
            }
        }
    }

    /** A random gradient for the case's output {@code [N, C, OH, OW]}, in the case's layout. */
    private static Tensor outputGradient(WindowCase k) {
        return WindowCase.view(new int[] {k.n(), k.c(), k.oh(), k.ow()}, k.layout(), new SplittableRandom(k.seed()));
    }
}
