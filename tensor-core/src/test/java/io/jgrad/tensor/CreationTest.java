package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.assertExact;
import static io.jgrad.tensor.Checks.assertShape;
import static io.jgrad.tensor.Checks.assertThrowsWith;
import static io.jgrad.tensor.Generators.draw;
import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Factory methods: shapes, values, seeding, and their argument checks. */
class CreationTest {
    private static final int EXAMPLES = 500;

    @Test
    void filledTensorsHoldTheirValueEverywhere() {
        theory(701, EXAMPLES).forAll(Generators.shapes()).checkAssert(shape -> {
            assertExact(Reference.Nd.zeros(shape), Tensor.zeros(shape), "zeros " + Arrays.toString(shape));
            Reference.Nd ones = Reference.Nd.zeros(shape);
            Arrays.fill(ones.values(), 1);
            assertExact(ones, Tensor.ones(shape), "ones " + Arrays.toString(shape));
            Reference.Nd full = Reference.Nd.zeros(shape);
            Arrays.fill(full.values(), -2.75);
            Tensor t = Tensor.full(-2.75f, shape);
            assertExact(full, t, "full " + Arrays.toString(shape));
            assertTrue(t.isContiguous());
            assertEquals(0, t.offset());
            assertEquals(Reference.numel(shape), t.numel());
            assertEquals(shape.length, t.rank());
        });
    }

    @Test
    void ofCopiesTheDataInRowMajorOrder() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        data[0] = 99;
        assertEquals(1f, t.get(0, 0), "the tensor must not see later writes to the array");
        assertEquals(6f, t.get(1, 2));
        assertEquals(4f, t.get(-1, 0));
        assertEquals(Tensor.scalar(7f), Tensor.of(new float[] {7f}));
        assertArrayEquals(new int[] {1, 1}, Tensor.of(new float[] {1, 2, 3}, 3, 1).strides(), "row-major strides, as PyTorch");
    }

    @Test
    void scalarHasRankZeroAndOneElement() {
        Tensor s = Tensor.scalar(3.5f);
        assertEquals(0, s.rank());
        assertEquals(1, s.numel());
        assertEquals(3.5f, s.item());
        assertEquals(3.5f, s.get());
        assertEquals(Shape.scalar(), s.shape());
    }

    @Test
    void arangeCountsUpToTheEnd() {
        for (int end : new int[] {0, 1, 5, 17, 40}) {
            Tensor t = Tensor.arange(end);
            assertShape(new int[] {end}, t, "arange(" + end + ")");
            for (int i = 0; i < end; i++) {
                assertEquals(i, t.get(i));
            }
        }
    }

    record Range(float start, float end, float step) {
    }

    @Test
    void arangeWithAStepStopsBeforeTheEndEitherWay() {
        // Quarter steps are exact in float and double, so the reference loop is exact too.
        Gen<Range> gen = in -> {
            float step = draw(in, 1, 12) * 0.25f * (Generators.coin(in, 30) ? -1 : 1);
            return new Range(draw(in, -40, 40) * 0.25f, draw(in, -40, 40) * 0.25f, step);
        };
        theory(702, EXAMPLES).forAll(gen).checkAssert(r -> {
            if (((double) r.end() - r.start()) * r.step() < 0) {
                // As PyTorch: a step pointing away from the end is an error, not an empty range.
                assertThrowsWith(IllegalArgumentException.class, () -> Tensor.arange(r.start(), r.end(), r.step()),
                        "step must point from start to end", "step=" + r.step());
                return;
            }
            List<Double> values = new ArrayList<>();
            for (int i = 0; r.step() > 0 ? r.start() + i * (double) r.step() < r.end()
                    : r.start() + i * (double) r.step() > r.end(); i++) {
                values.add(r.start() + i * (double) r.step());
            }
            Reference.Nd expected = new Reference.Nd(new int[] {values.size()},
                    values.stream().mapToDouble(Double::doubleValue).toArray());
            assertExact(expected, Tensor.arange(r.start(), r.end(), r.step()), r.toString());
        });
    }

    @Test
    void arangeRefusesAZeroStepAndNonFiniteBounds() {
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0), "step", "step=0.0");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.arange(0, Float.POSITIVE_INFINITY, 1), "finite", "Infinity");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.arange(Float.NaN, 1, 1), "finite", "NaN");
    }

    @Test
    void arangeRefusesMoreElementsThanATensorHolds() {
        // 1e10 elements do not fit in an int count; this must not be clamped or attempted.
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.arange(0, 1e10f, 1), "10000000000");
    }

    @Test
    void eyeIsTheIdentity() {
        for (int n : new int[] {0, 1, 3, 17}) {
            Reference.Nd expected = Reference.Nd.zeros(n, n);
            Reference.forEachIndex(expected.shape(), idx -> expected.put(idx, idx[0] == idx[1] ? 1 : 0));
            assertExact(expected, Tensor.eye(n), "eye(" + n + ")");
        }
    }

    @Test
    void randIsSeededAndInTheUnitInterval() {
        theory(703, 100).forAll(Generators.shapes(), Generators.shapes().map(s -> (long) Arrays.hashCode(s)))
                .checkAssert((shape, seed) -> {
                    Tensor a = Tensor.rand(new SplittableRandom(seed), shape);
                    Tensor b = Tensor.rand(new SplittableRandom(seed), shape);
                    assertShape(shape, a, "rand");
                    assertEquals(a, b, "the same seed gives the same tensor");
                    for (float v : Reference.elements(a)) {
                        assertTrue(v >= 0 && v < 1, () -> "rand gave " + v);
                    }
                    Tensor n1 = Tensor.randn(new SplittableRandom(seed), shape);
                    assertShape(shape, n1, "randn");
                    assertEquals(n1, Tensor.randn(new SplittableRandom(seed), shape), "the same seed gives the same tensor");
                });
    }

    @Test
    void differentSeedsGiveDifferentTensorsWithTheRightMoments() {
        Tensor u = Tensor.rand(new SplittableRandom(1), 20_000);
        Tensor v = Tensor.rand(new SplittableRandom(2), 20_000);
        assertNotEquals(u, v);
        // Fixed seeds: these are deterministic, with wide margins around the true moments.
        double mean = 0, squares = 0;
        for (float x : u.toArray()) {
            mean += x;
            squares += x * (double) x;
        }
        mean /= u.numel();
        assertEquals(0.5, mean, 0.01, "uniform mean");
        assertEquals(1.0 / 12, squares / u.numel() - mean * mean, 0.005, "uniform variance");
        Tensor n = Tensor.randn(new SplittableRandom(3), 20_000);
        mean = 0;
        squares = 0;
        for (float x : n.toArray()) {
            mean += x;
            squares += x * (double) x;
        }
        mean /= n.numel();
        assertEquals(0, mean, 0.03, "normal mean");
        assertEquals(1, squares / n.numel() - mean * mean, 0.05, "normal variance");
    }

    @Test
    void badSizesAreRefused() {
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(2, -1), "non-negative", "[2, -1]");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.full(1f, -3), "non-negative", "[-3]");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.rand(new SplittableRandom(0), 4, -2), "[4, -2]");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3), "[2, 3]", "6", "5");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16), "more than");
    }
}
