package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.assertThrowsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.tensor.WindowCase.Layout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.SourceDSL;

class ConvolutionKernelTest {
    /** A random convolution: sizes, a window that fits, operand layouts and a seed for the values. */
    record Case(int n, int c, int o, int h, int w, Window2d window, Layout inputLayout, Layout gradLayout,
                boolean transposedWeight, boolean withBias, long seed) {
        int oh() {
            return window.outputHeight(h);
        }

        int ow() {
            return window.outputWidth(w);
        }
    }

    static Gen<Case> cases() {
        return in -> {
            int kh = between(in, 1, 3), kw = between(in, 1, 3), dh = between(in, 1, 2), dw = between(in, 1, 2);
            int ph = between(in, 0, 2), pw = between(in, 0, 2);
            Window2d window = new Window2d(kh, kw, between(in, 1, 3), between(in, 1, 3), ph, pw, dh, dw);
            int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph) + between(in, 0, 5);
            int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw) + between(in, 0, 5);
            Layout[] layouts = Layout.values();
            return new Case(between(in, 0, 4), between(in, 1, 3), between(in, 1, 4), h, w, window,
                    layouts[between(in, 0, layouts.length - 1)], layouts[between(in, 0, layouts.length - 1)],
                    between(in, 0, 1) == 1, between(in, 0, 2) > 0, SourceDSL.longs().all().generate(in));
        };
    }

    private static int between(RandomnessSource in, int lo, int hi) {
        return SourceDSL.integers().between(lo, hi).generate(in);
    }

    /** Receives one (item, output channel, output position, input channel, kernel tap) whose tap lands on input (r, q). */
    interface Tap {
        void at(int n, int o, int y, int x, int c, int i, int j, int r, int q);
    }

    /** Every term of the convolution sum by definition: taps in the zero padding contribute nothing and are skipped. */
    static void forEachTap(Case k, Tap tap) {
        Window2d win = k.window();
        for (int n = 0; n < k.n(); n++) {
            for (int o = 0; o < k.o(); o++) {
                for (int y = 0; y < k.oh(); y++) {
                    for (int x = 0; x < k.ow(); x++) {
                        for (int c = 0; c < k.c(); c++) {
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int r = y * win.strideH() - win.padH() + i * win.dilationH();
                                    int q = x * win.strideW() - win.padW() + j * win.dilationW();
                                    if (r >= 0 && r < k.h() && q >= 0 && q < k.w()) {
                                        tap.at(n, o, y, x, c, i, j, r, q);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static double[][][][] forwardReference(Case k, float[][][][] in, float[][][][] wt, float[] bias) {
        double[][][][] out = new double[k.n()][k.o()][k.oh()][k.ow()];
        forEachTap(k, (n, o, y, x, c, i, j, r, q) -> out[n][o][y][x] += (double) wt[o][c][i][j] * in[n][c][r][q]);
        for (double[][][] item : out) {
            for (int o = 0; o < k.o(); o++) {
                for (double[] row : item[o]) {
                    for (int x = 0; x < row.length; x++) {
                        row[x] += bias == null ? 0 : bias[o];
                    }
                }
            }
        }
        return out;
    }

    static double[][][][] inputGradientReference(Case k, float[][][][] g, float[][][][] wt) {
        double[][][][] dx = new double[k.n()][k.c()][k.h()][k.w()];
        forEachTap(k, (n, o, y, x, c, i, j, r, q) -> dx[n][c][r][q] += (double) g[n][o][y][x] * wt[o][c][i][j]);
        return dx;
    }

    static double[][][][] weightGradientReference(Case k, float[][][][] g, float[][][][] in) {
        Window2d win = k.window();
        double[][][][] dw = new double[k.o()][k.c()][win.kernelH()][win.kernelW()];
        forEachTap(k, (n, o, y, x, c, i, j, r, q) -> dw[o][c][i][j] += (double) g[n][o][y][x] * in[n][c][r][q]);
        return dw;
    }

    /** Shape, contiguity and every element within {@code 1e-4·(1 + |expected|)}. */
    static void assertClose(double[][][][] expected, int[] shape, Tensor actual, String what) {
        assertEquals(Shape.of(shape), actual.shape(), what);
        assertTrue(actual.isContiguous(), what);
        for (int a = 0; a < shape[0]; a++) {
            for (int b = 0; b < shape[1]; b++) {
                for (int c = 0; c < shape[2]; c++) {
                    for (int d = 0; d < shape[3]; d++) {
                        double e = expected[a][b][c][d];
                        String at = what + " at [" + a + ", " + b + ", " + c + ", " + d + "]";
                        assertEquals(e, actual.get(a, b, c, d), 1e-4 * (1 + Math.abs(e)), at);
                    }
                }
            }
        }
    }

    @Test
    void allThreeMethodsMatchTheDefinitionsForAnyWindowAndLayout() {
        qt().withFixedSeed(301).withExamples(300).forAll(cases()).checkAssert(ConvolutionKernelTest::checkAgainstDefinitions);
    }

    /**
     * Images large enough that the products span several micro-kernel blocks and panels, and
     * their blocks straddle output rows, as in MNIST's convolutions.
     */
    @Test
    void largerImagesMatchTheDefinitions() {
        Window2d[] windows = {
            new Window2d(3, 3, 1, 1, 0, 0, 1, 1), new Window2d(3, 3, 1, 1, 1, 1, 1, 1),
            new Window2d(3, 2, 2, 1, 1, 0, 2, 1), new Window2d(1, 1, 1, 1, 0, 0, 1, 1),
            new Window2d(2, 3, 1, 2, 2, 1, 1, 2)};
        for (int index = 0; index < windows.length; index++) {
            Layout layout = Layout.values()[index % Layout.values().length];
            checkAgainstDefinitions(new Case(2, 5, 7, 26, 29, windows[index], layout, Layout.CONTIGUOUS, index % 2 == 1,
                    index % 3 == 0, 40 + index));
        }
    }

    private static void checkAgainstDefinitions(Case k) {
        SplittableRandom random = new SplittableRandom(k.seed());
        Window2d win = k.window();
        int kh = win.kernelH(), kw = win.kernelW();
        Tensor input = WindowCase.view(new int[] {k.n(), k.c(), k.h(), k.w()}, k.inputLayout(), random);
        Tensor gradOut = WindowCase.view(new int[] {k.n(), k.o(), k.oh(), k.ow()}, k.gradLayout(), random);
        Tensor weight = k.transposedWeight()
                ? Tensor.randn(random, k.o(), k.c(), kw, kh).transpose(2, 3)
                : Tensor.randn(random, k.o(), k.c(), kh, kw);
        // A bias read with stride 2, or none.
        Tensor bias = k.withBias() ? Tensor.randn(random, k.o(), 2).select(1, 1) : null;
        float[] b = bias == null ? null : bias.toArray();
        float[][][][] x = WindowCase.toArray(input), g = WindowCase.toArray(gradOut), wt = WindowCase.toArray(weight);
        String what = k.toString();

        assertClose(forwardReference(k, x, wt, b), new int[] {k.n(), k.o(), k.oh(), k.ow()},
                ConvolutionKernel.forward(input, weight, bias, win), "forward " + what);
        assertClose(inputGradientReference(k, g, wt), new int[] {k.n(), k.c(), k.h(), k.w()},
                ConvolutionKernel.inputGradient(gradOut, weight, k.h(), k.w(), win), "inputGradient " + what);
        assertClose(weightGradientReference(k, g, x), new int[] {k.o(), k.c(), kh, kw},
                ConvolutionKernel.weightGradient(gradOut, input, weight.shape(), win), "weightGradient " + what);
    }

    @Test
    void resultsAreBitIdenticalWhateverTheThreadCount() {
        SplittableRandom random = new SplittableRandom(13);
        Window2d win = new Window2d(3, 2, 2, 1, 1, 0, 1, 2);
        Tensor input = Tensor.randn(random, 13, 9, 11, 3).permute(0, 3, 1, 2); // [13, 3, 9, 11], channels-last
        Tensor weight = Tensor.randn(random, 4, 3, 3, 2);
        Tensor bias = Tensor.randn(random, 4);
        int oh = win.outputHeight(9), ow = win.outputWidth(11);
        Tensor gradOut = Tensor.randn(random, 13, 4, ow, oh).transpose(2, 3);
        int previous = Parallelism.threads();
        float[][][] results = new float[2][][];
        try {
            for (int run = 0; run < 2; run++) {
                Parallelism.setThreads(run + 1);
                results[run] = new float[][] {
                    ConvolutionKernel.forward(input, weight, bias, win).toArray(),
                    ConvolutionKernel.inputGradient(gradOut, weight, 9, 11, win).toArray(),
                    ConvolutionKernel.weightGradient(gradOut, input, weight.shape(), win).toArray()};
            }
        } finally {
            Parallelism.setThreads(previous);
        }
        assertArrayEquals(results[0][0], results[1][0], "forward");
        assertArrayEquals(results[0][1], results[1][1], "inputGradient");
        assertArrayEquals(results[0][2], results[1][2], "weightGradient");
    }

    @Test
    void emptyBatchGivesEmptyOutputAndInputGradientAndAZeroWeightGradient() {
        Window2d win = Window2d.of(3, 1, 1, 1);
        Tensor weight = Tensor.ones(2, 3, 3, 3);
        assertEquals(Shape.of(0, 2, 4, 4), ConvolutionKernel.forward(Tensor.zeros(0, 3, 4, 4), weight, null, win).shape());
        assertEquals(Shape.of(0, 3, 4, 4), ConvolutionKernel.inputGradient(Tensor.zeros(0, 2, 4, 4), weight, 4, 4, win).shape());
        Tensor dw = ConvolutionKernel.weightGradient(Tensor.zeros(0, 2, 4, 4), Tensor.zeros(0, 3, 4, 4), weight.shape(), win);
        assertArrayEquals(new float[2 * 3 * 3 * 3], dw.toArray());
    }

    @Test
    void rejectsArgumentsThatDisagreeNamingExpectedAndGivenShapes() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Window2d win = new Window2d(3, 2, 1, 1, 0, 0, 1, 1);
        Tensor input = Tensor.zeros(2, 3, 5, 6); // output 3x5
        Tensor weight = Tensor.zeros(4, 3, 3, 2);
        Tensor gradOut = Tensor.zeros(2, 4, 3, 5);

        // A weight with the wrong channel count, or a kernel other than the window's.
        assertThrowsWith(iae, () -> ConvolutionKernel.forward(input, Tensor.zeros(4, 2, 3, 2), null, win),
                "[O, 3, 3, 2]", "got shape [4, 2, 3, 2]");
        assertThrowsWith(iae, () -> ConvolutionKernel.weightGradient(gradOut, input, Shape.of(4, 2, 3, 2), win),
                "[O, 3, 3, 2]", "got shape [4, 2, 3, 2]");
        assertThrowsWith(iae, () -> ConvolutionKernel.forward(input, Tensor.zeros(4, 3, 2, 3), null, win),
                "[O, 3, 3, 2]", "got shape [4, 3, 2, 3]");
        assertThrowsWith(iae, () -> ConvolutionKernel.inputGradient(gradOut, Tensor.zeros(4, 3, 2, 2), 5, 6, win),
                "[O, 3, 3, 2]", "got shape [4, 3, 2, 2]");
        assertThrowsWith(iae, () -> ConvolutionKernel.weightGradient(gradOut, input, Shape.of(4, 3, 3, 3), win),
                "[O, 3, 3, 2]", "got shape [4, 3, 3, 3]");

        // A bias of the wrong length or rank.
        assertThrowsWith(iae, () -> ConvolutionKernel.forward(input, weight, Tensor.zeros(3), win), "[4]", "got shape [3]");
        assertThrowsWith(iae, () -> ConvolutionKernel.forward(input, weight, Tensor.zeros(4, 1), win), "[4]",
                "got shape [4, 1]");

        // A gradOutput whose batch, channels, positions or rank disagree.
        assertThrowsWith(iae, () -> ConvolutionKernel.inputGradient(Tensor.zeros(2, 4, 3, 4), weight, 5, 6, win),
                "[2, 4, 3, 5]", "got shape [2, 4, 3, 4]");
        assertThrowsWith(iae, () -> ConvolutionKernel.inputGradient(Tensor.zeros(2, 3, 3, 5), weight, 5, 6, win),
                "[2, 4, 3, 5]", "got shape [2, 3, 3, 5]");
        assertThrowsWith(iae, () -> ConvolutionKernel.weightGradient(Tensor.zeros(1, 4, 3, 5), input, weight.shape(), win),
                "[2, 4, 3, 5]", "got shape [1, 4, 3, 5]");
        assertThrowsWith(iae, () -> ConvolutionKernel.weightGradient(Tensor.zeros(2, 4, 4, 5), input, weight.shape(), win),
                "[2, 4, 3, 5]", "got shape [2, 4, 4, 5]");
        assertThrowsWith(iae, () -> ConvolutionKernel.inputGradient(Tensor.zeros(4, 3, 5), weight, 5, 6, win),
                "[N, O, OH, OW]", "got shape [4, 3, 5]");
        assertThrowsWith(iae, () -> ConvolutionKernel.weightGradient(Tensor.zeros(4, 3, 5), input, weight.shape(), win),
                "[N, O, OH, OW]", "got shape [4, 3, 5]");

        // An input that is not 4-D.
        assertThrowsWith(iae, () -> ConvolutionKernel.forward(Tensor.zeros(3, 5, 6), weight, null, win),
                "[N, C, H, W]", "got shape [3, 5, 6]");
        assertThrowsWith(iae, () -> ConvolutionKernel.weightGradient(gradOut, Tensor.zeros(3, 5, 6), weight.shape(), win),
                "[N, C, H, W]", "got shape [3, 5, 6]");
    }
}
