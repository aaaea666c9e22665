package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.EPS;
import static io.jgrad.tensor.Checks.assertExact;
import static io.jgrad.tensor.Checks.assertThrowsWith;
import static io.jgrad.tensor.Checks.assertWithin;
import static io.jgrad.tensor.Generators.draw;
import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Generators.Sample;
import io.jgrad.tensor.Generators.Values;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Reductions against double-precision loops over every output's slice: over all elements and
 * over random dimension subsets (given from either end), with and without keepDim, on
 * contiguous tensors and on strided and broadcast views.
 */
class ReductionTest {
    private static final int EXAMPLES = 600;

    /** A tensor, the dims to reduce (possibly negative, empty meaning all) and keepDim. */
    record Case(Sample x, int[] dims, boolean keepDim) {
        boolean[] mask() {
            int rank = x.tensor().rank();
            if (dims.length == 0) {
                boolean[] all = new boolean[rank];
                Arrays.fill(all, true);
                return all;
            }
            return Reference.reducedMask(rank, dims);
        }

        /** How many elements each output reduces. */
        int count() {
            int n = 1;
            boolean[] mask = mask();
            for (int d = 0; d < mask.length; d++) {
                n *= mask[d] ? x.tensor().size(d) : 1;
            }
            return n;
        }

        @Override
        public String toString() {
            return x + ", dims " + Arrays.toString(dims) + ", keepDim " + keepDim;
        }
    }

    static int[] someNegative(RandomnessSource in, int[] dims, int rank) {
        int[] out = dims.clone();
        for (int i = 0; i < out.length; i++) {
            if (Generators.coin(in, 40)) {
                out[i] -= rank;
            }
        }
        return out;
    }

    static Gen<Case> cases(Values values) {
        return in -> {
            Sample s = Generators.views(values).generate(in);
            int rank = s.tensor().rank();
            return new Case(s, someNegative(in, Generators.dimSubset(in, rank), rank), Generators.coin(in, 50));
        };
    }

    /** Contiguous tensors with long rows, reduced over leading dims only: the output is a row. */
    static Gen<Case> leadingCases() {
        return in -> {
            int[] shape = Generators.shape(in, 2, 4);
            shape[shape.length - 1] = draw(in, 16, Generators.MAX_ROW);
            shape = Generators.capped(shape, Generators.MAX_NUMEL);
            Tensor x = Generators.contiguous(Generators.random(in), shape, Values.UNIFORM);
            int lead = draw(in, 1, shape.length - 1);
            int[] dims = new int[lead];
            for (int i = 0; i < lead; i++) {
                dims[i] = i;
            }
            return new Case(new Sample(x, "contiguous " + Arrays.toString(shape)), dims, Generators.coin(in, 50));
        };
    }

    /** Sum's rounding error is at most about n steps of float32 on the sum of magnitudes. */
    static Reference.Nd sumBound(Case c) {
        Tensor x = c.x().tensor();
        Reference.Nd abs = Reference.reduce(x, c.mask(), c.keepDim(), Reference.SUM_ABS);
        double n = c.count();
        return new Reference.Nd(abs.shape(), Arrays.stream(abs.values()).map(a -> (n + 1) * EPS * a).toArray());
    }

    static void checkSumAndMean(Case c) {
        Tensor x = c.x().tensor();
        Reference.Nd sum = Reference.reduce(x, c.mask(), c.keepDim(), Reference.SUM);
        Reference.Nd bound = sumBound(c);
        assertWithin(sum, bound, x.sum(c.dims(), c.keepDim()), "sum " + c);
        int n = c.count();
        Reference.Nd mean = new Reference.Nd(sum.shape(), Arrays.stream(sum.values()).map(v -> v / n).toArray());
        Reference.Nd meanBound = new Reference.Nd(sum.shape(), new double[sum.values().length]);
        for (int i = 0; i < sum.values().length; i++) {
            meanBound.values()[i] = bound.values()[i] / n + EPS * Math.abs(mean.values()[i]);
        }
        assertWithin(mean, meanBound, x.mean(c.dims(), c.keepDim()), "mean " + c);
    }

    /**
     * max and min take one dim (or all): a subset is reduced one dim at a time with keepDim,
     * which must agree with the reference over the whole subset.
     */
    static void checkMaxAndMin(Case c) {
        Tensor x = c.x().tensor();
        if (c.count() == 0) {
            int dim = c.dims().length > 0 ? c.dims()[0] : -1;
            if (c.dims().length == 0) {
                assertThrowsWith(IllegalArgumentException.class, x::max, "no elements", x.shape().toString());
                assertThrowsWith(IllegalArgumentException.class, x::min, "no elements");
            } else if (x.size(dim) == 0) {
                assertThrowsWith(IllegalArgumentException.class, () -> x.max(dim, c.keepDim()), "no elements", x.shape().toString());
                assertThrowsWith(IllegalArgumentException.class, () -> x.min(dim, c.keepDim()), "no elements");
            }
            return;
        }
        Tensor max = x, min = x;
        if (c.dims().length == 0) {
            max = x.max();
            min = x.min();
        } else if (c.dims().length == 1) {
            max = x.max(c.dims()[0], c.keepDim());
            min = x.min(c.dims()[0], c.keepDim());
        } else {
            boolean[] mask = c.mask();
            for (int d = mask.length - 1; d >= 0; d--) {
                if (mask[d]) {
                    max = max.max(d, true);
                    min = min.min(d, true);
                }
            }
            int[] shape = Reference.reducedShape(Reference.shapeOf(x), mask, c.keepDim());
            max = max.reshape(shape);
            min = min.reshape(shape);
        }
        boolean keep = c.keepDim() && c.dims().length > 0;
        assertExact(Reference.reduce(x, c.mask(), keep, Reference.MAX), max, "max " + c);
        assertExact(Reference.reduce(x, c.mask(), keep, Reference.MIN), min, "min " + c);
    }

    @Test
    void longSumsStayAccurateToFloatPrecision() {
        // Millions of values near 0.5: a single float accumulator per lane drifts by ~1e-4.
        SplittableRandom random = new SplittableRandom(5);
        float[] values = new float[6_000_000];
        double exact = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
            exact += values[i];
        }
        Tensor t = Tensor.of(values, values.length);
        assertEquals(exact, t.sum().item(), Math.abs(exact) * 1e-6);
        assertEquals(exact / values.length, t.mean().item(), 1e-6);
    }

    @Test
    void sumAndMeanOverDimensionSubsets() {
        theory(401, EXAMPLES).forAll(cases(Values.UNIFORM)).checkAssert(ReductionTest::checkSumAndMean);
    }

    @Test
    void maxAndMinOverDimensionSubsets() {
        theory(402, EXAMPLES).forAll(cases(Values.SMALL_INTS).mix(cases(Values.UNIFORM))).checkAssert(ReductionTest::checkMaxAndMin);
    }

    @Test
    void reducingLeadingDimsOfContiguousTensors() {
        theory(403, EXAMPLES).forAll(leadingCases()).checkAssert(c -> {
            checkSumAndMean(c);
            checkMaxAndMin(c);
        });
    }

    @Test
    void singleDimensionAndWholeTensorForms() {
        Gen<Case> gen = in -> {
            Sample s = Generators.views(Values.UNIFORM).generate(in);
            int rank = s.tensor().rank();
            int[] dim = rank == 0 ? new int[0] : new int[] {draw(in, -rank, rank - 1)};
            return new Case(s, dim, Generators.coin(in, 50));
        };
        theory(404, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor x = c.x().tensor();
            Case all = new Case(c.x(), new int[0], false);
            Reference.Nd total = Reference.reduce(x, all.mask(), false, Reference.SUM);
            assertWithin(total, sumBound(all), x.sum(), "sum() " + c);
            assertEquals(0, x.sum().rank());
            if (x.numel() == 0) {
                assertTrue(Float.isNaN(x.mean().item()), "the mean of nothing is NaN");
                assertThrowsWith(IllegalArgumentException.class, x::max, "no elements");
                assertThrowsWith(IllegalArgumentException.class, x::min, "no elements");
            } else {
                assertExact(Reference.reduce(x, all.mask(), false, Reference.MAX), x.max(), "max() " + c);
                assertExact(Reference.reduce(x, all.mask(), false, Reference.MIN), x.min(), "min() " + c);
            }
            if (c.dims().length == 1) {
                int d = c.dims()[0];
                Reference.Nd sum = Reference.reduce(x, c.mask(), c.keepDim(), Reference.SUM);
                assertWithin(sum, sumBound(c), x.sum(d, c.keepDim()), "sum(dim) " + c);
                Tensor mean = x.mean(d, c.keepDim());
                assertWithin(new Reference.Nd(sum.shape(), Arrays.stream(sum.values()).map(v -> v / c.count()).toArray()),
                        new Reference.Nd(sum.shape(), Arrays.stream(sumBound(c).values()).map(b -> b / c.count() + 4 * EPS * 4).toArray()),
                        mean, "mean(dim) " + c);
                if (c.count() > 0) {
                    assertExact(Reference.reduce(x, c.mask(), c.keepDim(), Reference.MAX), x.max(d, c.keepDim()), "max(dim) " + c);
                    assertExact(Reference.reduce(x, c.mask(), c.keepDim(), Reference.MIN), x.min(d, c.keepDim()), "min(dim) " + c);
                }
                // var(dim, keepDim) is the unbiased variance over that dim.
                Reference.Nd var = Reference.reduce(x, c.mask(), c.keepDim(), Reference.variance(1));
                Reference.Nd bound = varianceBound(c, 1);
                assertWithin(var, bound, x.var(d, c.keepDim()), "var(dim) " + c);
            }
        });
    }

    /**
     * Centering and squaring in float32 cost a few rounding steps on each square, summed over
     * n terms: a bound of about n steps on the mean of x² + mean².
     */
    static Reference.Nd varianceBound(Case c, int correction) {
        Reference.Nd scale = Reference.reduce(c.x().tensor(), c.mask(), c.keepDim(), s -> {
            double m = Reference.SUM.reduce(s) / s.length;
            double sq = 0;
            for (double v : s) {
                sq += v * v + m * m;
            }
            return sq / Math.max(s.length - correction, 1);
        });
        return new Reference.Nd(scale.shape(), Arrays.stream(scale.values()).map(q -> (c.count() + 8) * EPS * q).toArray());
    }

    @Test
    void varianceWithAndWithoutCorrection() {
        Gen<Case> gen = cases(Values.UNIFORM).mix(leadingCases());
        theory(405, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor x = c.x().tensor();
            for (int correction : new int[] {0, 1}) {
                Reference.Nd var = Reference.reduce(x, c.mask(), c.keepDim(), Reference.variance(correction));
                Reference.Nd bound = varianceBound(c, correction);
                assertWithin(var, bound, x.var(c.dims(), c.keepDim(), correction), "var correction " + correction + " " + c);
            }
            Case all = new Case(c.x(), new int[0], false);
            assertWithin(Reference.reduce(x, all.mask(), false, Reference.variance(1)), varianceBound(all, 1), x.var(),
                    "var() " + c);
        });
    }

    @Test
    void argmaxAndArgminGiveTheFirstExtremeIndex() {
        Gen<Case> gen = in -> {
            Sample s = Generators.views(1, 4, Generators.coin(in, 70) ? Values.SMALL_INTS : Values.UNIFORM).generate(in);
            int rank = s.tensor().rank();
            return new Case(s, new int[] {draw(in, -rank, rank - 1)}, Generators.coin(in, 50));
        };
        theory(406, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor x = c.x().tensor();
            int dim = c.dims()[0];
            if (c.count() == 0) {
                assertThrowsWith(IllegalArgumentException.class, () -> x.argmax(dim, c.keepDim()), "argmax", "no elements");
                assertThrowsWith(IllegalArgumentException.class, () -> x.argmin(dim, c.keepDim()), "argmin", "no elements");
                return;
            }
            assertExact(Reference.argExtreme(x, dim, c.keepDim(), true), x.argmax(dim, c.keepDim()), "argmax " + c);
            assertExact(Reference.argExtreme(x, dim, c.keepDim(), false), x.argmin(dim, c.keepDim()), "argmin " + c);
            if (x.numel() > 0) {
                Tensor flat = Tensor.of(Reference.elements(x), x.numel());
                assertExact(Reference.argExtreme(flat, 0, false, true), x.argmax(), "argmax() " + c);
                assertExact(Reference.argExtreme(flat, 0, false, false), x.argmin(), "argmin() " + c);
            }
        });
    }

    @Test
    void argmaxAndArgminTreatNaNAsTheExtreme() {
        float nan = Float.NaN;
        Tensor x = Tensor.of(new float[] {1, nan, 5, nan, 5, 0, -1, 7, 7, -1, 2, 3}, 3, 4);
        assertArrayEquals(new float[] {1, 3, 0}, x.argmax(1, false).toArray());
        assertArrayEquals(new float[] {1, 2, 1}, x.argmin(1, false).toArray());
        assertEquals(1f, x.argmax().item());
        assertEquals(1f, x.argmin().item());
        assertArrayEquals(new float[] {0, 0, 1, 0}, x.argmin(0, false).toArray());
    }

    @Test
    void maxAndMinPropagateNaNOnEveryPath() {
        for (int n : new int[] {3, 16, 37}) {
            for (int at : new int[] {0, n / 2, n - 1}) {
                Tensor x = Tensor.arange(2 * n).reshape(2, n);
                x.set(Float.NaN, 1, at);
                assertTrue(Float.isNaN(x.max().item()) && Float.isNaN(x.min().item()), "n=" + n + " at=" + at);
                assertEquals(n - 1f, x.max(1, false).get(0));
                assertTrue(Float.isNaN(x.max(1, false).get(1)));
                assertTrue(Float.isNaN(x.t().min(0, false).get(1)), "strided rows");
                assertTrue(Float.isNaN(x.min(0, false).get(at)), "folded slices");
            }
        }
    }

    @Test
    void maxAndMinOfNegativeZerosGiveTheSameBitsOnEveryPath() {
        // Folded slices (leading dims of a long row), vector runs and strided copies.
        Tensor zeros = Tensor.full(-0f, 3, 20);
        Tensor strided = zeros.t().contiguous().t();
        for (Tensor x : new Tensor[] {zeros, strided}) {
            for (int dim : new int[] {0, 1}) {
                assertArrayEquals(Checks.bits(Tensor.full(-0f, 20 - 17 * dim)), Checks.bits(x.max(dim, false)),
                        "max over dim " + dim + " with strides " + Arrays.toString(x.strides()));
                assertArrayEquals(Checks.bits(Tensor.full(-0f, 20 - 17 * dim)), Checks.bits(x.min(dim, false)),
                        "min over dim " + dim + " with strides " + Arrays.toString(x.strides()));
            }
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(x.max().item()));
        }
    }

    // ------------------------------------------------------------ log-sum-exp and softmax

    record SoftCase(Sample x, int dim, boolean keepDim) {
        @Override
        public String toString() {
            return x + ", dim " + dim + ", keepDim " + keepDim;
        }
    }

    static Gen<SoftCase> softCases() {
        return in -> {
            Values kind = new Values[] {Values.UNIFORM, Values.WIDE, Values.LARGE}[draw(in, 0, 2)];
            Sample s = Generators.views(1, 4, kind).generate(in);
            int rank = s.tensor().rank();
            return new SoftCase(s, draw(in, -rank, rank - 1), Generators.coin(in, 50));
        };
    }

    @Test
    void logSumExpDoesNotOverflow() {
        theory(407, EXAMPLES).forAll(softCases()).checkAssert(c -> {
            Tensor x = c.x().tensor();
            int n = x.size(c.dim());
            Reference.Nd expected = Reference.logSumExp(x, c.dim(), c.keepDim());
            Reference.Nd bound = new Reference.Nd(expected.shape(),
                    Arrays.stream(expected.values()).map(v -> (n + 4) * EPS + 2 * EPS * Math.abs(v)).toArray());
            assertWithin(expected, bound, x.logSumExp(c.dim(), c.keepDim()), "logSumExp " + c);
        });
    }

    @Test
    void softmaxAndLogSoftmaxDoNotOverflow() {
        theory(408, EXAMPLES).forAll(softCases()).checkAssert(c -> {
            Tensor x = c.x().tensor();
            int n = x.size(c.dim());
            Reference.Nd soft = Reference.softmax(x, c.dim(), false);
            // Each entry is exp(x - max) / sum: rounding x - max to float32 costs a relative
            // |x - max| steps, the exp, the sum of n terms and the division a few more.
            Reference.Nd max = Reference.reduce(x, Reference.reducedMask(x.rank(), new int[] {c.dim()}), true, Reference.MAX);
            Reference.Nd bound = Reference.Nd.zeros(soft.shape());
            Reference.forEachIndex(soft.shape(), idx -> bound.put(idx, soft.at(idx)
                    * ((n + 8) * EPS + EPS * Math.abs(x.get(idx) - max.at(Reference.sourceIndex(idx, max.shape()))))));
            assertWithin(soft, bound, x.softmax(c.dim()), "softmax " + c);
            Reference.Nd logSoft = Reference.softmax(x, c.dim(), true);
            // x - logSumExp(x): both terms round at their own scale, the sum of n terms adds n steps.
            Reference.Nd lse = Reference.logSumExp(x, c.dim(), true);
            Reference.Nd logBound = Reference.Nd.zeros(logSoft.shape());
            Reference.forEachIndex(logSoft.shape(), idx -> logBound.put(idx, (n + 4) * EPS
                    + 2 * EPS * (Math.abs(x.get(idx)) + Math.abs(lse.at(Reference.sourceIndex(idx, lse.shape()))))));
            assertWithin(logSoft, logBound, x.logSoftmax(c.dim()), "logSoftmax " + c);
        });
    }

    @Test
    void softmaxOfHugeLogitsIsStillADistribution() {
        Tensor x = Tensor.of(new float[] {1000, 1000, -1000, 1e30f, 0, -1e30f}, 2, 3);
        Tensor s = x.softmax(1);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 1, 0, 0}, s.toArray());
        assertArrayEquals(new float[] {(float) (1000 + Math.log(2)), 1e30f}, x.logSumExp(1, false).toArray());
        // x - logSumExp(x) rounds at the scale of x: within half a step of float32 at 1000.
        assertEquals(-Math.log(2), x.logSoftmax(1).get(0, 0), Math.ulp(1000f) / 2);
    }

    @Test
    void logSoftmaxOfInfiniteRowsIsNaNAsInPyTorch() {
        float inf = Float.POSITIVE_INFINITY;
        Tensor x = Tensor.of(new float[] {inf, 1, 0, -inf, -inf, -inf, -inf, 2, 0}, 3, 3);
        float[] got = x.logSoftmax(1).toArray();
        for (int i = 0; i < 6; i++) {
            assertTrue(Float.isNaN(got[i]), "element " + i + " of a row with +inf or only -inf: " + got[i]);
        }
        assertEquals(Float.NEGATIVE_INFINITY, got[6]);
        assertEquals(-Math.log(1 + Math.exp(-2)), got[7], 1e-6);
        assertEquals(-2 - Math.log(1 + Math.exp(-2)), got[8], 1e-6);
    }

    @Test
    void aDimensionNamedTwiceIsRefused() {
        Tensor x = Tensor.ones(2, 3);
        Checks.assertThrowsWith(IllegalArgumentException.class, () -> x.sum(new int[] {0, -2}, false),
                "dimension 0 appears more than once", "[0, -2]");
        Checks.assertThrowsWith(IllegalArgumentException.class, () -> x.mean(new int[] {1, 1}, true),
                "dimension 1 appears more than once");
    }

    @Test
    void logSumExpOfMinusInfinityRowsIsMinusInfinity() {
        Tensor x = Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, Float.NEGATIVE_INFINITY}, 2, 2);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 0}, x.logSumExp(1, false).toArray());
    }

    // ------------------------------------------------------------ sumTo

    @Test
    void sumToReversesBroadcasting() {
        Gen<Case> gen = in -> {
            Sample s = Generators.views(Values.UNIFORM).generate(in);
            return new Case(s, Generators.broadcastable(in, Reference.shapeOf(s.tensor())), false);
        };
        theory(409, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor x = c.x().tensor();
            int[] target = c.dims();
            Reference.Nd expected = Reference.sumTo(x, target);
            int n = Math.max(1, x.numel() / Math.max(1, Reference.numel(target)));
            Reference.Nd abs = Reference.sumTo(x.abs(), target);
            Reference.Nd bound = new Reference.Nd(target, Arrays.stream(abs.values()).map(a -> (n + 1) * EPS * a).toArray());
            Tensor actual = x.sumTo(Shape.of(target));
            assertWithin(expected, bound, actual, "sumTo " + Arrays.toString(target) + " of " + c.x());
            if (Arrays.equals(target, Reference.shapeOf(x))) {
                assertSame(x, actual, "sumTo its own shape is the identity");
            }
        });
    }

    @Test
    void sumToRefusesShapesThatDoNotBroadcast() {
        Tensor x = Tensor.zeros(2, 3);
        assertThrowsWith(IllegalArgumentException.class, () -> x.sumTo(Shape.of(2)), "[2]", "[2, 3]");
        assertThrowsWith(IllegalArgumentException.class, () -> x.sumTo(Shape.of(1, 2, 3)), "[1, 2, 3]", "[2, 3]");
    }
}
