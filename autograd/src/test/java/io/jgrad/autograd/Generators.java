package io.jgrad.autograd;

import static org.quicktheories.generators.SourceDSL.integers;

import io.jgrad.tensor.Tensor;
import java.util.Arrays;
import org.quicktheories.core.RandomnessSource;

/**
 * Random shapes, broadcast partners and tensor values for the gradient properties. Everything
 * is drawn from QuickTheories' {@link RandomnessSource}, so a failing case is reproducible from
 * the property's fixed seed and shrinks towards small shapes and the low end of each range.
 *
 * <p>Shapes stay small (sizes 1–5, ranks 0–3): {@link GradCheck} runs two forward passes per
 * input element.
 */
final class Generators {
    static final int MAX_SIZE = 5;
    static final int MAX_RANK = 3;

    private Generators() {
    }

    /** An int in {@code [lo, hi]}. */
    static int intIn(RandomnessSource in, int lo, int hi) {
        return integers().between(lo, hi).generate(in);
    }

    static boolean bool(RandomnessSource in) {
        return intIn(in, 0, 1) == 1;
    }

    /** A shape of rank {@code minRank..maxRank} with sizes {@code 1..MAX_SIZE}. */
    static int[] shape(RandomnessSource in, int minRank, int maxRank) {
        int[] dims = new int[intIn(in, minRank, maxRank)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = intIn(in, 1, MAX_SIZE);
        }
        return dims;
    }

    /**
     * A shape of rank 1–3 whose last size, 14–40, spans whole SIMD vectors plus a tail (the
     * preferred species holds 8 or 16 floats), with sizes 1–3 before it: the kernels' fast paths
     * under autograd, at a cost GradCheck can still afford.
     */
    static int[] wideShape(RandomnessSource in) {
        int[] dims = shape(in, 0, 2);
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.min(dims[i], 3);
        }
        dims = Arrays.copyOf(dims, dims.length + 1);
        dims[dims.length - 1] = intIn(in, 14, 40);
        return dims;
    }

    /** A valid dimension of a tensor of {@code rank}, written either from the front or from the end. */
    static int dim(RandomnessSource in, int rank) {
        int d = intIn(in, 0, rank - 1);
        return bool(in) ? d - rank : d;
    }

    /** A random permutation of {@code 0..n-1}. */
    static int[] permutation(RandomnessSource in, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = intIn(in, 0, i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * A shape that broadcasts to {@code out}: some leading dimensions dropped and some of the
     * others set to 1.
     */
    static int[] broadcastOperand(RandomnessSource in, int[] out) {
        int dropped = intIn(in, 0, out.length);
        int[] dims = Arrays.copyOfRange(out, dropped, out.length);
        for (int i = 0; i < dims.length; i++) {
            if (intIn(in, 0, 2) == 0) {
                dims[i] = 1;
            }
        }
        return dims;
    }

    /**
     * Two shapes that broadcast together: each is shrunk independently from a random common
     * result shape, so either side (or both, as in {@code [3, 1]} with {@code [4]}) may be the
     * one that is stretched.
     */
    static int[][] broadcastPair(RandomnessSource in) {
        int[] out = shape(in, 0, MAX_RANK);
        return new int[][] {broadcastOperand(in, out), broadcastOperand(in, out)};
    }

    /** How to draw one element value. */
    @FunctionalInterface
    interface Values {
        float draw(RandomnessSource in);
    }

    /** Uniform on {@code [lo, hi]} (on a grid of 10,000 steps, so it shrinks towards {@code lo}). */
    static Values uniform(float lo, float hi) {
        return in -> lo + (hi - lo) * intIn(in, 0, 10_000) / 10_000f;
    }

    /** A magnitude in {@code [min, max]} with either sign: values kept away from a kink at 0. */
    static Values awayFromZero(float min, float max) {
        Values magnitude = uniform(min, max);
        return in -> bool(in) ? magnitude.draw(in) : -magnitude.draw(in);
    }

    /**
     * {@code offset + spacing * k} for an integer {@code k} in {@code [-halfWidth, halfWidth]}:
     * two tensors drawn with offsets that differ by half the spacing never hold equal elements.
     */
    static Values grid(float spacing, float offset, int halfWidth) {
        return in -> offset + spacing * intIn(in, -halfWidth, halfWidth);
    }

    /** A tensor of {@code shape} with elements drawn from {@code values}. */
    static Tensor tensor(RandomnessSource in, int[] shape, Values values) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = values.draw(in);
        }
        return Tensor.of(data, shape);
    }

    /** A tensor whose elements are pairwise at least {@code spacing} apart (a shuffled grid), so it has no ties. */
    static Tensor distinct(RandomnessSource in, int[] shape, float spacing) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int[] order = permutation(in, n);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (order[i] - (n - 1) / 2f) * spacing;
        }
        return Tensor.of(data, shape);
    }

    /** An index tensor of {@code shape} holding whole numbers in {@code [0, bound)}, repeats allowed. */
    static Tensor indices(RandomnessSource in, int[] shape, int bound) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = intIn(in, 0, bound - 1);
        }
        return Tensor.of(data, shape);
    }

    /** An input presented through a random (usually non-contiguous) view, with values from {@code values}. */
    static Input input(RandomnessSource in, int[] shape, Values values) {
        Layout layout = Layout.random(in, shape, true);
        return new Input(tensor(in, layout.stored(), values), layout);
    }

    /**
     * An input without ties (pairwise {@code spacing} apart), presented through a random view
     * that repeats no element.
     */
    static Input distinctInput(RandomnessSource in, int[] shape, float spacing) {
        Layout layout = Layout.random(in, shape, false);
        return new Input(distinct(in, layout.stored(), spacing), layout);
    }

    static String str(int[] dims) {
        return Arrays.toString(dims);
    }
}
