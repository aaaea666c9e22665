package io.jgrad.tensor;

import java.util.SplittableRandom;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * A random sliding-window setting for property tests: an {@code [N, C, H, W]} input in one of
 * several memory layouts and a window that fits it. The values come from {@code seed}.
 */
record WindowCase(int n, int c, int h, int w, Window2d window, Layout layout, long seed) {
    /** How the input tensor lies in memory; every kind but the first is a non-contiguous view. */
    enum Layout { CONTIGUOUS, CHANNELS_LAST, NARROWED, TRANSPOSED, CHANNEL_BROADCAST }

    /** Settings for convolution-style windows: any padding, any dilation. */
    static Gen<WindowCase> convolutions() {
        return cases(false, true);
    }

    /** Settings for pooling: padding at most half the window span, dilation optional. */
    static Gen<WindowCase> pooling(boolean dilated) {
        return cases(true, dilated);
    }

    private static Gen<WindowCase> cases(boolean halfPadding, boolean dilated) {
        return in -> {
            int kh = between(in, 1, 3), kw = between(in, 1, 3);
            int dh = dilated ? between(in, 1, 2) : 1, dw = dilated ? between(in, 1, 2) : 1;
            int spanH = dh * (kh - 1) + 1, spanW = dw * (kw - 1) + 1;
            int ph = between(in, 0, halfPadding ? spanH / 2 : 2), pw = between(in, 0, halfPadding ? spanW / 2 : 2);
            Window2d window = new Window2d(kh, kw, between(in, 1, 3), between(in, 1, 3), ph, pw, dh, dw);
            // A dilated pooling window may straddle a small input and see only padding, which
            // pooling rejects; an input at least one span wide rules that out.
            int h = (halfPadding && dh > 1 ? spanH : Math.max(1, spanH - 2 * ph)) + between(in, 0, 5);
            int w = (halfPadding && dw > 1 ? spanW : Math.max(1, spanW - 2 * pw)) + between(in, 0, 5);
            Layout layout = Layout.values()[between(in, 0, Layout.values().length - 1)];
            return new WindowCase(between(in, 1, 2), between(in, 1, 3), h, w, window, layout,
                    SourceDSL.longs().all().generate(in));
        };
    }

    private static int between(org.quicktheories.core.RandomnessSource in, int lo, int hi) {
        return SourceDSL.integers().between(lo, hi).generate(in);
    }

    /** Window positions down the input. */
    int oh() {
        return window.outputHeight(h);
    }

    /** Window positions across the input. */
    int ow() {
        return window.outputWidth(w);
    }

    /** The input: standard normal values in this case's layout. */
    Tensor input() {
        return view(new int[] {n, c, h, w}, layout, new SplittableRandom(seed));
    }

    /** A tensor of {@code dims} with random values, laid out as {@code layout} says. */
    static Tensor view(int[] dims, Layout layout, SplittableRandom random) {
        int n = dims[0], c = dims[1], h = dims[2], w = dims[3];
        return switch (layout) {
            case CONTIGUOUS -> Tensor.randn(random, n, c, h, w);
            case CHANNELS_LAST -> Tensor.randn(random, n, h, w, c).permute(0, 3, 1, 2);
            case NARROWED -> Tensor.randn(random, n + 1, c + 2, h + 3, w + 2).narrow(0, 1, n).narrow(1, 2, c)
                    .narrow(2, 1, h).narrow(3, 2, w);
            case TRANSPOSED -> Tensor.randn(random, n, c, w, h).transpose(2, 3);
            case CHANNEL_BROADCAST -> Tensor.randn(random, n, 1, h, w).expand(n, c, h, w);
        };
    }

    /** The tensor's elements as nested arrays, read element by element. */
    static float[][][][] toArray(Tensor t) {
        float[][][][] a = new float[t.size(0)][t.size(1)][t.size(2)][t.size(3)];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                for (int k = 0; k < a[i][j].length; k++) {
                    for (int l = 0; l < a[i][j][k].length; l++) {
                        a[i][j][k][l] = t.get(i, j, k, l);
                    }
                }
            }
        }
        return a;
    }
}
