package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class MatmulKernelTest {
    /** Written around C to catch stray writes; NaN inside C catches accumulating instead of overwriting. */
    private static final float SENTINEL = 12345.5f;

    /** How an operand of rows×cols is laid out in its array. */
    enum Layout {
        ROW_MAJOR, TRANSPOSED, PADDED_ROWS, PADDED_TRANSPOSED, EVERY_OTHER, ROWS_REVERSED, BROADCAST_ROW, BROADCAST_COLUMN
    }

    /** An operand placed in an array: element (r, c) is at off + r*rowStride + c*colStride. */
    record Operand(float[] data, int off, int rowStride, int colStride) {
        float get(int r, int c) {
            return data[off + r * rowStride + c * colStride];
        }

        static Operand random(Layout layout, int rows, int cols, SplittableRandom rnd) {
            final int pad = rnd.nextInt(4);
            final int lead = rnd.nextInt(5);
            final int rowStride;
            final int colStride;
            int off = lead;
            switch (layout) {
                case ROW_MAJOR -> {
                    rowStride = cols;
                    colStride = 1;
                }
                case TRANSPOSED -> {
                    rowStride = 1;
                    colStride = rows;
                }
                case PADDED_ROWS -> {
                    rowStride = cols + pad + 1;
                    colStride = 1;
                }
                case PADDED_TRANSPOSED -> {
                    rowStride = 1;
                    colStride = rows + pad + 1;
                }
                case EVERY_OTHER -> {
                    rowStride = 2 * cols + pad;
                    colStride = 2;
                }
                case ROWS_REVERSED -> {
                    rowStride = -cols;
                    colStride = 1;
                    off += Math.max(0, rows - 1) * cols;
                }
                case BROADCAST_ROW -> {
                    rowStride = 0;
                    colStride = 1;
                }
                case BROADCAST_COLUMN -> {
                    rowStride = 1;
                    colStride = 0;
                }
                default -> throw new AssertionError(layout);
            }
            long hi = off;
            if (rows > 0 && cols > 0) {
                hi += Math.max(0L, (long) (rows - 1) * rowStride) + Math.max(0L, (long) (cols - 1) * colStride);
            }
            final float[] data = new float[(int) hi + 1 + rnd.nextInt(3)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return new Operand(data, off, rowStride, colStride);
        }
    }

    // ---------------------------------------------------------------- reference and checks

    /** Checks C against a double-precision triple loop. */
    private static void assertProduct(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
            String what) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    final double t = (double) a.get(i, p) * b.get(p, j);
                    sum += t;
                    abs += Math.abs(t);
                }
                // Float rounding of a k-term sum: at most about k units of 2^-24 of the terms' magnitude.
                final double tol = 1.2e-7 * (k + 2) * abs;
                final float got = c[cOff + i * ldc + j];
                if (!(Math.abs(got - sum) <= tol)) {
                    fail(what + ": C[" + i + "][" + j + "] = " + got + ", expected " + sum + " ± " + tol);
                }
            }
        }
    }

    /** Multiplies into a C filled with NaN inside and sentinels around it, and checks both. */
    private static void checkProduct(int m, int n, int k, Operand a, Operand b, int cOff, int ldc, SplittableRandom rnd,
            String what) {
        final float[] c = newC(m, n, cOff, ldc, rnd);
        final float[] before = c.clone();
        MatmulKernel.multiply(m, n, k, a.data(), a.off(), a.rowStride(), a.colStride(),
                b.data(), b.off(), b.rowStride(), b.colStride(), c, cOff, ldc);
        assertProduct(m, n, k, a, b, c, cOff, ldc, what);
        final boolean[] inside = new boolean[c.length];
        mark(inside, m, n, cOff, ldc);
        assertUntouchedOutside(c, before, inside, what);
    }

    /** Marks the elements of an m×n block of C in {@code inside}. */
    private static void mark(boolean[] inside, int m, int n, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            Arrays.fill(inside, cOff + i * ldc, cOff + i * ldc + n, true);
        }
    }

    private static void assertUntouchedOutside(float[] c, float[] before, boolean[] inside, String what) {
        for (int x = 0; x < c.length; x++) {
            if (!inside[x] && Float.floatToRawIntBits(c[x]) != Float.floatToRawIntBits(before[x])) {
                fail(what + ": c[" + x + "] outside C was changed from " + before[x] + " to " + c[x]);
            }
        }
    }

    /** A C array with the m×n block at a random offset and padding, NaN inside and a sentinel around. */
    private static float[] newC(int m, int n, int cOff, int ldc, SplittableRandom rnd) {
        final float[] c = new float[cOff + Math.max(0, m - 1) * ldc + n + rnd.nextInt(3)];
        Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) {
            Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
        }
        return c;
    }

    private static float[] multiplyFresh(int m, int n, int k, Operand a, Operand b, int cOff, int ldc, long seed) {
        final float[] c = newC(m, n, cOff, ldc, new SplittableRandom(seed));
        MatmulKernel.multiply(m, n, k, a.data(), a.off(), a.rowStride(), a.colStride(),
                b.data(), b.off(), b.rowStride(), b.colStride(), c, cOff, ldc);
        return c;
    }

    /** Sizes biased towards the edges of vectors (16), micro-kernel rows (6), panels (64) and K slices (512). */
    private static Gen<Integer> size(int max) {
        return Generate.pick(Arrays.asList(0, 1, 2, 5, 6, 7, 10, 15, 16, 17, 33, 47, 63, 64, 65, 100, 129))
                .mix(integers().between(0, max), 40);
    }

    private static Gen<Integer> depth() {
        return Generate.pick(Arrays.asList(0, 1, 3, 16, 17, 100, 511, 512, 513, 1030))
                .mix(integers().between(0, 300), 50);
    }

    // ---------------------------------------------------------------- properties

    @Test
    void multiplyMatchesTripleLoopForAnySizesAndLayouts() {
        final Gen<int[]> sizes = size(150).zip(size(150), depth(), (m, n, k) -> new int[] {m, n, k});
        final Gen<Layout> layouts = Generate.enumValues(Layout.class);
        qt().withFixedSeed(20261126L).withExamples(300)
                .forAll(sizes, layouts, layouts, longs().all())
                .checkAssert((mnk, aLayout, bLayout, seed) -> {
                    final int m = mnk[0];
                    final int n = mnk[1];
                    final int k = mnk[2];
                    final SplittableRandom rnd = new SplittableRandom(seed);
                    final Operand a = Operand.random(aLayout, m, k, rnd);
                    final Operand b = Operand.random(bLayout, k, n, rnd);
                    final int cOff = rnd.nextInt(4);
                    final int ldc = n + rnd.nextInt(3);
                    checkProduct(m, n, k, a, b, cOff, ldc, rnd,
                            m + "x" + k + " (" + aLayout + ") · " + k + "x" + n + " (" + bLayout + ")");
                });
    }

    /** Matrix-vector products and one-row x·Wᵀ, which take the dot-product path, with K tails. */
    @Test
    void thinProductsMatchTripleLoop() {
        final SplittableRandom rnd = new SplittableRandom(11);
        for (int k : new int[] {31, 32, 33, 100, 1000}) {
            for (int[] mn : new int[][] {{37, 1}, {37, 3}, {5, 4}, {1, 200}, {3, 70}, {4, 4}, {2, 5}, {2, 3}, {1, 4}}) {
                for (Layout bLayout : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.EVERY_OTHER}) {
                    final int m = mn[0];
                    final int n = mn[1];
                    final Operand a = Operand.random(Layout.PADDED_ROWS, m, k, rnd);
                    final Operand b = Operand.random(bLayout, k, n, rnd);
                    checkProduct(m, n, k, a, b, 3, n + 2, rnd, m + "x" + k + " · " + k + "x" + n + " (" + bLayout + ")");
                }
            }
        }
    }

    /**
     * B with contiguous rows whole vectors wide is read in place rather than packed; rows 4 KB
     * apart are packed again. Both must give the triple loop's product, over several K slices.
     */
    @Test
    void rowMajorBOfWholeVectorsMatchesTripleLoop() {
        final SplittableRandom rnd = new SplittableRandom(13);
        for (int k : new int[] {1, 17, 513, 1030}) {
            for (int n : new int[] {16, 48, 64, 80, 272}) {
                for (int rowStride : new int[] {n, n + 16, n + 3, 1024}) {
                    final int m = 1 + rnd.nextInt(20);
                    final Operand a = Operand.random(Layout.PADDED_ROWS, m, k, rnd);
                    final float[] data = new float[5 + (k - 1) * rowStride + n];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) (rnd.nextDouble() * 2 - 1);
                    }
                    final Operand b = new Operand(data, 5, rowStride, 1);
                    checkProduct(m, n, k, a, b, 2, n + 1, rnd,
                            m + "x" + k + " · " + k + "x" + n + " (B rows " + rowStride + " apart)");
                }
            }
        }
    }

    @Test
    void zeroDepthFillsCWithZeros() {
        final SplittableRandom rnd = new SplittableRandom(7);
        final Operand a = Operand.random(Layout.ROW_MAJOR, 3, 0, rnd);
        final Operand b = Operand.random(Layout.ROW_MAJOR, 0, 20, rnd);
        final float[] c = newC(3, 20, 2, 21, rnd);
        final float[] before = c.clone();
        MatmulKernel.multiply(3, 20, 0, a.data(), 0, 0, 1, b.data(), 0, 20, 1, c, 2, 21);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 20; j++) {
                assertEquals(0f, c[2 + i * 21 + j]);
            }
        }
        final boolean[] inside = new boolean[c.length];
        mark(inside, 3, 20, 2, 21);
        assertUntouchedOutside(c, before, inside, "k = 0");
    }

    @Test
    void batchedMatchesTripleLoopPerItem() {
        final Gen<int[]> sizes = size(70).zip(size(70), depth(), integers().between(0, 5),
                (m, n, k, batch) -> new int[] {m, n, k, batch});
        final Gen<Layout> layouts = Generate.enumValues(Layout.class);
        qt().withFixedSeed(42L).withExamples(120)
                .forAll(sizes, layouts, layouts, longs().all())
                .checkAssert((s, aLayout, bLayout, seed) -> checkBatched(s[0], s[1], s[2], s[3], aLayout, bLayout,
                        new SplittableRandom(seed)));
    }

    /** Many small products: large enough in total to be spread over the threads item by item. */
    @Test
    void batchedManySmallProducts() {
        checkBatched(48, 64, 72, 60, Layout.ROW_MAJOR, Layout.TRANSPOSED, new SplittableRandom(3));
        checkBatched(40, 17, 100, 33, Layout.TRANSPOSED, Layout.ROW_MAJOR, new SplittableRandom(4));
    }

    /**
     * Items of A lie side by side in one array (some sharing one A), items of B likewise, and
     * C blocks are either stacked or interleaved row by row, as in a [m, batch, n] tensor.
     */
    private static void checkBatched(int m, int n, int k, int batch, Layout aLayout, Layout bLayout,
            SplittableRandom rnd) {
        final Operand a0 = Operand.random(aLayout, m, k, rnd);
        final Operand b0 = Operand.random(bLayout, k, n, rnd);
        final int aSize = a0.data().length;
        final int bSize = b0.data().length;
        final float[] a = new float[aSize * Math.max(1, batch)];
        final float[] b = new float[bSize * Math.max(1, batch)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        final int[] aOffsets = new int[batch];
        final int[] bOffsets = new int[batch];
        final int[] cOffsets = new int[batch];
        final boolean interleaved = rnd.nextBoolean();
        final int ldc = interleaved ? n * Math.max(1, batch) : n + rnd.nextInt(3);
        final int blockSize = Math.max(0, m - 1) * ldc + n;
        for (int i = 0; i < batch; i++) {
            aOffsets[i] = rnd.nextInt(4) == 0 ? a0.off() : i * aSize + a0.off();
            bOffsets[i] = i * bSize + b0.off();
            cOffsets[i] = interleaved ? i * n : 1 + i * blockSize;
        }
        final float[] c = new float[(batch == 0 ? 0 : cOffsets[batch - 1] + blockSize) + 2];
        Arrays.fill(c, SENTINEL);
        final float[] before = c.clone();
        MatmulKernel.multiplyBatched(batch, m, n, k, a, aOffsets, a0.rowStride(), a0.colStride(),
                b, bOffsets, b0.rowStride(), b0.colStride(), c, cOffsets, ldc);
        final String what = batch + " × " + m + "x" + k + " (" + aLayout + ") · " + k + "x" + n + " (" + bLayout + ")"
                + (interleaved ? " interleaved" : "");
        final boolean[] inside = new boolean[c.length];
        for (int i = 0; i < batch; i++) {
            assertProduct(m, n, k, new Operand(a, aOffsets[i], a0.rowStride(), a0.colStride()),
                    new Operand(b, bOffsets[i], b0.rowStride(), b0.colStride()), c, cOffsets[i], ldc, what + ", item " + i);
            mark(inside, m, n, cOffsets[i], ldc);
        }
        assertUntouchedOutside(c, before, inside, what);
    }

    /**
     * Sizes that cross the parallel threshold, split by columns (wide C) or by rows (narrow C):
     * the result must not change by a single bit with the thread count.
     */
    @Test
    void resultIsBitIdenticalForOneAndTwoThreads() {
        final Gen<int[]> shapes = Generate.pick(Arrays.asList(
                new int[] {128, 160, 256}, new int[] {700, 40, 300}, new int[] {200, 300, 520}, new int[] {66, 784, 130}))
                .zip(integers().between(0, 40), integers().between(0, 40), (s, dm, dn) -> new int[] {s[0] + dm, s[1] + dn, s[2]});
        final Gen<Layout> layouts = Generate.pick(Arrays.asList(Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.EVERY_OTHER));
        final int saved = Parallelism.threads();
        try {
            qt().withFixedSeed(99L).withExamples(8)
                    .forAll(shapes, layouts, layouts, longs().all())
                    .checkAssert((s, aLayout, bLayout, seed) -> {
                        final SplittableRandom rnd = new SplittableRandom(seed);
                        final Operand a = Operand.random(aLayout, s[0], s[2], rnd);
                        final Operand b = Operand.random(bLayout, s[2], s[1], rnd);
                        Parallelism.setThreads(1);
                        final float[] one = multiplyFresh(s[0], s[1], s[2], a, b, 1, s[1] + 1, seed);
                        Parallelism.setThreads(2);
                        final float[] two = multiplyFresh(s[0], s[1], s[2], a, b, 1, s[1] + 1, seed);
                        assertBitIdentical(one, two, Arrays.toString(s) + " " + aLayout + " " + bLayout);
                    });
            // The dot-product path splits too: a long matrix-vector product and a wide x·Wᵀ row.
            final SplittableRandom thin = new SplittableRandom(6);
            for (int[] mnk : new int[][] {{20011, 1, 256}, {2, 20011, 256}}) {
                final Operand a = Operand.random(Layout.ROW_MAJOR, mnk[0], mnk[2], thin);
                final Operand b = Operand.random(Layout.TRANSPOSED, mnk[2], mnk[1], thin);
                Parallelism.setThreads(1);
                final float[] one = multiplyFresh(mnk[0], mnk[1], mnk[2], a, b, 0, mnk[1], 1);
                Parallelism.setThreads(2);
                final float[] two = multiplyFresh(mnk[0], mnk[1], mnk[2], a, b, 0, mnk[1], 1);
                assertBitIdentical(one, two, Arrays.toString(mnk));
            }
            final int batch = 30;
            final SplittableRandom rnd = new SplittableRandom(5);
            final float[] a = new float[batch * 64 * 96];
            final float[] b = new float[96 * 80];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rnd.nextGaussian();
            }
            final int[] aOffsets = new int[batch];
            final int[] bOffsets = new int[batch];
            final int[] cOffsets = new int[batch];
            for (int i = 0; i < batch; i++) {
                aOffsets[i] = i * 64 * 96;
                cOffsets[i] = i * 64 * 80;
            }
            final float[][] results = new float[2][batch * 64 * 80];
            for (int t = 1; t <= 2; t++) {
                Parallelism.setThreads(t);
                MatmulKernel.multiplyBatched(batch, 64, 80, 96, a, aOffsets, 96, 1, b, bOffsets, 1, 96,
                        results[t - 1], cOffsets, 80);
            }
            assertBitIdentical(results[0], results[1], "batched");
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + " on 2 threads, " + expected[i] + " on 1");
            }
        }
    }

    // ---------------------------------------------------------------- validation

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs,
            float[] b, int bOff, int brs, int bcs, float[] c, int cOff, int ldc) {
        MatmulKernel.multiply(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc);
    }

    @Test
    void rejectsNegativeSizes() {
        final float[] x = new float[16];
        assertMessage("sizes must be non-negative, got m = -1, n = 2, k = 3",
                () -> multiply(-1, 2, 3, x, 0, 3, 1, x, 0, 2, 1, new float[4], 0, 2));
        assertMessage("sizes must be non-negative, got m = 1, n = -2, k = 3",
                () -> multiply(1, -2, 3, x, 0, 3, 1, x, 0, 2, 1, new float[4], 0, 2));
        assertMessage("sizes must be non-negative, got m = 1, n = 2, k = -3",
                () -> multiply(1, 2, -3, x, 0, 3, 1, x, 0, 2, 1, new float[4], 0, 2));
    }

    @Test
    void rejectsOverlappingRowsOfC() {
        final float[] x = new float[16];
        assertMessage("ldc must be at least n = 4 so that rows of C do not overlap, got 3",
                () -> multiply(2, 4, 2, x, 0, 2, 1, x, 0, 4, 1, new float[16], 0, 3));
    }

    @Test
    void rejectsOffsetsOutsideTheArrays() {
        final float[] a = new float[6];
        final float[] b = new float[6];
        final float[] c = new float[4];
        assertMessage("aOff must be in [0, a.length = 6], got -1",
                () -> multiply(2, 2, 3, a, -1, 3, 1, b, 0, 2, 1, c, 0, 2));
        assertMessage("bOff must be in [0, b.length = 6], got 7",
                () -> multiply(2, 2, 3, a, 0, 3, 1, b, 7, 2, 1, c, 0, 2));
        assertMessage("cOff must be in [0, c.length = 4], got -2",
                () -> multiply(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, -2, 2));
    }

    @Test
    void rejectsOperandsReachingOutsideTheArrays() {
        final float[] a = new float[6];
        final float[] b = new float[6];
        final float[] c = new float[4];
        assertMessage("A (2x3 at offset 1 with row stride 3 and column stride 1) reaches indices 1..6,"
                + " expected them within [0, a.length = 6)",
                () -> multiply(2, 2, 3, a, 1, 3, 1, b, 0, 2, 1, c, 0, 2));
        assertMessage("B (3x2 at offset 0 with row stride 1 and column stride 4) reaches indices 0..6,"
                + " expected them within [0, b.length = 6)",
                () -> multiply(2, 2, 3, a, 0, 3, 1, b, 0, 1, 4, c, 0, 2));
        assertMessage("A (2x3 at offset 0 with row stride -3 and column stride 1) reaches indices -3..2,"
                + " expected them within [0, a.length = 6)",
                () -> multiply(2, 2, 3, a, 0, -3, 1, b, 0, 2, 1, c, 0, 2));
        assertMessage("C (2x2 at offset 1 with row stride 2 and column stride 1) reaches indices 1..4,"
                + " expected them within [0, c.length = 4)",
                () -> multiply(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 1, 2));
    }

    @Test
    void rejectsCOverlappingAOrB() {
        final float[] x = new float[32];
        Arrays.fill(x, 1f);
        assertMessage("c and a are the same array and C (indices 4..7) overlaps A (indices 0..5); expected disjoint ranges",
                () -> multiply(2, 2, 3, x, 0, 3, 1, x, 20, 2, 1, x, 4, 2));
        assertMessage("c and b are the same array and C (indices 20..23) overlaps B (indices 20..25); expected disjoint ranges",
                () -> multiply(2, 2, 3, x, 0, 3, 1, x, 20, 2, 1, x, 20, 2));
        final float[] expected = x.clone();
        Arrays.fill(expected, 26, 30, 3f);
        multiply(2, 2, 3, x, 0, 3, 1, x, 20, 2, 1, x, 26, 2);
        assertArrayEquals(expected, x, "disjoint parts of one array are fine");
    }

    @Test
    void rejectsNullArrays() {
        final float[] x = new float[8];
        assertThrows(NullPointerException.class, () -> multiply(1, 1, 1, null, 0, 1, 1, x, 0, 1, 1, x, 4, 1));
        assertThrows(NullPointerException.class,
                () -> MatmulKernel.multiplyBatched(1, 1, 1, 1, x, null, 1, 1, x, new int[1], 1, 1, new float[1], new int[1], 1));
    }

    @Test
    void rejectsBadBatches() {
        final float[] a = new float[12];
        final float[] b = new float[12];
        final float[] c = new float[12];
        assertMessage("batch must be non-negative, got -1", () -> MatmulKernel.multiplyBatched(
                -1, 2, 2, 2, a, new int[0], 2, 1, b, new int[0], 2, 1, c, new int[0], 2));
        assertMessage("aOffsets must have batch = 2 entries, got 1", () -> MatmulKernel.multiplyBatched(
                2, 2, 2, 2, a, new int[1], 2, 1, b, new int[2], 2, 1, c, new int[] {0, 4}, 2));
        assertMessage("bOffsets must have batch = 2 entries, got 3", () -> MatmulKernel.multiplyBatched(
                2, 2, 2, 2, a, new int[2], 2, 1, b, new int[3], 2, 1, c, new int[] {0, 4}, 2));
        assertMessage("cOffsets must have batch = 2 entries, got 0", () -> MatmulKernel.multiplyBatched(
                2, 2, 2, 2, a, new int[2], 2, 1, b, new int[2], 2, 1, c, new int[0], 2));
        assertMessage("A[1] (2x2 at offset 10 with row stride 2 and column stride 1) reaches indices 10..13,"
                + " expected them within [0, a.length = 12)", () -> MatmulKernel.multiplyBatched(
                2, 2, 2, 2, a, new int[] {0, 10}, 2, 1, b, new int[2], 2, 1, c, new int[] {0, 4}, 2));
        assertMessage("bOffsets[0] must be in [0, b.length = 12], got -4", () -> MatmulKernel.multiplyBatched(
                2, 2, 2, 2, a, new int[2], 2, 1, b, new int[] {-4, 0}, 2, 1, c, new int[] {0, 4}, 2));
        assertMessage("C blocks at offsets 2 and 5 overlap (each 2x2 with ldc 4); expected disjoint blocks",
                () -> MatmulKernel.multiplyBatched(2, 2, 2, 2, a, new int[2], 2, 1, b, new int[2], 2, 1,
                        c, new int[] {5, 2}, 4));
        assertMessage("c and a are the same array and C (indices 0..7) overlaps A (indices 0..3); expected disjoint ranges",
                () -> MatmulKernel.multiplyBatched(2, 2, 2, 2, a, new int[2], 2, 1, b, new int[2], 2, 1,
                        a, new int[] {0, 4}, 2));
    }

    @Test
    void interleavedBatchBlocksThatDoNotCollideAreAccepted() {
        final float[] a = {1, 2, 3, 4};
        final float[] b = {1, 0, 0, 1};
        final float[] c = new float[8];
        // Two 2x2 identity products written side by side: row r of item i at r*4 + i*2.
        MatmulKernel.multiplyBatched(2, 2, 2, 2, a, new int[] {0, 0}, 2, 1, b, new int[] {0, 0}, 2, 1,
                c, new int[] {0, 2}, 4);
        assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, c);
    }

    // ---------------------------------------------------------------- Parallelism

    @Test
    void setThreadsRejectsLessThanOne() {
        assertMessage("thread count must be at least 1, got 0", () -> Parallelism.setThreads(0));
        assertMessage("thread count must be at least 1, got -3", () -> Parallelism.setThreads(-3));
    }

    @Test
    void runExecutesEveryTaskOnceOnNamedDaemonWorkers() {
        final int saved = Parallelism.threads();
        try {
            Parallelism.setThreads(3);
            assertEquals(3, Parallelism.threads());
            for (int round = 0; round < 50; round++) {
                final AtomicInteger[] counts = new AtomicInteger[37];
                Arrays.setAll(counts, i -> new AtomicInteger());
                final ConcurrentHashMap<String, Boolean> threads = new ConcurrentHashMap<>();
                final Thread caller = Thread.currentThread();
                Parallelism.run(counts.length, i -> {
                    counts[i].incrementAndGet();
                    final Thread t = Thread.currentThread();
                    if (t != caller) {
                        assertTrue(t.isDaemon());
                        threads.put(t.getName(), true);
                    }
                    // Nested parallel calls run inline rather than waiting for a busy pool.
                    Parallelism.run(2, j -> { });
                });
                for (AtomicInteger count : counts) {
                    assertEquals(1, count.get());
                }
                threads.keySet().forEach(name -> assertTrue(name.matches("jgrad-worker-[12]"), name));
            }
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    @Test
    void runRethrowsATaskFailureAfterAllTasksFinish() {
        final int saved = Parallelism.threads();
        try {
            Parallelism.setThreads(2);
            final AtomicInteger done = new AtomicInteger();
            final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallelism.run(8, i -> {
                if (i == 3) {
                    throw new IllegalStateException("task 3");
                }
                done.incrementAndGet();
            }));
            assertEquals("task 3", thrown.getMessage());
            assertEquals(7, done.get());
        } finally {
            Parallelism.setThreads(saved);
        }
    }
}
