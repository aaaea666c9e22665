package io.jgrad.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for tensor tests: shapes, tensors, non-contiguous views of a given
 * shape, and broadcast-compatible shape pairs.
 *
 * <p>Structure (ranks, sizes, view recipes) is drawn from the QuickTheories source so that it
 * shrinks; element values come from a {@link SplittableRandom} seeded by a drawn long, so every
 * sample is reproducible from the theory's fixed seed.
 */
final class Generators {
    /** Rows up to this long appear, so the vector width (16 floats on AVX-512) is exceeded with a tail. */
    static final int MAX_ROW = 40;
    /** Shapes are shrunk below this element count to keep the suite fast. */
    static final int MAX_NUMEL = 2000;

    private Generators() {
    }

    /** A theory with a fixed seed, so that any failure reproduces. */
    static QuickTheory theory(long seed, int examples) {
        return QuickTheory.qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(300);
    }

    /** How element values are drawn. */
    enum Values {
        /** Uniform in [-4, 4). */
        UNIFORM,
        /** Whole numbers in [-3, 3] and -0.0, so that ties and equalities are frequent. */
        SMALL_INTS,
        /** Uniform in [0.1, 4.1), for log, sqrt, pow and division. */
        POSITIVE,
        /** Uniform in [-20, 20), for the saturating functions. */
        WIDE,
        /** Around 1000 or -1000, where a naive exp overflows or underflows. */
        LARGE;

        float draw(SplittableRandom random) {
            return switch (this) {
                case UNIFORM -> (float) random.nextDouble(-4, 4);
                case SMALL_INTS -> {
                    int v = random.nextInt(-3, 5);
                    yield v == 4 ? -0.0f : v;
                }
                case POSITIVE -> (float) random.nextDouble(0.1, 4.1);
                case WIDE -> (float) random.nextDouble(-20, 20);
                case LARGE -> (float) ((random.nextBoolean() ? 1000 : -1000) + random.nextDouble(-10, 10));
            };
        }
    }

    /** A tensor with the recipe that built it, for readable failure reports. */
    record Sample(Tensor tensor, String recipe) {
        @Override
        public String toString() {
            float[] values = Reference.elements(tensor);
            String shown = values.length <= 48 ? Arrays.toString(values)
                    : Arrays.toString(Arrays.copyOf(values, 48)).replace("]", ", ...]");
            return recipe + " -> shape " + tensor.shape() + ", strides " + Arrays.toString(tensor.strides())
                    + ", offset " + tensor.offset() + ", values " + shown;
        }
    }

    // ------------------------------------------------------------ drawing helpers

    static int draw(RandomnessSource in, int lo, int hi) {
        return Generate.range(lo, hi).generate(in);
    }

    static boolean coin(RandomnessSource in, int percent) {
        return draw(in, 0, 99) < percent;
    }

    static SplittableRandom random(RandomnessSource in) {
        return new SplittableRandom(Generate.longRange(0, Long.MAX_VALUE).generate(in));
    }

    static float[] values(SplittableRandom random, int n, Values values) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = values.draw(random);
        }
        return data;
    }

    // ------------------------------------------------------------ shapes

    /** One dimension's size: mostly small, sometimes 0 or 1, and for the last dimension sometimes past 16. */
    static int size(RandomnessSource in, boolean last) {
        int pick = draw(in, 0, 99);
        if (pick < 3) {
            return 0;
        }
        if (pick < 20) {
            return 1;
        }
        if (pick < 60) {
            return draw(in, 2, 6);
        }
        if (pick < 85 || !last) {
            return draw(in, 7, 20);
        }
        return draw(in, 17, MAX_ROW);
    }

    static int[] shape(RandomnessSource in, int minRank, int maxRank) {
        int rank = draw(in, minRank, maxRank);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = size(in, i == rank - 1);
        }
        return capped(dims, MAX_NUMEL);
    }

    /** Halves the largest dimension until the element count is at most {@code max}. */
    static int[] capped(int[] dims, int max) {
        while (Reference.numel(dims) > max) {
            int largest = 0;
            for (int i = 1; i < dims.length; i++) {
                largest = dims[i] > dims[largest] ? i : largest;
            }
            dims[largest] = (dims[largest] + 1) / 2;
        }
        return dims;
    }

    /** Shapes of rank {@code minRank..maxRank}. */
    static Gen<int[]> shapes(int minRank, int maxRank) {
        Gen<int[]> gen = in -> shape(in, minRank, maxRank);
        return gen.describedAs(Arrays::toString);
    }

    /** Shapes of rank 0 to 4. */
    static Gen<int[]> shapes() {
        return shapes(0, 4);
    }

    /**
     * Two shapes that broadcast together: each is a common shape with some leading dimensions
     * dropped and some others set to 1, so broadcasting runs in both directions.
     */
    static Gen<int[][]> broadcastPairs(int minRank, int maxRank) {
        Gen<int[][]> gen = in -> {
            int[] common = shape(in, minRank, maxRank);
            return new int[][] {broadcastable(in, common), broadcastable(in, common)};
        };
        return gen.describedAs(p -> Arrays.toString(p[0]) + " and " + Arrays.toString(p[1]));
    }

    /** A shape that broadcasts to {@code target}: leading dims dropped and some set to 1. */
    static int[] broadcastable(RandomnessSource in, int[] target) {
        int drop = coin(in, 30) ? draw(in, 0, target.length) : 0;
        int[] dims = Arrays.copyOfRange(target, drop, target.length);
        for (int i = 0; i < dims.length; i++) {
            if (coin(in, 30)) {
                dims[i] = 1;
            }
        }
        return dims;
    }

    // ------------------------------------------------------------ tensors and views

    /** A contiguous tensor of {@code shape} with fresh values. */
    static Tensor contiguous(SplittableRandom random, int[] shape, Values values) {
        return Tensor.of(values(random, Reference.numel(shape), values), shape);
    }

    /** Contiguous tensors of random shape. */
    static Gen<Sample> tensors(Values values) {
        return in -> {
            int[] shape = shape(in, 0, 4);
            return new Sample(contiguous(random(in), shape, values), "contiguous");
        };
    }

    /** Tensors of random shape, contiguous or views of every kind. */
    static Gen<Sample> views(Values values) {
        return in -> view(in, shape(in, 0, 4), values);
    }

    /** Tensors of rank {@code minRank..maxRank}, contiguous or views. */
    static Gen<Sample> views(int minRank, int maxRank, Values values) {
        return in -> view(in, shape(in, minRank, maxRank), values);
    }

    /** Tensors of the given shape, contiguous or views. */
    static Gen<Sample> views(int[] shape, Values values) {
        return in -> view(in, shape, values);
    }

    /** Pairs of tensors whose shapes broadcast together, each contiguous or a view. */
    static Gen<Sample[]> broadcastOperands(Values first, Values second) {
        Gen<Sample[]> gen = in -> {
            int[] common = shape(in, 0, 4);
            return new Sample[] {view(in, broadcastable(in, common), first), view(in, broadcastable(in, common), second)};
        };
        return gen.describedAs(p -> p[0] + "\n  and " + p[1]);
    }

    /** A tensor of {@code shape}: one time in five contiguous, else built by one to three view operations. */
    static Sample view(RandomnessSource in, int[] shape, Values values) {
        return view(in, shape, values, coin(in, 20) ? 0 : draw(in, 1, 3));
    }

    private static Sample view(RandomnessSource in, int[] shape, Values values, int depth) {
        if (depth == 0) {
            return new Sample(contiguous(random(in), shape, values), "contiguous " + Arrays.toString(shape));
        }
        int rank = shape.length;
        // Starting from a drawn recipe, take the first one that applies to this rank.
        int first = draw(in, 0, 4);
        for (int k = 0; k < 5; k++) {
            switch ((first + k) % 5) {
                case 0 -> {
                    if (rank >= 2) {
                        return permuted(in, shape, values, depth);
                    }
                }
                case 1 -> {
                    if (rank >= 1) {
                        return narrowed(in, shape, values, depth);
                    }
                }
                case 2 -> {
                    if (rank <= 4) {
                        return selected(in, shape, values, depth);
                    }
                }
                case 3 -> {
                    if (rank >= 1) {
                        return expanded(in, shape, values, depth);
                    }
                }
                default -> {
                    return contiguousWithOffset(in, shape, values);
                }
            }
        }
        throw new AssertionError("the offset recipe always applies");
    }

    /** {@code base.permute(order)} where base has the permuted shape. */
    private static Sample permuted(RandomnessSource in, int[] shape, Values values, int depth) {
        int rank = shape.length;
        int[] order = permutation(in, rank);
        int[] baseShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            baseShape[order[i]] = shape[i];
        }
        Sample base = view(in, baseShape, values, depth - 1);
        return new Sample(base.tensor().permute(order), "permute" + Arrays.toString(order) + " of (" + base.recipe() + ")");
    }

    /** {@code base.narrow(d, start, shape[d])} where base is larger along d. */
    private static Sample narrowed(RandomnessSource in, int[] shape, Values values, int depth) {
        int d = draw(in, 0, shape.length - 1);
        int extra = draw(in, 1, 4);
        int start = draw(in, 0, extra);
        int[] baseShape = shape.clone();
        baseShape[d] += extra;
        Sample base = view(in, baseShape, values, depth - 1);
        return new Sample(base.tensor().narrow(d, start, shape[d]),
                "narrow(" + d + ", " + start + ", " + shape[d] + ") of (" + base.recipe() + ")");
    }

    /** {@code base.select(d, index)} where base has an extra dimension at d. */
    private static Sample selected(RandomnessSource in, int[] shape, Values values, int depth) {
        int d = draw(in, 0, shape.length);
        int size = draw(in, 1, 3);
        int index = draw(in, 0, size - 1);
        int[] baseShape = new int[shape.length + 1];
        for (int i = 0, j = 0; i < baseShape.length; i++) {
            baseShape[i] = i == d ? size : shape[j++];
        }
        Sample base = view(in, baseShape, values, depth - 1);
        return new Sample(base.tensor().select(d, index),
                "select(" + d + ", " + index + ") of (" + base.recipe() + ")");
    }

    /** {@code base.expand(shape)} where base lacks some leading dims and has 1 in some others. */
    private static Sample expanded(RandomnessSource in, int[] shape, Values values, int depth) {
        int drop = draw(in, 0, shape.length);
        int[] baseShape = Arrays.copyOfRange(shape, drop, shape.length);
        for (int i = 0; i < baseShape.length; i++) {
            if (coin(in, 50)) {
                baseShape[i] = 1;
            }
        }
        Sample base = view(in, baseShape, values, depth - 1);
        return new Sample(base.tensor().expand(shape),
                "expand" + Arrays.toString(shape) + " of (" + base.recipe() + ")");
    }

    /** A contiguous tensor that starts inside a larger storage (a narrow of the first dim). */
    private static Sample contiguousWithOffset(RandomnessSource in, int[] shape, Values values) {
        int before = draw(in, 1, 3);
        int[] baseShape = new int[shape.length + 1];
        baseShape[0] = before + 2;
        System.arraycopy(shape, 0, baseShape, 1, shape.length);
        Tensor base = contiguous(random(in), baseShape, values);
        return new Sample(base.select(0, before), "select(0, " + before + ") of contiguous " + Arrays.toString(baseShape));
    }

    static int[] permutation(RandomnessSource in, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = draw(in, 0, i);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** A random subset of {@code 0..rank-1}, possibly empty. */
    static int[] dimSubset(RandomnessSource in, int rank) {
        int[] dims = new int[rank];
        int count = 0;
        for (int d = 0; d < rank; d++) {
            if (coin(in, 50)) {
                dims[count++] = d;
            }
        }
        return Arrays.copyOf(dims, count);
    }
}
