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
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Element-wise operations on tensors large enough for {@link StridedLoop#forEachRowInParallel}
 * to split them over {@link Parallelism}'s threads: binary ops ({@code zip}), unary ops
 * ({@code map}, {@code copy}, {@code contiguous}) and the in-place ops (fused scaled updates,
 * in-place binary ops, {@code copyFrom}), against plain float loops written here, bit for bit,
 * under 1 and 2 threads (and 3 for random shapes).
 *
 * <p>The layouts cover each way the loop is cut: one long contiguous row cut into pieces of whole
 * vectors (an odd length, so the last piece ends in a partial vector); many rows split between
 * threads, the boundaries falling inside an outer dimension; row- and column-broadcast
 * operands; transposed and permuted operands, whose rows are strided; and fewer rows than
 * pieces, where every row is cut, with a strided and a broadcast inner dimension and an
 * output that starts at an offset in its storage.
 *
 * <p>Expected values come from each operand's source array through index arithmetic written
 * out here, checked against {@link Tensor#get(int...)}; results are read with
 * {@link Tensor#toArray()}, which copies a contiguous result without running a kernel.
 */
class ParallelElementwiseTest {
    /**
     * The smallest element count that forEachRowInParallel cuts into two pieces: it makes
     * {@code min(2 * threads, numel / 2^18)} pieces and stays on one thread below two.
     */
    private static final int PARALLEL = 1 << 19;
    /**
     * One thread and two. Both split the loop, into {@code min(2 * threads, numel / 2^18)}
     * pieces, so from {@code 3 * 2^18} elements on the two splits differ.
     */
    private static final int[] THREADS = {1, 2};
    /** With a third thread, loops of {@code 5 * 2^18} elements or more are cut into yet other pieces. */
    private static final int[] MORE_THREADS = {1, 2, 3};

    @FunctionalInterface
    interface FloatBinary {
        float apply(float x, float y);
    }

    @FunctionalInterface
    interface FloatUnary {
        float apply(float x);
    }

    @FunctionalInterface
    interface FloatTernary {
        float apply(float target, float b, float c);
    }

    @FunctionalInterface
    interface InPlace {
        void apply(Tensor target, Tensor b, Tensor c);
    }

    interface Named {
        String name();
    }

    record BinaryCase(String name, BinaryOperator<Tensor> op, FloatBinary reference) implements Named {
    }

    record UnaryCase(String name, UnaryOperator<Tensor> op, FloatUnary reference) implements Named {
    }

    record InPlaceCase(String name, InPlace op, FloatTernary reference) implements Named {
    }

    /** Exactly rounded (or exact) operations, so the float loop is the definition. */
    private static final List<BinaryCase> BINARY = List.of(
            new BinaryCase("add", Tensor::add, (x, y) -> x + y),
            new BinaryCase("sub", Tensor::sub, (x, y) -> x - y),
            new BinaryCase("mul", Tensor::mul, (x, y) -> x * y),
            new BinaryCase("div", Tensor::div, (x, y) -> x / y),
            new BinaryCase("maximum", Tensor::maximum, Math::max),
            new BinaryCase("minimum", Tensor::minimum, Math::min),
            new BinaryCase("eq", Tensor::eq, (x, y) -> x == y ? 1f : 0f),
            new BinaryCase("ne", Tensor::ne, (x, y) -> x != y ? 1f : 0f),
            new BinaryCase("lt", Tensor::lt, (x, y) -> x < y ? 1f : 0f),
            new BinaryCase("le", Tensor::le, (x, y) -> x <= y ? 1f : 0f),
            new BinaryCase("gt", Tensor::gt, (x, y) -> x > y ? 1f : 0f),
            new BinaryCase("ge", Tensor::ge, (x, y) -> x >= y ? 1f : 0f));

    /**
     * exp, sigmoid and tanh use the scalar forms of the kernels' own functions, which the vector
     * forms match bit for bit.
     */
    private static final List<UnaryCase> UNARY = List.of(
            new UnaryCase("copy", Tensor::copy, x -> x),
            new UnaryCase("contiguous", Tensor::contiguous, x -> x),
            new UnaryCase("neg", Tensor::neg, x -> -x),
            new UnaryCase("abs", Tensor::abs, Math::abs),
            new UnaryCase("relu", Tensor::relu, x -> Math.max(x, 0f)),
            new UnaryCase("sqrt", Tensor::sqrt, x -> (float) Math.sqrt(x)),
            new UnaryCase("rsqrt", Tensor::rsqrt, x -> 1f / (float) Math.sqrt(x)),
            new UnaryCase("exp", Tensor::exp, Transcendental::exp),
            new UnaryCase("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Transcendental.exp(-x))),
            new UnaryCase("tanh", Tensor::tanh, Transcendental::tanh));

    private static final List<InPlaceCase> IN_PLACE = List.of(
            new InPlaceCase("addInPlace(b, -0.75)", (t, b, c) -> t.addInPlace(b, -0.75f), (x, y, z) -> x + -0.75f * y),
            new InPlaceCase("lerpInPlace(b, 0.3)", (t, b, c) -> t.lerpInPlace(b, 0.3f), (x, y, z) -> x + 0.3f * (y - x)),
            new InPlaceCase("addcmulInPlace(b, c, -1.25)", (t, b, c) -> t.addcmulInPlace(b, c, -1.25f),
                    (x, y, z) -> x + -1.25f * y * z),
            new InPlaceCase("addcdivInPlace(b, c, 0.1)", (t, b, c) -> t.addcdivInPlace(b, c, 0.1f),
                    (x, y, z) -> x + 0.1f * y / z),
            new InPlaceCase("addInPlace(b)", (t, b, c) -> t.addInPlace(b), (x, y, z) -> x + y),
            new InPlaceCase("mulInPlace(c)", (t, b, c) -> t.mulInPlace(c), (x, y, z) -> x * z),
            new InPlaceCase("copyFrom(b)", (t, b, c) -> t.copyFrom(b), (x, y, z) -> y));

    /*
     * Every op reaches the loop the same way, so the full lists run on one layout, and these
     * subsets (each kind of kernel: arithmetic, comparison, transcendental, copy, fused) on the
     * others, to keep the test fast.
     */
    private static final List<BinaryCase> BINARY_CORE = pick(BINARY, "add", "div", "maximum", "lt");
    private static final List<UnaryCase> UNARY_CORE = pick(UNARY, "copy", "relu", "exp");
    private static final List<InPlaceCase> IN_PLACE_CORE = pick(IN_PLACE, "lerpInPlace(b, 0.3)",
            "addcmulInPlace(b, c, -1.25)", "addcdivInPlace(b, c, 0.1)", "mulInPlace(c)", "copyFrom(b)");

    private static <T extends Named> List<T> pick(List<T> cases, String... names) {
        List<T> picked = cases.stream().filter(c -> Arrays.asList(names).contains(c.name())).toList();
        if (picked.size() != names.length) {
            throw new AssertionError("unknown case among " + Arrays.toString(names));
        }
        return picked;
    }

    // ------------------------------------------------------------ operands

    /**
     * An operand: its view, and its elements broadcast to the shape of the operation, in
     * row-major order, worked out from the source array by the index arithmetic of the recipe.
     */
    record Operand(String recipe, Tensor view, float[] expanded) {
        @Override
        public String toString() {
            return recipe + " (shape " + view.shape() + ", strides " + Arrays.toString(view.strides()) + ", offset "
                    + view.offset() + ")";
        }
    }

    /** Mostly uniform in [-4, 4), with whole numbers and signed zeros for ties, and some wide values for exp. */
    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(16);
            v[i] = switch (pick) {
                case 0 -> -0.0f;
                case 1 -> 0f;
                case 2, 3 -> random.nextInt(-2, 3);
                case 4 -> (float) random.nextDouble(-120, 120);
                default -> (float) random.nextDouble(-4, 4);
            };
        }
        return v;
    }

    /** A contiguous tensor of {@code shape}. */
    private static Operand contiguous(SplittableRandom random, int... shape) {
        float[] data = values(random, numel(shape));
        return new Operand("contiguous " + Arrays.toString(shape), Tensor.of(data, shape), data);
    }

    /** {@code rows x cols} as the transpose of a contiguous {@code cols x rows}: its rows have stride {@code rows}. */
    private static Operand transposed(SplittableRandom random, int rows, int cols) {
        float[] base = values(random, rows * cols);
        float[] e = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                e[i * cols + j] = base[j * rows + i];
            }
        }
        return new Operand("transpose of contiguous [" + cols + ", " + rows + "]", Tensor.of(base, cols, rows).t(), e);
    }

    /** {@code rows x cols} narrowed from {@code rows x (cols + extra)} at column {@code start}: padded rows. */
    private static Operand narrowedColumns(SplittableRandom random, int rows, int cols, int extra, int start) {
        int wide = cols + extra;
        float[] base = values(random, rows * wide);
        float[] e = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(base, i * wide + start, e, i * cols, cols);
        }
        return new Operand("narrow(1, " + start + ", " + cols + ") of contiguous [" + rows + ", " + wide + "]",
                Tensor.of(base, rows, wide).narrow(1, start, cols), e);
    }

    /** A {@code rows x 1} column, broadcast along the columns of {@code rows x cols}. */
    private static Operand column(SplittableRandom random, int rows, int cols) {
        float[] col = values(random, rows);
        float[] e = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            Arrays.fill(e, i * cols, (i + 1) * cols, col[i]);
        }
        return new Operand("column [" + rows + ", 1]", Tensor.of(col, rows, 1), e);
    }

    /** A {@code 1 x cols} row, broadcast along the rows of {@code rows x cols}. */
    private static Operand row(SplittableRandom random, int rows, int cols) {
        float[] r = values(random, cols);
        float[] e = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(r, 0, e, i * cols, cols);
        }
        return new Operand("row [1, " + cols + "]", Tensor.of(r, 1, cols), e);
    }

    /** Every element of {@code a} checked through {@code get}, against its expanded array, at a sample of positions. */
    private static void assertExpandedMatchesGet(Operand a, int[] shape) {
        Tensor wide = a.view().expand(shape);
        int n = numel(shape);
        SplittableRandom random = new SplittableRandom(n);
        for (int k = 0; k < 3000; k++) {
            int flat = k < 1000 ? (k < 500 ? k : n - 1000 + k) : random.nextInt(n);
            int[] idx = unflatten(flat, shape);
            float viaGet = wide.get(idx);
            if (Float.floatToIntBits(viaGet) != Float.floatToIntBits(a.expanded()[flat])) {
                fail("test setup: " + a + " at " + Arrays.toString(idx) + " reads " + viaGet + " but the recipe says "
                        + a.expanded()[flat]);
            }
        }
    }

    // ------------------------------------------------------------ targets of in-place ops

    /**
     * The tensor an in-place op writes: a contiguous slice of a contiguous base, at {@code offset}
     * in its storage (0 when the slice is the whole base). The base is checked after the op, so
     * that writes outside the slice show up too.
     */
    record Target(String recipe, int[] baseShape, float[] baseData, UnaryOperator<Tensor> slice, int offset) {
        Tensor fresh() {
            return Tensor.of(baseData, baseShape);
        }

        @Override
        public String toString() {
            return recipe;
        }
    }

    private static Target whole(SplittableRandom random, int... shape) {
        return new Target("contiguous " + Arrays.toString(shape), shape, values(random, numel(shape)), t -> t, 0);
    }

    /** Rows {@code [1, 1 + rows)} of a contiguous {@code (rows + 2) x cols}: contiguous, at offset {@code cols}. */
    private static Target middleRows(SplittableRandom random, int rows, int cols) {
        int[] base = {rows + 2, cols};
        return new Target("narrow(0, 1, " + rows + ") of contiguous " + Arrays.toString(base), base,
                values(random, numel(base)), t -> t.narrow(0, 1, rows), cols);
    }

    // ------------------------------------------------------------ running and comparing

    /**
     * Runs {@code compute} under every thread count in {@link #THREADS} (or {@code threadCounts}) and checks its result
     * against {@code expected}, and against the one-thread result, bit for bit.
     */
    private static void checkEveryThreadCount(String what, int[] shape, float[] expected, Supplier<Tensor> compute) {
        checkEveryThreadCount(THREADS, what, shape, expected, compute);
    }

    private static void checkEveryThreadCount(int[] threadCounts, String what, int[] shape, float[] expected,
            Supplier<Tensor> compute) {
        int saved = Parallelism.threads();
        float[] single = null;
        try {
            for (int threads : threadCounts) {
                Parallelism.setThreads(threads);
                Tensor result = compute.get();
                assertArrayEquals(shape, result.shape().toArray(), () -> "shape of " + what);
                float[] got = result.toArray();
                if (single == null) {
                    single = got;
                } else {
                    assertSameBits(single, got, shape, what + ": " + threads + " threads against 1 thread");
                }
                assertSameBits(expected, got, shape, what + " with " + threads + " threads against the scalar loop");
            }
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    private static void assertSameBits(float[] expected, float[] actual, int[] shape, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                int wrong = 0;
                for (int j = i; j < expected.length; j++) {
                    wrong += Float.floatToIntBits(expected[j]) != Float.floatToIntBits(actual[j]) ? 1 : 0;
                }
                fail(what + ": first difference at flat " + i + " " + Arrays.toString(unflatten(i, shape)) + " of "
                        + Arrays.toString(shape) + ", expected " + expected[i] + ", got " + actual[i] + " (" + wrong
                        + " elements differ)");
            }
        }
    }

    /**
     * The binary ops on {@code (a, b)}, the unary ops on {@code u} and the in-place ops on
     * {@code target} with {@code (tb, tc)}: the full lists, or the core subsets.
     */
    private static void checkAll(boolean full, int[] shape, Operand a, Operand b, Operand u, Target target, Operand tb,
            Operand tc) {
        assertTrue(numel(shape) >= PARALLEL, "test setup: " + Arrays.toString(shape) + " is below the parallel size");
        for (Operand o : new Operand[] {a, b, u, tb, tc}) {
            assertExpandedMatchesGet(o, shape);
        }
        checkBinary(full ? BINARY : BINARY_CORE, shape, a, b);
        checkUnary(full ? UNARY : UNARY_CORE, shape, u);
        checkInPlace(full ? IN_PLACE : IN_PLACE_CORE, shape, target, tb, tc);
    }

    private static void checkBinary(List<BinaryCase> ops, int[] shape, Operand a, Operand b) {
        int n = numel(shape);
        for (BinaryCase op : ops) {
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = op.reference().apply(a.expanded()[i], b.expanded()[i]);
            }
            checkEveryThreadCount(op.name() + " of " + a + " and " + b, shape, expected,
                    () -> op.op().apply(a.view(), b.view()));
        }
    }

    private static void checkUnary(List<UnaryCase> ops, int[] shape, Operand u) {
        int n = numel(shape);
        Tensor input = Arrays.equals(u.view().shape().toArray(), shape) ? u.view() : u.view().expand(shape);
        for (UnaryCase op : ops) {
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = op.reference().apply(u.expanded()[i]);
            }
            checkEveryThreadCount(op.name() + " of " + u + (input == u.view() ? "" : " expanded to " + Arrays.toString(shape)),
                    shape, expected, () -> op.op().apply(input));
        }
    }

    private static void checkInPlace(List<InPlaceCase> ops, int[] shape, Target target, Operand b, Operand c) {
        int n = numel(shape);
        Tensor probe = target.slice().apply(target.fresh());
        assertArrayEquals(shape, probe.shape().toArray(), "test setup: shape of " + target);
        assertTrue(probe.isContiguous(), "test setup: " + target + " is contiguous");
        assertEquals(target.offset(), probe.offset(), "test setup: offset of " + target);
        for (InPlaceCase op : ops) {
            float[] expected = target.baseData().clone();
            for (int i = 0; i < n; i++) {
                int at = target.offset() + i;
                expected[at] = op.reference().apply(target.baseData()[at], b.expanded()[i], c.expanded()[i]);
            }
            checkEveryThreadCount(op.name() + " on " + target + " with b " + b + ", c " + c, target.baseShape(), expected,
                    () -> {
                        Tensor base = target.fresh();
                        op.op().apply(target.slice().apply(base), b.view(), c.view());
                        return base;
                    });
        }
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    // ------------------------------------------------------------ layouts

    /** One contiguous row of odd length: every operand merges into a single row, cut into pieces of whole vectors. */
    @Test
    void oneLongContiguousRowIsCutIntoPieces() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 1_100_001;
        int[] shape = {n};
        Operand a = contiguous(random, n);
        // Offset 3 of a longer vector: contiguous, but not starting on a vector boundary of its storage.
        float[] longer = values(random, n + 7);
        Operand b = new Operand("narrow(0, 3, " + n + ") of contiguous [" + (n + 7) + "]",
                Tensor.of(longer, n + 7).narrow(0, 3, n), Arrays.copyOfRange(longer, 3, 3 + n));
        float s = 1.5f;
        float[] filled = new float[n];
        Arrays.fill(filled, s);
        Operand scalar = new Operand("scalar " + s, Tensor.scalar(s), filled);
        checkAll(true, shape, a, b, b, whole(random, n), a, b);
        // A scalar operand has stride 0 in the one row.
        checkBinary(BINARY_CORE, shape, b, scalar);
        checkInPlace(IN_PLACE_CORE, shape, whole(random, n), scalar, a);
    }

    /**
     * Many rows: padded rows keep the two outer dims from merging into the row, so 2100 rows of
     * 401 are split at row 1050 (1 thread, 2 pieces) or at rows 700 and 1400 (2 threads, 3
     * pieces), each inside dimension 1; a leading broadcast keeps all three dims apart in the
     * in-place ops.
     */
    @Test
    void manyRowsAreSplitBetweenThreads() {
        SplittableRandom random = new SplittableRandom(2);
        int[] shape = {7, 300, 401};
        Operand a = contiguous(random, shape);
        int wide = 409;
        float[] base = values(random, 7 * 300 * wide);
        float[] e = new float[numel(shape)];
        for (int r = 0; r < 7 * 300; r++) {
            System.arraycopy(base, r * wide + 5, e, r * 401, 401);
        }
        Operand padded = new Operand("narrow(2, 5, 401) of contiguous [7, 300, 409]",
                Tensor.of(base, 7, 300, wide).narrow(2, 5, 401), e);
        float[] plane = values(random, 300 * 401);
        float[] pe = new float[numel(shape)];
        for (int i = 0; i < 7; i++) {
            System.arraycopy(plane, 0, pe, i * plane.length, plane.length);
        }
        Operand leading = new Operand("[300, 401] broadcast over dim 0", Tensor.of(plane, 300, 401), pe);
        checkAll(false, shape, a, padded, padded, whole(random, shape), padded, leading);
    }

    /** Row broadcasts: a [1800, 1] column and a [1, 450] row against [1800, 450], in every combination. */
    @Test
    void rowAndColumnBroadcastOperands() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 1800, cols = 450;
        int[] shape = {rows, cols};
        Operand col = column(random, rows, cols);
        Operand full = contiguous(random, rows, cols);
        Operand row = row(random, rows, cols);
        checkAll(false, shape, col, full, col, whole(random, shape), col, row);
        checkBinary(BINARY_CORE, shape, full, row);
        checkBinary(BINARY_CORE, shape, col, row);
        checkUnary(UNARY_CORE, shape, row);
        checkInPlace(IN_PLACE_CORE, shape, whole(random, shape), row, full);
    }

    /**
     * Transposed and permuted operands: strided rows, split between threads. (The transpose is
     * of a wide matrix, so that reading it down its columns stays in cache.)
     */
    @Test
    void transposedAndPermutedOperands() {
        SplittableRandom random = new SplittableRandom(4);
        int rows = 4000, cols = 200;
        int[] shape = {rows, cols};
        Operand t = transposed(random, rows, cols);
        Operand full = contiguous(random, rows, cols);
        Operand t2 = transposed(random, rows, cols);
        checkAll(false, shape, t, full, t, whole(random, shape), t, t2);

        // [150, 60, 100] as permute(2, 0, 1) of a contiguous [60, 100, 150]: element (i, j, k) is base[j][k][i].
        int[] shape3 = {150, 60, 100};
        float[] base = values(random, numel(shape3));
        float[] e = new float[numel(shape3)];
        for (int i = 0; i < 150; i++) {
            for (int j = 0; j < 60; j++) {
                for (int k = 0; k < 100; k++) {
                    e[(i * 60 + j) * 100 + k] = base[(j * 100 + k) * 150 + i];
                }
            }
        }
        Operand p = new Operand("permute(2, 0, 1) of contiguous [60, 100, 150]", Tensor.of(base, 60, 100, 150).permute(2, 0, 1), e);
        Operand full3 = contiguous(random, shape3);
        checkAll(false, shape3, full3, p, p, whole(random, shape3), p, full3);
    }

    /**
     * Fewer rows than pieces: every row is cut into pieces of whole vectors. The operands have
     * padded rows (so the rows do not merge), a strided inner dimension (a transpose) and a
     * broadcast one (a column); the in-place target starts one row into its storage.
     */
    @Test
    void fewerRowsThanPiecesCutEveryRow() {
        SplittableRandom random = new SplittableRandom(5);
        // 3 rows against 2 pieces (1 thread) or 4 (2 threads): 2 per row; 2 rows against 2 or 3 pieces.
        for (int[] shape : new int[][] {{3, 350_001}, {2, 400_001}}) {
            int rows = shape[0], cols = shape[1];
            Operand padded = narrowedColumns(random, rows, cols, 6, 1);
            Operand t = transposed(random, rows, cols);
            Operand col = column(random, rows, cols);
            Target target = middleRows(random, rows, cols);
            checkAll(false, shape, padded, t, padded, target, t, col);
            if (rows == 3) {
                checkBinary(BINARY_CORE, shape, padded, col);
                checkUnary(UNARY_CORE, shape, t);
                checkInPlace(IN_PLACE_CORE, shape, target, col, padded);
            }
        }
    }

    /** In-place ops need a contiguous target; a large transposed one is rejected before anything is written. */
    @Test
    void inPlaceOnANonContiguousTargetIsRejected() {
        SplittableRandom random = new SplittableRandom(6);
        int rows = 1000, cols = 900;
        Operand t = transposed(random, rows, cols);
        Operand full = contiguous(random, rows, cols);
        float[] before = Arrays.copyOf(t.expanded(), t.expanded().length);
        assertThrows(IllegalStateException.class, () -> t.view().addcmulInPlace(full.view(), full.view(), 2f));
        assertThrows(IllegalStateException.class, () -> t.view().lerpInPlace(full.view(), 0.5f));
        assertThrows(IllegalStateException.class, () -> t.view().addInPlace(full.view()));
        assertThrows(IllegalStateException.class, () -> t.view().copyFrom(full.view()));
        assertExpandedMatchesGet(new Operand(t.recipe(), t.view(), before), new int[] {rows, cols});
    }

    /**
     * The layouts above do take the parallel path: after a large loop the pool's workers exist,
     * after a small one they do not (the pool is started by the first parallel run).
     */
    @Test
    void largeLoopsStartTheWorkersAndSmallOnesDoNot() throws InterruptedException {
        int saved = Parallelism.threads();
        try {
            Parallelism.setThreads(1); // shuts down any pool left by earlier tests
            for (Thread w : workers()) {
                w.join(10_000);
            }
            assertTrue(workers().isEmpty(), "the workers of an earlier pool should have stopped");
            Parallelism.setThreads(3);
            Tensor small = Tensor.ones(100_000);
            small.add(small).exp();
            small.addcmulInPlace(small.copy(), small.copy(), 0.5f);
            assertTrue(workers().isEmpty(), "a loop of 100000 elements should stay on the calling thread");
            Tensor large = Tensor.ones(PARALLEL + 1);
            large.add(large);
            List<String> names = workers().stream().map(Thread::getName).sorted().toList();
            assertEquals(List.of("jgrad-worker-1", "jgrad-worker-2"), names,
                    "a loop of " + (PARALLEL + 1) + " elements with 3 threads should start the pool");
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    private static List<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("jgrad-worker-")).toList();
    }

    /**
     * Random row counts (1 to 9, around the piece counts) and odd row lengths, with a second
     * operand contiguous, transposed, padded or a broadcast column: add, exp and addcmulInPlace.
     */
    @Test
    void randomLargeShapes() {
        qt().withFixedSeed(20250611L).withExamples(6).withShrinkCycles(20)
                .forAll(integers().between(1, 9), integers().between(PARALLEL, 3 * PARALLEL), integers().between(0, 3),
                        longs().all())
                .checkAssert((rows, size, layout, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    int cols = Math.max(PARALLEL / rows + 1, size / rows) | 1;
                    int[] shape = {rows, cols};
                    Operand a = contiguous(random, rows, cols);
                    Operand b = switch (layout) {
                        case 0 -> contiguous(random, rows, cols);
                        case 1 -> transposed(random, rows, cols);
                        case 2 -> narrowedColumns(random, rows, cols, 3, 2);
                        default -> column(random, rows, cols);
                    };
                    assertExpandedMatchesGet(b, shape);
                    int n = rows * cols;
                    float[] sum = new float[n];
                    float[] exp = new float[n];
                    for (int i = 0; i < n; i++) {
                        sum[i] = a.expanded()[i] + b.expanded()[i];
                        exp[i] = Transcendental.exp(b.expanded()[i]);
                    }
                    checkEveryThreadCount(MORE_THREADS, "add of " + a + " and " + b, shape, sum, () -> a.view().add(b.view()));
                    Tensor bFull = b.view().expand(shape);
                    checkEveryThreadCount(MORE_THREADS, "exp of " + b, shape, exp, bFull::exp);
                    Target target = middleRows(random, rows, cols);
                    float[] expected = target.baseData().clone();
                    for (int i = 0; i < n; i++) {
                        int at = target.offset() + i;
                        expected[at] = target.baseData()[at] + 0.5f * b.expanded()[i] * a.expanded()[i];
                    }
                    checkEveryThreadCount(MORE_THREADS, "addcmulInPlace(b, a, 0.5) on " + target + " with b " + b, target.baseShape(),
                            expected, () -> {
                                Tensor base = target.fresh();
                                target.slice().apply(base).addcmulInPlace(b.view(), a.view(), 0.5f);
                                return base;
                            });
                });
    }
}
