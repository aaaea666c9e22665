package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.assertExact;
import static io.jgrad.tensor.Checks.assertThrowsWith;
import static io.jgrad.tensor.Generators.draw;
import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Generators.Sample;
import io.jgrad.tensor.Generators.Values;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * In-place operations: results against float references, the version counter, writes confined
 * to the target's elements, refusal of non-contiguous targets and of overlapping views.
 */
class InPlaceTest {
    private static final int EXAMPLES = 400;

    record Op(String name, BiFunction<Tensor, Tensor, Tensor> op, Reference.FloatOp reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Op> ops() {
        return Stream.of(
                new Op("addInPlace", Tensor::addInPlace, (x, y) -> x + y),
                new Op("addInPlace(alpha=-2.5)", (t, o) -> t.addInPlace(o, -2.5f), (x, y) -> x + -2.5f * y),
                new Op("addInPlace(alpha=1)", (t, o) -> t.addInPlace(o, 1f), (x, y) -> x + y),
                new Op("subInPlace", Tensor::subInPlace, (x, y) -> x - y),
                new Op("mulInPlace", Tensor::mulInPlace, (x, y) -> x * y),
                new Op("divInPlace", Tensor::divInPlace, (x, y) -> x / y),
                new Op("copyFrom", Tensor::copyFrom, (x, y) -> y),
                new Op("lerpInPlace(0.25)", (t, o) -> t.lerpInPlace(o, 0.25f), (x, y) -> x + 0.25f * (y - x)));
    }

    /** The fused updates with two operands: {@code this += value * f(a, b)}. */
    interface TernaryFloatOp {
        float apply(float x, float a, float b);
    }

    record Ternary(String name, TernaryFloatOp reference, Fused op) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Fused {
        Tensor apply(Tensor target, Tensor a, Tensor b);
    }

    static Stream<Ternary> ternaryOps() {
        return Stream.of(
                new Ternary("addcmulInPlace(-0.5)", (x, a, b) -> x + -0.5f * a * b, (t, a, b) -> t.addcmulInPlace(a, b, -0.5f)),
                new Ternary("addcdivInPlace(0.75)", (x, a, b) -> x + 0.75f * a / b, (t, a, b) -> t.addcdivInPlace(a, b, 0.75f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ternaryOps")
    void fusedUpdatesWithTwoOperands(Ternary op) {
        theory(op.name().hashCode(), EXAMPLES).forAll(cases()).checkAssert(c -> {
            Tensor target = c.target(), a = c.other().tensor(), b = c.second().tensor();
            Reference.Nd expected = Reference.Nd.zeros(Reference.shapeOf(target));
            Reference.forEachIndex(expected.shape(), idx -> expected.put(idx,
                    op.reference().apply(target.get(idx), Reference.broadcastGet(a, idx), Reference.broadcastGet(b, idx))));
            Reference.Nd storageBefore = Reference.read(c.storage());
            int version = target.version();
            assertSame(target, op.op().apply(target, a, b));
            assertExact(expected, target, op.name() + " of " + c);
            assertTrue(target.version() > version, "the version must increase");
            assertOutsideUntouched(c, storageBefore);
        });
    }

    /**
     * A contiguous target (row {@code row} of a larger storage), and two operands that broadcast
     * to the target (the second is used by the ops that take two).
     */
    record Case(Tensor storage, int row, Tensor target, Sample other, Sample second) {
        @Override
        public String toString() {
            return "target " + target.shape() + " at offset " + target.offset() + " in " + storage.shape()
                    + ", operand " + other + ", second operand " + second;
        }
    }

    static Gen<Case> cases() {
        return in -> {
            int[] shape = Generators.shape(in, 0, 4);
            int before = draw(in, 0, 2), after = draw(in, 0, 2);
            int[] storageShape = Reference.insert(shape, 0, before + 1 + after);
            Tensor storage = Generators.contiguous(Generators.random(in), storageShape, Values.UNIFORM);
            Tensor target = storage.select(0, before);
            Values kind = Generators.coin(in, 50) ? Values.UNIFORM : Values.SMALL_INTS;
            return new Case(storage, before, target, Generators.view(in, Generators.broadcastable(in, shape), kind),
                    Generators.view(in, Generators.broadcastable(in, shape), kind));
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void inPlaceOpsWriteTheResultIntoTheTargetOnly(Op op) {
        theory(op.name().hashCode(), EXAMPLES).forAll(cases()).checkAssert(c -> {
            Tensor target = c.target(), other = c.other().tensor();
            Reference.Nd expected = Reference.binaryFloat(target, other, op.reference());
            Reference.Nd storageBefore = Reference.read(c.storage());
            float[] otherBefore = Reference.elements(other);
            int version = target.version();
            assertSame(target, op.op().apply(target, other), "returns this");
            assertExact(expected, target, op.name() + " of " + c);
            assertTrue(target.version() > version, "the version must increase");
            assertEquals(target.version(), c.storage().version(), "views share the version");
            assertArrayEquals(otherBefore, Reference.elements(other), "the operand is left untouched");
            assertOutsideUntouched(c, storageBefore);
        });
    }

    @Test
    void scalarMultiplyReluAndFill() {
        Gen<Case> gen = cases();
        theory(301, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor target = c.target();
            Reference.Nd storageBefore = Reference.read(c.storage());
            float factor = -1.75f;
            Reference.Nd expected = Reference.unary(target, x -> (float) x * factor);
            int version = target.version();
            assertSame(target, target.mulInPlace(factor));
            assertExact(expected, target, "mulInPlace of " + c);
            assertTrue(target.version() > version);
            version = target.version();
            Reference.Nd rectified = Reference.unary(target, x -> Math.max(x, 0));
            assertSame(target, target.reluInPlace());
            assertExact(rectified, target, "reluInPlace of " + c);
            assertTrue(target.version() > version);
            version = target.version();
            assertSame(target, target.fill(7.25f));
            assertExact(Reference.unary(target, x -> 7.25), target, "fill of " + c);
            assertTrue(target.version() > version);
            assertOutsideUntouched(c, storageBefore);
        });
    }

    /** Every storage element outside the target still has its old value. */
    private static void assertOutsideUntouched(Case c, Reference.Nd storageBefore) {
        int[] shape = Reference.shapeOf(c.storage());
        Reference.forEachIndex(shape, idx -> {
            if (idx[0] != c.row()) {
                assertEquals(storageBefore.at(idx), c.storage().get(idx), () -> "element " + Arrays.toString(idx)
                        + " outside the target changed: " + c);
            }
        });
    }

    @Test
    void nonContiguousTargetsAreRefusedAndLeftUnchanged() {
        Gen<Sample> gen = in -> {
            // Views are often contiguous anyway; draw until one is not (a few tries suffice).
            Sample s = Generators.views(1, 4, Values.UNIFORM).generate(in);
            while (s.tensor().isContiguous()) {
                s = Generators.views(1, 4, Values.UNIFORM).generate(in);
            }
            return s;
        };
        theory(302, EXAMPLES).forAll(gen).checkAssert(s -> {
            Tensor t = s.tensor();
            Tensor other = Tensor.ones(Reference.shapeOf(t));
            Reference.Nd before = Reference.read(t);
            int version = t.version();
            for (Runnable write : new Runnable[] {() -> t.addInPlace(other), () -> t.subInPlace(other),
                () -> t.mulInPlace(other), () -> t.mulInPlace(2f), () -> t.divInPlace(other),
                () -> t.addInPlace(other, 3f), () -> t.copyFrom(other), () -> t.fill(3f), () -> t.lerpInPlace(other, 0.5f),
                t::reluInPlace,
                () -> t.addcmulInPlace(other, other, 1f), () -> t.addcdivInPlace(other, other, 1f)}) {
                assertThrowsWith(IllegalStateException.class, write::run, "contiguous", t.shape().toString(),
                        Arrays.toString(t.strides()));
            }
            assertExact(before, t, "refused writes must not change " + s);
            assertEquals(version, t.version(), "refused writes must not bump the version");
        });
    }

    /** Two row ranges of one storage: the target rows and the source rows, of equal length. */
    record Alias(Tensor storage, int targetRow, int sourceRow, int rows) {
        Tensor target() {
            return storage.narrow(0, targetRow, rows);
        }

        Tensor source() {
            return storage.narrow(0, sourceRow, rows);
        }

        @Override
        public String toString() {
            return "rows " + targetRow + ".." + (targetRow + rows - 1) + " from rows " + sourceRow + ".."
                    + (sourceRow + rows - 1) + " of " + storage.shape();
        }
    }

    @Test
    void overlappingViewsAreRefusedButTheSameViewAndDisjointOnesAreAllowed() {
        Gen<Alias> gen = in -> {
            int total = draw(in, 2, 8), rows = draw(in, 1, total - 1);
            int[] rest = Generators.shape(in, 0, 2);
            Tensor storage = Generators.contiguous(Generators.random(in), Reference.insert(rest, 0, total), Values.UNIFORM);
            return new Alias(storage, draw(in, 0, total - rows), draw(in, 0, total - rows), rows);
        };
        theory(303, 1000).forAll(gen).checkAssert(a -> {
            Tensor target = a.target(), source = a.source();
            boolean overlap = a.sourceRow() != a.targetRow()
                    && Math.abs(a.sourceRow() - a.targetRow()) < a.rows() && target.numel() > 0;
            Reference.Nd expected = Reference.binaryFloat(target, source, (x, y) -> x + y);
            Reference.Nd before = Reference.read(a.storage());
            if (overlap) {
                assertThrowsWith(IllegalArgumentException.class, () -> target.addInPlace(source),
                        "overlapping", target.shape().toString());
                assertThrowsWith(IllegalArgumentException.class, () -> target.copyFrom(source), "overlapping");
                assertThrowsWith(IllegalArgumentException.class, () -> target.lerpInPlace(source, 0.5f), "overlapping");
                Tensor ones = Tensor.ones(Reference.shapeOf(source));
                assertThrowsWith(IllegalArgumentException.class, () -> target.addcmulInPlace(ones, source, 2f), "overlapping");
                assertThrowsWith(IllegalArgumentException.class, () -> target.addcdivInPlace(source, ones, 2f), "overlapping");
                assertExact(before, a.storage(), "a refused write must change nothing: " + a);
            } else {
                target.addInPlace(source);
                assertExact(expected, target, "x += y for " + a);
            }
        });
    }

    @Test
    void theSameViewMayBeBothTargetAndOperand() {
        Tensor x = Tensor.arange(-3, 17, 1).reshape(4, 5);
        float[] v = x.toArray();
        x.addInPlace(x);
        x.mulInPlace(x.view(4, 5));
        float[] expected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = (v[i] + v[i]) * (v[i] + v[i]);
        }
        assertArrayEquals(expected, x.toArray());
        x.subInPlace(x);
        assertArrayEquals(new float[20], x.toArray());
    }

    @Test
    void aBroadcastRowOfTheTargetItselfIsRefused() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        assertThrowsWith(IllegalArgumentException.class, () -> x.addInPlace(x.select(0, 0)), "overlapping", "[3, 4]", "[4]");
        assertThrowsWith(IllegalArgumentException.class, () -> x.mulInPlace(x.t().t().narrow(0, 1, 1)), "overlapping");
        assertArrayEquals(Tensor.arange(12).toArray(), x.toArray());
    }

    @Test
    void operandsThatDoNotBroadcastToTheTargetAreRefused() {
        Tensor x = Tensor.zeros(3);
        assertThrowsWith(IllegalArgumentException.class, () -> x.addInPlace(Tensor.ones(2, 3)), "[2, 3]", "[3]");
        assertThrowsWith(IllegalArgumentException.class, () -> x.copyFrom(Tensor.ones(4)), "[4]", "[3]");
        assertEquals(0, x.version());
    }

    @Test
    void versionCountsWritesAndIgnoresReads() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor row = x.select(0, 1);
        int v0 = x.version();
        x.add(1f).mul(x).sum();
        x.reshape(3, 2).t();
        assertEquals(v0, x.version(), "reads and views do not count");
        row.fill(2f);
        int v1 = x.version();
        assertTrue(v1 > v0);
        x.set(5f, 0, 0);
        assertTrue(x.version() > v1);
        assertEquals(x.version(), row.version());
        Tensor fresh = Tensor.zeros(2, 3);
        fresh.copyFrom(x);
        assertFalse(fresh.sharesStorageWith(x));
        assertEquals(x, fresh);
    }
}
