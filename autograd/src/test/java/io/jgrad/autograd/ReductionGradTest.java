package io.jgrad.autograd;

import static io.jgrad.autograd.Generators.bool;
import static io.jgrad.autograd.Generators.broadcastOperand;
import static io.jgrad.autograd.Generators.dim;
import static io.jgrad.autograd.Generators.distinctInput;
import static io.jgrad.autograd.Generators.input;
import static io.jgrad.autograd.Generators.intIn;
import static io.jgrad.autograd.Generators.permutation;
import static io.jgrad.autograd.Generators.shape;
import static io.jgrad.autograd.Generators.str;
import static io.jgrad.autograd.Generators.uniform;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.GradAssertions.Case;
import io.jgrad.autograd.Generators.Values;
import io.jgrad.tensor.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/** Gradient properties of the reductions and the normalizations along a dimension. */
class ReductionGradTest {
    private static final int EXAMPLES = 100;
    private static final Values ANY = uniform(-2f, 2f);

    private static void check(long seed, Gen<Case> cases) {
        qt().withFixedSeed(seed).withExamples(EXAMPLES).forAll(cases).checkAssert(GradAssertions::assertGradients);
    }

    /** A random subset of a rank's dimensions in random order and notation; empty means all of them. */
    private static int[] dims(RandomnessSource in, int rank) {
        int[] order = permutation(in, rank);
        int count = intIn(in, 0, rank);
        int[] dims = Arrays.copyOf(order, count);
        for (int i = 0; i < count; i++) {
            if (bool(in)) {
                dims[i] -= rank;
            }
        }
        return dims;
    }

    @Test
    void sumOfAll() {
        check(301, in -> new Case("sum()", xs -> xs[0].sum(), input(in, shape(in, 0, 3), ANY)));
    }

    @Test
    void sumOverOneDim() {
        check(302, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            boolean keepDim = bool(in);
            return new Case("sum(" + d + ", " + keepDim + ")", xs -> xs[0].sum(d, keepDim), input(in, shape, ANY));
        });
    }

    @Test
    void sumOverDims() {
        check(303, in -> {
            int[] shape = shape(in, 0, 3);
            int[] dims = dims(in, shape.length);
            boolean keepDim = bool(in);
            return new Case("sum(" + str(dims) + ", " + keepDim + ")", xs -> xs[0].sum(dims, keepDim),
                    input(in, shape, ANY));
        });
    }

    @Test
    void meanOfAll() {
        check(311, in -> new Case("mean()", xs -> xs[0].mean(), input(in, shape(in, 0, 3), ANY)));
    }

    @Test
    void meanOverOneDim() {
        check(312, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            boolean keepDim = bool(in);
            return new Case("mean(" + d + ", " + keepDim + ")", xs -> xs[0].mean(d, keepDim), input(in, shape, ANY));
        });
    }

    @Test
    void meanOverDims() {
        check(313, in -> {
            int[] shape = shape(in, 0, 3);
            int[] dims = dims(in, shape.length);
            boolean keepDim = bool(in);
            return new Case("mean(" + str(dims) + ", " + keepDim + ")", xs -> xs[0].mean(dims, keepDim),
                    input(in, shape, ANY));
        });
    }

    @Test
    void maxAndMinOverDim() {
        // Elements pairwise 0.1 apart: no ties, and a step of GradCheck never changes the winner.
        check(321, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            boolean keepDim = bool(in);
            boolean max = bool(in);
            return new Case((max ? "max(" : "min(") + d + ", " + keepDim + ")",
                    xs -> max ? xs[0].max(d, keepDim) : xs[0].min(d, keepDim), distinctInput(in, shape, 0.1f));
        });
    }

    @Test
    void var() {
        check(331, in -> {
            int[] shape = shape(in, 0, 3);
            int[] dims = dims(in, shape.length);
            boolean keepDim = bool(in);
            int reduced = 1;
            for (int d = 0; d < shape.length; d++) {
                int dd = d;
                if (dims.length == 0 || Arrays.stream(dims).anyMatch(x -> Math.floorMod(x, shape.length) == dd)) {
                    reduced *= shape[d];
                }
            }
            // The unbiased estimate needs two elements per slice; a single one divides by zero.
            int correction = reduced > 1 ? intIn(in, 0, 1) : 0;
            return new Case("var(" + str(dims) + ", " + keepDim + ", " + correction + ")",
                    xs -> xs[0].var(dims, keepDim, correction), input(in, shape, ANY));
        });
    }

    @Test
    void logSumExp() {
        check(341, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            boolean keepDim = bool(in);
            return new Case("logSumExp(" + d + ", " + keepDim + ")", xs -> xs[0].logSumExp(d, keepDim),
                    input(in, shape, uniform(-3f, 3f)));
        });
    }

    @Test
    void softmax() {
        check(351, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            return new Case("softmax(" + d + ")", xs -> xs[0].softmax(d), input(in, shape, uniform(-3f, 3f)));
        });
    }

    @Test
    void logSoftmax() {
        check(361, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            return new Case("logSoftmax(" + d + ")", xs -> xs[0].logSoftmax(d), input(in, shape, uniform(-3f, 3f)));
        });
    }

    @Test
    void wideReductions() {
        check(381, in -> {
            int[] shape = Generators.wideShape(in);
            int d = dim(in, shape.length);
            boolean keepDim = bool(in);
            return switch (intIn(in, 0, 4)) {
                case 0 -> new Case("sum(" + d + ", " + keepDim + ")", xs -> xs[0].sum(d, keepDim), input(in, shape, ANY));
                case 1 -> new Case("max(" + d + ", " + keepDim + ")", xs -> xs[0].max(d, keepDim),
                        distinctInput(in, shape, 0.05f));
                case 2 -> new Case("softmax(" + d + ")", xs -> xs[0].softmax(d), input(in, shape, ANY));
                case 3 -> new Case("logSumExp(" + d + ", " + keepDim + ")", xs -> xs[0].logSumExp(d, keepDim),
                        input(in, shape, ANY));
                default -> {
                    Shape target = Shape.of(broadcastOperand(in, shape));
                    yield new Case("sumTo(" + target + ")", xs -> xs[0].sumTo(target), input(in, shape, ANY));
                }
            };
        });
    }

    @Test
    void sumTo() {
        check(371, in -> {
            int[] shape = shape(in, 0, 3);
            Shape target = Shape.of(broadcastOperand(in, shape));
            return new Case("sumTo(" + target + ")", xs -> xs[0].sumTo(target), input(in, shape, ANY));
        });
    }
}
