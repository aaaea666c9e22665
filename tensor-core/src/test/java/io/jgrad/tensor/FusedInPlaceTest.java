package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * The fused in-place updates the optimizers are built from, against plain loops in double:
 * <ul>
 *   <li>{@code addInPlace(b, s)}: {@code a + s·b}
 *   <li>{@code lerpInPlace(b, s)}: {@code a + s·(b − a)}
 *   <li>{@code addcmulInPlace(b, c, s)}: {@code a + s·b·c}
 *   <li>{@code addcdivInPlace(b, c, s)}: {@code a + s·b/c}
 * </ul>
 * over random shapes (rows past the vector width, with tails), broadcast operands and
 * operands that are transposed, offset, strided or expanded views.
 */
class FusedInPlaceTest {
    enum Op {
        ADD, LERP, ADDCMUL, ADDCDIV;

        double reference(double a, double s, double b, double c) {
            return switch (this) {
                case ADD -> a + s * b;
                case LERP -> a + s * (b - a);
                case ADDCMUL -> a + s * b * c;
                case ADDCDIV -> a + s * b / c;
            };
        }

        void apply(Tensor a, float s, Tensor b, Tensor c) {
            switch (this) {
                case ADD -> a.addInPlace(b, s);
                case LERP -> a.lerpInPlace(b, s);
                case ADDCMUL -> a.addcmulInPlace(b, c, s);
                case ADDCDIV -> a.addcdivInPlace(b, c, s);
            }
        }

        boolean usesC() {
            return this == ADDCMUL || this == ADDCDIV;
        }
    }

    /** How an operand's view is laid out in memory. */
    enum Layout { CONTIGUOUS, TRANSPOSED, OFFSET, STRIDED, EXPANDED }

    /** One operand: its view, and how it was made, for failure reports. */
    record Operand(Tensor view, String recipe) {
        @Override
        public String toString() {
            return recipe + " shape " + view.shape() + " strides " + Arrays.toString(view.strides()) + " offset "
                    + view.offset();
        }
    }

    record Case(Op op, float scalar, Tensor target, Tensor padded, Operand b, Operand c) {
        @Override
        public String toString() {
            return op + "(s=" + scalar + ") on " + target.shape() + (padded != null ? " (a slice with offset "
                    + target.offset() + ")" : "") + " with b " + b + (op.usesC() ? ", c " + c : "");
        }
    }

    private static final float[] SCALARS = {1f, -2.5f, 0.3f, 0f, 1e-3f, -1f};

    private static int draw(RandomnessSource in, int lo, int hi) {
        return Generate.range(lo, hi).generate(in);
    }

    private static float[] values(SplittableRandom random, int n, boolean awayFromZero) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double x = random.nextDouble(-3, 3);
            if (awayFromZero) {
                x = Math.copySign(0.5 + Math.abs(x), x);
            }
            v[i] = (float) x;
        }
        return v;
    }

    private static int numel(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** An operand of {@code dims} laid out as {@code layout}, with values from {@code random}. */
    private static Operand operand(int[] dims, Layout layout, SplittableRandom random, boolean awayFromZero) {
        int rank = dims.length;
        switch (layout) {
            case TRANSPOSED -> {
                if (rank >= 2) {
                    int[] swapped = dims.clone();
                    swapped[rank - 1] = dims[rank - 2];
                    swapped[rank - 2] = dims[rank - 1];
                    Tensor base = Tensor.of(values(random, numel(dims), awayFromZero), swapped);
                    return new Operand(base.transpose(rank - 2, rank - 1), "transposed");
                }
            }
            case OFFSET -> {
                if (rank >= 1) {
                    int[] bigger = dims.clone();
                    bigger[0] += 3;
                    Tensor base = Tensor.of(values(random, numel(bigger), awayFromZero), bigger);
                    return new Operand(base.narrow(0, 2, dims[0]), "narrowed at offset");
                }
            }
            case STRIDED -> {
                if (rank >= 1) {
                    int[] wider = Arrays.copyOf(dims, rank + 1);
                    wider[rank] = 2;
                    Tensor base = Tensor.of(values(random, numel(wider), awayFromZero), wider);
                    return new Operand(base.select(rank, 1), "every other element");
                }
            }
            case EXPANDED -> {
                if (rank >= 1) {
                    int[] one = dims.clone();
                    one[rank - 1] = 1;
                    Tensor base = Tensor.of(values(random, numel(one), awayFromZero), one);
                    return new Operand(base.expand(dims), "expanded along the last dimension");
                }
            }
            default -> {
            }
        }
        return new Operand(Tensor.of(values(random, numel(dims), awayFromZero), dims), "contiguous");
    }

    /** A shape that broadcasts to {@code target}: some leading dimensions dropped, some set to 1. */
    private static int[] broadcastable(RandomnessSource in, int[] target) {
        int drop = draw(in, 0, 3) == 0 ? draw(in, 0, target.length) : 0;
        int[] dims = Arrays.copyOfRange(target, drop, target.length);
        for (int i = 0; i < dims.length; i++) {
            if (draw(in, 0, 4) == 0) {
                dims[i] = 1;
            }
        }
        return dims;
    }

    private static final Gen<Case> CASES = in -> {
        Op op = Op.values()[draw(in, 0, 3)];
        float scalar = SCALARS[draw(in, 0, SCALARS.length - 1)];
        int rank = draw(in, 0, 3);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = i == rank - 1 ? draw(in, 1, 40) : draw(in, 1, 5);
        }
        SplittableRandom random = new SplittableRandom(draw(in, 0, Integer.MAX_VALUE - 1));
        Tensor target;
        Tensor padded = null;
        if (rank >= 1 && draw(in, 0, 2) == 0) {
            // A contiguous slice of a larger tensor: writes must stay inside it.
            int[] bigger = dims.clone();
            bigger[0] += 2;
            padded = Tensor.of(values(random, numel(bigger), false), bigger);
            target = padded.narrow(0, 1, dims[0]);
        } else {
            target = Tensor.of(values(random, numel(dims), false), dims);
        }
        Layout[] layouts = Layout.values();
        Operand b = operand(broadcastable(in, dims), layouts[draw(in, 0, layouts.length - 1)], random, false);
        Operand c = operand(broadcastable(in, dims), layouts[draw(in, 0, layouts.length - 1)], random,
                op == Op.ADDCDIV);
        return new Case(op, scalar, target, padded, b, c);
    };

    /** The element of {@code operand} that broadcasting pairs with {@code index} of the target. */
    private static double broadcastGet(Tensor operand, int[] index) {
        int shift = index.length - operand.rank();
        int[] own = new int[operand.rank()];
        for (int d = 0; d < own.length; d++) {
            own[d] = operand.size(d) == 1 ? 0 : index[d + shift];
        }
        return operand.get(own);
    }

    private static int[] unflatten(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            index[d] = flat % dims[d];
            flat /= dims[d];
        }
        return index;
    }

    private static void check(Case k) {
        Tensor a = k.target();
        int[] dims = a.shape().toArray();
        float[] outsideBefore = k.padded() == null ? null : k.padded().toArray();
        double[] expected = new double[a.numel()];
        double[] scale = new double[a.numel()];
        for (int flat = 0; flat < expected.length; flat++) {
            int[] index = unflatten(flat, dims);
            double x = a.get(index);
            double b = broadcastGet(k.b().view(), index);
            double c = broadcastGet(k.c().view(), index);
            expected[flat] = k.op().reference(x, k.scalar(), b, c);
            scale[flat] = Math.abs(x) + Math.abs(k.op().reference(0, k.scalar(), b, c)) + Math.abs(k.scalar() * x);
        }
        Tensor bBefore = k.b().view().copy();
        Tensor cBefore = k.c().view().copy();
        int version = a.version();
        k.op().apply(a, k.scalar(), k.b().view(), k.c().view());
        assertEquals(version + 1, a.version(), "one version bump per update");
        for (int flat = 0; flat < expected.length; flat++) {
            float actual = a.get(unflatten(flat, dims));
            assertEquals(expected[flat], actual, 1e-6 * scale[flat] + 1e-7,
                    "element " + Arrays.toString(unflatten(flat, dims)));
        }
        assertEquals(bBefore, k.b().view(), "b is read, not written");
        assertEquals(cBefore, k.c().view(), "c is read, not written");
        if (outsideBefore != null) {
            float[] after = k.padded().toArray();
            int sliceStart = a.offset();
            int sliceEnd = sliceStart + a.numel();
            for (int i = 0; i < after.length; i++) {
                if (i < sliceStart || i >= sliceEnd) {
                    assertEquals(outsideBefore[i], after[i], "element " + i + " outside the target slice");
                }
            }
        }
    }

    @Test
    void againstPlainLoopsOverShapesBroadcastsAndLayouts() {
        qt().withFixedSeed(20261126L).withExamples(600).withShrinkCycles(200).forAll(CASES).checkAssert(
                FusedInPlaceTest::check);
    }

    @Test
    void byHand() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertSame(a, a.addInPlace(Tensor.of(new float[] {10, 20}, 2), 0.5f));
        assertEquals(Tensor.of(new float[] {6, 12, 8, 14}, 2, 2), a, "row broadcast: a + 0.5·[10, 20]");
        Tensor l = Tensor.of(new float[] {0, 10}, 2).lerpInPlace(Tensor.of(new float[] {4, 20}, 2), 0.25f);
        assertEquals(Tensor.of(new float[] {1, 12.5f}, 2), l);
        Tensor m = Tensor.ones(3).addcmulInPlace(Tensor.of(new float[] {1, 2, 3}, 3), Tensor.scalar(2f), -1f);
        assertEquals(Tensor.of(new float[] {-1, -3, -5}, 3), m);
        Tensor d = Tensor.zeros(2, 1).addcdivInPlace(Tensor.of(new float[] {3, 6}, 2, 1), Tensor.full(1.5f, 1), 2f);
        assertEquals(Tensor.of(new float[] {4, 8}, 2, 1), d);
        Tensor s = Tensor.scalar(2f).addcdivInPlace(Tensor.scalar(1f), Tensor.scalar(4f), 2f);
        assertEquals(2.5f, s.item(), "rank 0");
    }

    @Test
    void lerpEndpoints() {
        Tensor start = Tensor.of(new float[] {5f, -2f, 0.7f, 9f}, 4);
        Tensor end = Tensor.of(new float[] {0.1f, -7f, 3.3f, 9f}, 4);
        assertEquals(start, start.copy().lerpInPlace(end, 0f), "weight 0 keeps the start");
        // Values whose differences are exact in float, so a + 1·(b − a) is exactly b.
        assertEquals(Tensor.of(new float[] {0.5f, -7f, 3f, 9f}, 4),
                Tensor.of(new float[] {5f, -2f, 1f, 9f}, 4).lerpInPlace(Tensor.of(new float[] {0.5f, -7f, 3f, 9f}, 4), 1f));
    }

    private static void assertThrowsWith(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable e = assertThrows(type, call);
        assertNotNull(e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void overlappingViewsOfTheTargetAreRefusedAndNothingChanges() {
        Tensor base = Tensor.arange(10);
        Tensor a = base.narrow(0, 0, 8);
        Tensor shifted = base.narrow(0, 1, 8);
        Tensor other = Tensor.ones(8);
        int version = base.version();
        assertThrowsWith(IllegalArgumentException.class, () -> a.addInPlace(shifted, 2f), "overlapping", "[8]");
        assertThrowsWith(IllegalArgumentException.class, () -> a.lerpInPlace(shifted, 0.5f), "overlapping");
        assertThrowsWith(IllegalArgumentException.class, () -> a.addcmulInPlace(other, shifted, 1f), "overlapping");
        assertThrowsWith(IllegalArgumentException.class, () -> a.addcdivInPlace(shifted, other, 1f), "overlapping");
        assertThrowsWith(IllegalArgumentException.class, () -> a.addInPlace(base.select(0, 3), 1f), "overlapping");
        Tensor m = Tensor.arange(9).reshape(3, 3);
        assertThrowsWith(IllegalArgumentException.class, () -> m.addcmulInPlace(m.t(), other.narrow(0, 0, 3), 1f),
                "overlapping", "[3, 3]");
        assertEquals(Tensor.arange(10), base, "refused updates write nothing");
        assertEquals(version, base.version(), "and bump no version");
    }

    @Test
    void theTargetItselfAndDisjointViewsAreAllowed() {
        Tensor a = Tensor.of(new float[] {1, -2, 3}, 3);
        a.addInPlace(a, 2f);
        assertEquals(Tensor.of(new float[] {3, -6, 9}, 3), a, "a + 2a");
        a.addcmulInPlace(a, a, 1f);
        assertEquals(Tensor.of(new float[] {12, 30, 90}, 3), a, "a + a²");
        a.addcdivInPlace(a, a, 0.5f);
        assertEquals(Tensor.of(new float[] {12.5f, 30.5f, 90.5f}, 3), a, "a + 0.5·a/a");
        a.lerpInPlace(a, 0.7f);
        assertEquals(Tensor.of(new float[] {12.5f, 30.5f, 90.5f}, 3), a, "lerp to itself");

        Tensor base = Tensor.arange(10);
        Tensor low = base.narrow(0, 0, 5);
        Tensor high = base.narrow(0, 5, 5);
        low.addcmulInPlace(high, high, 1f);
        assertEquals(Tensor.of(new float[] {25, 37, 51, 67, 85, 5, 6, 7, 8, 9}, 10), base, "k + (k + 5)²");
    }

    @Test
    void shapeAndLayoutErrors() {
        Tensor a = Tensor.zeros(3);
        assertThrowsWith(IllegalArgumentException.class, () -> a.addInPlace(Tensor.zeros(2, 3), 1f), "[2, 3]", "[3]");
        assertThrowsWith(IllegalArgumentException.class, () -> a.lerpInPlace(Tensor.zeros(4), 1f), "[4]", "[3]");
        assertThrowsWith(IllegalArgumentException.class, () -> a.addcmulInPlace(Tensor.zeros(3), Tensor.zeros(2), 1f),
                "[2]", "[3]");
        assertThrowsWith(IllegalArgumentException.class, () -> a.addcdivInPlace(Tensor.zeros(5), Tensor.ones(3), 1f),
                "[5]", "[3]");
        Tensor transposed = Tensor.zeros(3, 4).t();
        assertThrowsWith(IllegalStateException.class, () -> transposed.addInPlace(Tensor.ones(4, 3), 1f),
                "contiguous", "[4, 3]");
        assertThrowsWith(IllegalStateException.class, () -> transposed.addcdivInPlace(Tensor.ones(1), Tensor.ones(1), 1f),
                "contiguous");
        assertEquals(Tensor.zeros(3), a);
    }

    @Test
    void everyUpdateBumpsTheVersionOnceAndOnlyTheTargets() {
        Tensor a = Tensor.ones(5);
        Tensor b = Tensor.full(2f, 5);
        Tensor c = Tensor.full(4f, 5);
        Tensor view = a.narrow(0, 1, 2);
        int av = a.version();
        int bv = b.version();
        int cv = c.version();
        a.addInPlace(b, 1f);
        a.lerpInPlace(b, 0.5f);
        a.addcmulInPlace(b, c, 1f);
        a.addcdivInPlace(b, c, 1f);
        assertEquals(av + 4, a.version());
        assertEquals(a.version(), view.version(), "views share the storage's counter");
        assertEquals(bv, b.version());
        assertEquals(cv, c.version());
    }
}
