package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.assertShape;
import static io.jgrad.tensor.Generators.draw;
import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Generators.Sample;
import io.jgrad.tensor.Generators.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * View operations against index arithmetic: each result element must be the base element its
 * index maps to, every view must share storage (a write through {@code set} shows up in the
 * base), and reshape must be a view exactly when some strides can express the new shape.
 */
class ViewTest {
    private static final int EXAMPLES = 1000;

    /** A view sample plus the arguments of the operation under test. */
    record Case(Sample base, int[] args) {
        @Override
        public String toString() {
            return base + " with arguments " + Arrays.toString(args);
        }
    }

    private static Gen<Case> cases(int minRank, int maxRank, BiFunction<RandomnessSource, int[], int[]> args) {
        return in -> {
            Sample s = Generators.views(minRank, maxRank, Values.UNIFORM).generate(in);
            return new Case(s, args.apply(in, Reference.shapeOf(s.tensor())));
        };
    }

    // ------------------------------------------------------------ storage positions from metadata

    /** Where element {@code idx} of {@code t} lives in its storage, from its public strides and offset. */
    static int position(Tensor t, int[] idx) {
        int[] strides = t.strides();
        int p = t.offset();
        for (int d = 0; d < idx.length; d++) {
            p += idx[d] * strides[d];
        }
        return p;
    }

    static int[] unflatten(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /**
     * Asserts that {@code view} is a view of {@code base} whose element {@code idx} is the base
     * element {@code toBase(idx)}: values agree, storage is shared, and a write through the view
     * lands in the base (and bumps the version both see).
     */
    static void assertViewOf(Tensor base, Tensor view, UnaryOperator<int[]> toBase, Object context) {
        assertTrue(view.sharesStorageWith(base), () -> "a view must share storage: " + context);
        Reference.forEachIndex(Reference.shapeOf(view), idx -> {
            float v = view.get(idx);
            float b = base.get(toBase.apply(idx));
            assertEquals(Float.floatToIntBits(b), Float.floatToIntBits(v),
                    () -> "at " + Arrays.toString(idx) + ": view has " + v + ", base has " + b + " for " + context);
        });
        int n = view.numel();
        if (n == 0) {
            return;
        }
        int[] shape = Reference.shapeOf(view);
        for (int flat : new int[] {0, n / 2, n - 1}) {
            int[] idx = unflatten(shape, flat);
            int before = base.version();
            float marker = 1000f + flat;
            view.set(marker, idx);
            assertEquals(marker, base.get(toBase.apply(idx)), () -> "write through the view at " + Arrays.toString(idx)
                    + " must show in the base for " + context);
            assertTrue(base.version() > before, "set must bump the version");
            assertEquals(base.version(), view.version(), "views share one version counter");
        }
    }

    // ------------------------------------------------------------ properties

    @Test
    void generatedSamplesHaveTheRequestedShapeAndReadThroughStrides() {
        theory(101, EXAMPLES).forAll(Generators.shapes().flatMap(shape -> Generators.views(shape, Values.UNIFORM)
                .map(s -> new Case(s, shape)))).checkAssert(c -> {
                    Tensor t = c.base().tensor();
                    assertShape(c.args(), t, c);
                    float[] data = t.data();
                    Reference.forEachIndex(c.args(), idx ->
                            assertEquals(data[position(t, idx)], t.get(idx), () -> "get" + Arrays.toString(idx) + " of " + c));
                });
    }

    @Test
    void isContiguousExactlyWhenElementsLieInRowMajorOrderWithoutGaps() {
        theory(102, EXAMPLES).forAll(Generators.views(Values.UNIFORM)).checkAssert(s -> {
            Tensor t = s.tensor();
            boolean rowMajor = true;
            int[] shape = Reference.shapeOf(t);
            for (int flat = 0; flat < t.numel(); flat++) {
                rowMajor &= position(t, unflatten(shape, flat)) == t.offset() + flat;
            }
            assertEquals(rowMajor, t.isContiguous(), () -> "isContiguous of " + s);
        });
    }

    @Test
    void permuteMovesDimensions() {
        theory(103, EXAMPLES).forAll(cases(0, 4, (in, shape) -> Generators.permutation(in, shape.length)))
                .checkAssert(c -> {
                    Tensor base = c.base().tensor();
                    int[] order = c.args();
                    Tensor p = base.permute(order);
                    int[] expected = new int[order.length];
                    for (int i = 0; i < order.length; i++) {
                        expected[i] = base.size(order[i]);
                    }
                    assertShape(expected, p, c);
                    assertViewOf(base, p, idx -> {
                        int[] b = new int[idx.length];
                        for (int i = 0; i < idx.length; i++) {
                            b[order[i]] = idx[i];
                        }
                        return b;
                    }, c);
                });
    }

    @Test
    void transposeSwapsTwoDimensionsGivenFromEitherEnd() {
        theory(104, EXAMPLES).forAll(cases(1, 4, (in, shape) -> new int[] {
            draw(in, -shape.length, shape.length - 1), draw(in, -shape.length, shape.length - 1)})).checkAssert(c -> {
                Tensor base = c.base().tensor();
                int r = base.rank();
                int a = Math.floorMod(c.args()[0], r), b = Math.floorMod(c.args()[1], r);
                Tensor t = base.transpose(c.args()[0], c.args()[1]);
                assertViewOf(base, t, idx -> {
                    int[] s = idx.clone();
                    s[a] = idx[b];
                    s[b] = idx[a];
                    return s;
                }, c);
                if (r == 2) {
                    assertArrayEquals(Checks.bits(base.transpose(0, 1)), Checks.bits(base.t()), "t() of a matrix");
                }
            });
    }

    @Test
    void narrowTakesASliceFromAnyStart() {
        theory(105, EXAMPLES).forAll(cases(1, 4, (in, shape) -> {
            int d = draw(in, 0, shape.length - 1);
            int length = draw(in, 0, shape[d]);
            int start = draw(in, 0, shape[d] - length);
            // Sometimes the same start counted from the end.
            boolean fromEnd = Generators.coin(in, 30) && start < shape[d];
            return new int[] {d - (Generators.coin(in, 30) ? shape.length : 0), fromEnd ? start - shape[d] : start, length, start};
        })).checkAssert(c -> {
            Tensor base = c.base().tensor();
            int dim = c.args()[0], d = Math.floorMod(dim, base.rank());
            int start = c.args()[3];
            Tensor n = base.narrow(dim, c.args()[1], c.args()[2]);
            int[] expected = Reference.shapeOf(base);
            expected[d] = c.args()[2];
            assertShape(expected, n, c);
            assertViewOf(base, n, idx -> {
                int[] b = idx.clone();
                b[d] += start;
                return b;
            }, c);
        });
    }

    @Test
    void selectRemovesADimensionAtAnIndex() {
        theory(106, EXAMPLES).forAll(cases(1, 4, (in, shape) -> {
            int d = draw(in, 0, shape.length - 1);
            if (shape[d] == 0) {
                return new int[] {d, -1, -1};
            }
            int i = draw(in, 0, shape[d] - 1);
            return new int[] {d, Generators.coin(in, 30) ? i - shape[d] : i, i};
        })).checkAssert(c -> {
            Tensor base = c.base().tensor();
            int d = c.args()[0];
            if (c.args()[2] < 0) {
                return;
            }
            Tensor s = base.select(d, c.args()[1]);
            assertShape(Reference.remove(Reference.shapeOf(base), d), s, c);
            assertViewOf(base, s, idx -> Reference.insert(idx, d, c.args()[2]), c);
        });
    }

    @Test
    void expandRepeatsSizeOneDimensionsWithoutCopying() {
        theory(107, EXAMPLES).forAll(in -> {
            Sample s = Generators.views(0, 3, Values.UNIFORM).generate(in);
            int[] shape = Reference.shapeOf(s.tensor());
            int lead = draw(in, 0, 2);
            int[] target = new int[lead + shape.length];
            for (int i = 0; i < target.length; i++) {
                int own = i < lead ? 1 : shape[i - lead];
                int pick = draw(in, 0, 9);
                // -1 keeps an existing dimension; a size-1 one may grow.
                target[i] = i >= lead && pick < 2 ? -1 : own == 1 ? draw(in, 0, 5) : own;
            }
            return new Case(s, target);
        }).checkAssert(c -> {
            Tensor base = c.base().tensor();
            int[] baseShape = Reference.shapeOf(base);
            int lead = c.args().length - baseShape.length;
            Tensor e = base.expand(c.args());
            int[] expected = c.args().clone();
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] == -1) {
                    expected[i] = baseShape[i - lead];
                }
            }
            assertShape(expected, e, c);
            assertViewOf(base, e, idx -> Reference.sourceIndex(idx, baseShape), c);
            assertTrue(base.expand(Shape.of(expected)).shape().equals(e.shape()), "expand(Shape) agrees");
        });
    }

    @Test
    void squeezeAndUnsqueezeRemoveAndAddSizeOneDimensions() {
        theory(108, EXAMPLES).forAll(cases(0, 4, (in, shape) -> new int[] {
            draw(in, -shape.length - 1, shape.length), shape.length == 0 ? 0 : draw(in, -shape.length, shape.length - 1)}))
                .checkAssert(c -> {
                    Tensor base = c.base().tensor();
                    int[] shape = Reference.shapeOf(base);
                    int u = Math.floorMod(c.args()[0], shape.length + 1);
                    Tensor un = base.unsqueeze(c.args()[0]);
                    assertShape(Reference.insert(shape, u, 1), un, c);
                    assertViewOf(base, un, idx -> Reference.remove(idx, u), c);

                    Tensor sq = base.squeeze();
                    int[] kept = Arrays.stream(shape).filter(x -> x != 1).toArray();
                    assertShape(kept, sq, c);
                    assertTrue(sq.sharesStorageWith(base));
                    assertArrayEquals(Checks.bits(base), Checks.bits(sq), "squeeze keeps the elements in order");
                    assertArrayEquals(Checks.bits(base), Checks.bits(un.squeeze(u)), "squeeze(dim) undoes unsqueeze(dim)");
                    if (shape.length > 0) {
                        int d = Math.floorMod(c.args()[1], shape.length);
                        Tensor one = base.squeeze(c.args()[1]);
                        assertShape(shape[d] == 1 ? Reference.remove(shape, d) : shape, one, c);
                        assertArrayEquals(Checks.bits(base), Checks.bits(one));
                        assertTrue(one.sharesStorageWith(base));
                    }
                });
    }

    /** Random shapes with the same element count: merges, splits, added and removed 1s, maybe a -1. */
    static int[] reshapeTarget(RandomnessSource in, int[] shape) {
        List<Integer> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(d);
        }
        int steps = draw(in, 1, 3);
        for (int s = 0; s < steps; s++) {
            int op = draw(in, 0, 4);
            if (op <= 1 && dims.size() >= 2) {
                int i = draw(in, 0, dims.size() - 2);
                dims.set(i, dims.get(i) * dims.remove(i + 1));
            } else if (op == 2 && !dims.isEmpty()) {
                int i = draw(in, 0, dims.size() - 1);
                int n = dims.get(i);
                List<Integer> divisors = new ArrayList<>();
                for (int a = 1; a <= n; a++) {
                    if (n % a == 0) {
                        divisors.add(a);
                    }
                }
                int a = divisors.isEmpty() ? 0 : divisors.get(draw(in, 0, divisors.size() - 1));
                dims.set(i, a);
                dims.add(i + 1, a == 0 ? 0 : n / a);
                if (a == 0) {
                    dims.set(i + 1, draw(in, 0, 3));
                }
            } else if (op == 3) {
                dims.add(draw(in, 0, dims.size()), 1);
            } else if (dims.contains(1)) {
                dims.remove(Integer.valueOf(1));
            }
        }
        int[] out = dims.stream().mapToInt(Integer::intValue).toArray();
        if (out.length > 0 && Reference.numel(out) > 0 && Generators.coin(in, 25)) {
            out[draw(in, 0, out.length - 1)] = -1;
        }
        return out;
    }

    /**
     * The strides that show {@code t} as {@code shape} without moving any element, found by brute
     * force: each dimension's stride is read off the storage positions, then every element is
     * checked. Null when no strides work.
     */
    static int[] viewStrides(Tensor t, int[] shape) {
        int[] strides = new int[shape.length];
        if (t.numel() == 0) {
            return strides;
        }
        int[] own = Reference.shapeOf(t);
        int origin = position(t, new int[own.length]);
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1) {
                int[] unit = new int[shape.length];
                unit[d] = 1;
                strides[d] = position(t, unflatten(own, Reference.flat(shape, unit))) - origin;
            }
        }
        for (int flat = 0; flat < t.numel(); flat++) {
            int[] idx = unflatten(shape, flat);
            int p = origin;
            for (int d = 0; d < shape.length; d++) {
                p += idx[d] * strides[d];
            }
            if (p != position(t, unflatten(own, flat))) {
                return null;
            }
        }
        return strides;
    }

    @Test
    void reshapeIsAViewExactlyWhenStridesCanExpressIt() {
        theory(109, 2000).forAll(cases(0, 4, ViewTest::reshapeTarget)).checkAssert(c -> {
            Tensor base = c.base().tensor();
            int[] target = c.args().clone();
            for (int i = 0; i < target.length; i++) {
                if (target[i] == -1) {
                    target[i] = base.numel() / -Reference.numel(c.args());
                }
            }
            boolean possible = viewStrides(base, target) != null;
            float[] before = Reference.elements(base);
            Tensor r = base.reshape(c.args());
            assertShape(target, r, c);
            assertArrayEquals(before, Reference.elements(r), "reshape keeps the row-major order");
            if (possible) {
                Tensor v = base.view(c.args());
                assertShape(target, v, c);
                assertArrayEquals(before, Reference.elements(v), "view keeps the row-major order");
                int[] baseShape = Reference.shapeOf(base);
                assertViewOf(base, r, idx -> unflatten(baseShape, Reference.flat(target, idx)), c);
            } else {
                assertFalse(r.sharesStorageWith(base), () -> "reshape without a possible view must copy: " + c);
                Checks.assertThrowsWith(IllegalArgumentException.class, () -> base.view(c.args()),
                        "not possible without a copy", base.shape().toString());
            }
        });
    }

    @Test
    void reshapeOfAContiguousTensorIsAlwaysAView() {
        theory(110, EXAMPLES).forAll(Generators.tensors(Values.UNIFORM).flatMap(s ->
                in -> new Case(s, reshapeTarget(in, Reference.shapeOf(s.tensor()))))).checkAssert(c -> {
                    Tensor base = c.base().tensor();
                    Tensor r = base.view(c.args());
                    assertTrue(r.sharesStorageWith(base));
                    assertTrue(r.isContiguous(), "a view of a contiguous tensor as another shape is contiguous");
                    assertArrayEquals(Reference.elements(base), Reference.elements(r));
                });
    }

    @Test
    void flattenMergesARangeOfDimensions() {
        theory(111, EXAMPLES).forAll(cases(0, 4, (in, shape) -> {
            if (shape.length == 0) {
                return new int[] {0, 0};
            }
            int s = draw(in, 0, shape.length - 1);
            int e = draw(in, s, shape.length - 1);
            return new int[] {s - (Generators.coin(in, 30) ? shape.length : 0), e};
        })).checkAssert(c -> {
            Tensor base = c.base().tensor();
            int[] shape = Reference.shapeOf(base);
            float[] elements = Reference.elements(base);
            Tensor all = base.flatten();
            assertShape(new int[] {base.numel()}, all, c);
            assertArrayEquals(elements, Reference.elements(all));
            Tensor part = base.flatten(c.args()[0], c.args()[1]);
            int[] expected;
            if (shape.length == 0) {
                expected = new int[] {1};
            } else {
                int s = Math.floorMod(c.args()[0], shape.length), e = c.args()[1];
                expected = new int[shape.length - (e - s)];
                for (int i = 0, j = 0; i < shape.length; i++) {
                    if (i <= s || i > e) {
                        expected[j++] = shape[i];
                    } else {
                        expected[j - 1] *= shape[i];
                    }
                }
            }
            assertShape(expected, part, c);
            assertArrayEquals(elements, Reference.elements(part));
            assertEquals(viewStrides(base, expected) != null, part.sharesStorageWith(base),
                    () -> "flatten is a view exactly when one is possible: " + c);
        });
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        theory(112, EXAMPLES).forAll(Generators.views(Values.UNIFORM)).checkAssert(s -> {
            Tensor t = s.tensor();
            Tensor c = t.contiguous();
            assertArrayEquals(Checks.bits(t), Checks.bits(c), () -> "contiguous() keeps the elements of " + s);
            assertTrue(c.isContiguous());
            if (t.isContiguous()) {
                assertSame(t, c, "contiguous() of a contiguous tensor is the tensor itself");
            } else {
                assertFalse(c.sharesStorageWith(t), "contiguous() of a strided view is a copy");
            }
            Tensor copy = t.copy();
            assertNotSame(t, copy);
            assertFalse(copy.sharesStorageWith(t), "copy() never shares");
            assertArrayEquals(Checks.bits(t), Checks.bits(copy));
            assertArrayEquals(Reference.elements(t), t.toArray(), "toArray is row-major");
        });
    }

    // ------------------------------------------------------------ units

    @Test
    void viewOfATransposeIsImpossibleButReshapeCopies() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor t = x.t();
        assertFalse(t.isContiguous());
        Tensor flat = t.reshape(-1);
        assertFalse(flat.sharesStorageWith(x));
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, flat.toArray());
        Checks.assertThrowsWith(IllegalArgumentException.class, () -> t.view(6),
                "[3, 2]", "strides [1, 3]", "[6]", "reshape()");
    }

    @Test
    void splittingADimensionOfATransposeIsAView() {
        Tensor x = Tensor.arange(24).reshape(4, 6);
        Tensor t = x.t().view(2, 3, 4);
        assertTrue(t.sharesStorageWith(x));
        assertEquals(x.get(3, 4), t.get(1, 1, 3));
    }

    @Test
    void sizeOneDimensionsDoNotBreakContiguity() {
        Tensor x = Tensor.arange(10).reshape(2, 5);
        Tensor row = x.narrow(0, 1, 1).narrow(1, 1, 3);
        assertTrue(row.isContiguous());
        assertEquals(6, row.offset());
        assertArrayEquals(new float[] {6, 7, 8}, row.view(3).toArray());
    }

    @Test
    void emptyTensorsReshapeFreely() {
        Tensor x = Tensor.zeros(0, 3).t();
        assertArrayEquals(new int[] {5, 0}, x.view(5, 0).shape().toArray());
        assertArrayEquals(new int[] {0, 2}, x.reshape(-1, 2).shape().toArray());
    }
}
