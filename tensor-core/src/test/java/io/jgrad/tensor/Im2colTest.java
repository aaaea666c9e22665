package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Im2colTest {
    /** The columns by definition: one entry per (item, channel, tap, output position). */
    static float[][][] im2colReference(float[][][][] x, Window2d win, int oh, int ow) {
        int c = x[0].length, h = x[0][0].length, w = x[0][0][0].length;
        float[][][] out = new float[x.length][c * win.kernelH() * win.kernelW()][oh * ow];
        for (int b = 0; b < x.length; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < win.kernelH(); i++) {
                    for (int j = 0; j < win.kernelW(); j++) {
                        int row = (ch * win.kernelH() + i) * win.kernelW() + j;
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) {
                                int y = oy * win.strideH() - win.padH() + i * win.dilationH();
                                int xx = ox * win.strideW() - win.padW() + j * win.dilationW();
                                boolean inside = y >= 0 && y < h && xx >= 0 && xx < w;
                                out[b][row][oy * ow + ox] = inside ? x[b][ch][y][xx] : 0f;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Each column entry added back where im2col took it from, in double. */
    static double[][][][] col2imReference(float[][][] cols, int c, int h, int w, Window2d win, int oh, int ow) {
        double[][][][] out = new double[cols.length][c][h][w];
        for (int b = 0; b < cols.length; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < win.kernelH(); i++) {
                    for (int j = 0; j < win.kernelW(); j++) {
                        int row = (ch * win.kernelH() + i) * win.kernelW() + j;
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) {
                                int y = oy * win.strideH() - win.padH() + i * win.dilationH();
                                int xx = ox * win.strideW() - win.padW() + j * win.dilationW();
                                if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                    out[b][ch][y][xx] += cols[b][row][oy * ow + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void im2colCopiesEveryWindowTapForAnyLayout() {
        qt().withFixedSeed(101).withExamples(300).forAll(WindowCase.convolutions()).checkAssert(k -> {
            Tensor x = k.input();
            Tensor cols = Im2col.im2col(x, k.window());
            float[][][] expected = im2colReference(WindowCase.toArray(x), k.window(), k.oh(), k.ow());
            assertEquals(Shape.of(k.n(), expected[0].length, k.oh() * k.ow()), cols.shape(), k.toString());
            assertTrue(cols.isContiguous());
            float[] actual = cols.toArray();
            int p = 0;
            for (float[][] item : expected) {
                for (float[] row : item) {
                    for (float v : row) {
                        assertEquals(v, actual[p++], 0f, k.toString());
                    }
                }
            }
        });
    }

    @Test
    void col2imSumsColumnsBackForAnyLayout() {
        qt().withFixedSeed(102).withExamples(300).forAll(WindowCase.convolutions()).checkAssert(k -> {
            int rows = k.c() * k.window().kernelH() * k.window().kernelW();
            int positions = k.oh() * k.ow();
            SplittableRandom random = new SplittableRandom(k.seed());
            Tensor cols = switch (k.layout()) {
                case CONTIGUOUS -> Tensor.randn(random, k.n(), rows, positions);
                case TRANSPOSED, CHANNELS_LAST -> Tensor.randn(random, k.n(), positions, rows).transpose(1, 2);
                case NARROWED -> Tensor.randn(random, k.n(), rows + 1, positions + 3).narrow(1, 1, rows).narrow(2, 2, positions);
                case CHANNEL_BROADCAST -> Tensor.randn(random, k.n(), rows, 1).expand(k.n(), rows, positions);
            };
            float[][][] c = new float[k.n()][rows][positions];
            for (int b = 0; b < k.n(); b++) {
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < positions; q++) {
                        c[b][r][q] = cols.get(b, r, q);
                    }
                }
            }
            double[][][][] expected = col2imReference(c, k.c(), k.h(), k.w(), k.window(), k.oh(), k.ow());
            Tensor image = Im2col.col2im(cols, k.h(), k.w(), k.window());
            assertEquals(Shape.of(k.n(), k.c(), k.h(), k.w()), image.shape(), k.toString());
            for (int b = 0; b < k.n(); b++) {
                for (int ch = 0; ch < k.c(); ch++) {
                    for (int y = 0; y < k.h(); y++) {
                        for (int x = 0; x < k.w(); x++) {
                            assertEquals(expected[b][ch][y][x], image.get(b, ch, y, x), 1e-5, k.toString());
                        }
                    }
                }
            }
        });
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        // <im2col(x), y> = <x, col2im(y)>: what makes col2im the gradient of im2col.
        qt().withFixedSeed(103).withExamples(100).forAll(WindowCase.convolutions()).checkAssert(k -> {
            Tensor x = k.input();
            Tensor cols = Im2col.im2col(x, k.window());
            Tensor y = Tensor.randn(new SplittableRandom(k.seed() + 1), cols.shape().toArray());
            Tensor back = Im2col.col2im(y, k.h(), k.w(), k.window());
            float[] a = cols.toArray(), ya = y.toArray(), xa = x.toArray(), ba = back.toArray();
            double left = 0, right = 0, scale = 0;
            for (int i = 0; i < a.length; i++) {
                left += (double) a[i] * ya[i];
                scale += Math.abs((double) a[i] * ya[i]);
            }
            for (int i = 0; i < xa.length; i++) {
                right += (double) xa[i] * ba[i];
            }
            assertEquals(left, right, 1e-5 * (1 + scale), k.toString());
        });
    }

    @Test
    void knownSmallCase() {
        // 1x1x3x3 image 1..9, 2x2 kernel, stride 1, no padding: four windows.
        Tensor x = Tensor.arange(1, 10, 1).reshape(1, 1, 3, 3);
        Tensor cols = Im2col.im2col(x, Window2d.of(2, 1, 0, 1));
        assertArrayEquals(new float[] {1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9}, cols.toArray());
        Tensor back = Im2col.col2im(Tensor.ones(1, 4, 4), 3, 3, Window2d.of(2, 1, 0, 1));
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, back.toArray());
    }

    @Test
    void emptyBatchGivesEmptyColumns() {
        Tensor cols = Im2col.im2col(Tensor.zeros(0, 2, 4, 4), Window2d.of(3, 1, 1, 1));
        assertEquals(Shape.of(0, 18, 16), cols.shape());
        assertEquals(Shape.of(0, 2, 4, 4), Im2col.col2im(cols, 4, 4, Window2d.of(3, 1, 1, 1)).shape());
    }

    @Test
    void rejectsBadArguments() {
        Window2d w3 = Window2d.of(3, 1, 0, 1);
        var rank = assertThrows(IllegalArgumentException.class, () -> Im2col.im2col(Tensor.zeros(2, 3, 4), w3));
        assertEquals("im2col expects an input [N, C, H, W], got shape [2, 3, 4]", rank.getMessage());
        var fit = assertThrows(IllegalArgumentException.class, () -> Im2col.im2col(Tensor.zeros(1, 1, 2, 5), w3));
        assertEquals("a window spanning 3 (kernel 3, dilation 1) does not fit in input height 2 padded by 0 on each side",
                fit.getMessage());
        var cols = assertThrows(IllegalArgumentException.class, () -> Im2col.col2im(Tensor.zeros(1, 9, 5), 4, 4, w3));
        assertEquals("col2im for a 3x3 kernel and a 4x4 image expects columns [N, C*9, 4] (2x2 window positions),"
                + " got shape [1, 9, 5]", cols.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Im2col.col2im(Tensor.zeros(1, 8, 4), 4, 4, w3));
        assertThrows(IllegalArgumentException.class, () -> Im2col.col2im(Tensor.zeros(9, 4), 4, 4, w3));
        var window = assertThrows(IllegalArgumentException.class, () -> Window2d.of(0, 1, 0, 1));
        assertEquals("a window needs kernel sizes, strides and dilations of at least 1 and non-negative padding,"
                + " got kernel 0x0, stride 1x1, padding 0x0, dilation 1x1", window.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Window2d(1, 1, 1, 1, -1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Window2d(1, 1, 1, 0, 0, 0, 1, 1));
    }

    @Test
    void outputSizesFollowPyTorch() {
        // floor((in + 2p - d(k-1) - 1) / s) + 1
        assertEquals(26, Window2d.of(3, 1, 0, 1).outputHeight(28));
        assertEquals(14, Window2d.of(3, 2, 1, 1).outputWidth(28));
        assertEquals(24, Window2d.of(3, 1, 0, 2).outputHeight(28));
        assertEquals(1, new Window2d(5, 1, 7, 1, 0, 0, 1, 1).outputHeight(11));
    }
}
