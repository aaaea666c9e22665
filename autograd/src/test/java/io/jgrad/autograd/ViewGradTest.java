package io.jgrad.autograd;

import static io.jgrad.autograd.Generators.bool;
import static io.jgrad.autograd.Generators.dim;
import static io.jgrad.autograd.Generators.indices;
import static io.jgrad.autograd.Generators.input;
import static io.jgrad.autograd.Generators.intIn;
import static io.jgrad.autograd.Generators.permutation;
import static io.jgrad.autograd.Generators.shape;
import static io.jgrad.autograd.Generators.str;
import static io.jgrad.autograd.Generators.uniform;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.GradAssertions.Case;
import io.jgrad.autograd.Generators.Values;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Gradient properties of the views, joins and indexing ops. Their inputs are themselves random
 * views, so e.g. a reshape of a transposed tensor (which must copy) is covered.
 */
class ViewGradTest {
    private static final int EXAMPLES = 100;
    private static final Values ANY = uniform(-2f, 2f);

    private static void check(long seed, Gen<Case> cases) {
        qt().withFixedSeed(seed).withExamples(EXAMPLES).forAll(cases).checkAssert(GradAssertions::assertGradients);
    }

    /** A random shape with {@code numel} elements, of rank 0..3 (rank 0 only for one element). */
    private static int[] reshapeTarget(RandomnessSource in, int numel) {
        List<Integer> factors = new ArrayList<>();
        int rest = numel;
        for (int p = 2; rest > 1; p++) {
            while (rest % p == 0) {
                factors.add(p);
                rest /= p;
            }
        }
        int rank = intIn(in, numel == 1 ? 0 : 1, 3);
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        for (int f : factors) {
            dims[intIn(in, 0, rank - 1)] *= f;
        }
        return dims;
    }

    @Test
    void reshape() {
        check(501, in -> {
            int[] shape = shape(in, 0, 3);
            int[] target = reshapeTarget(in, Arrays.stream(shape).reduce(1, (a, b) -> a * b));
            if (target.length > 0 && bool(in)) {
                target[intIn(in, 0, target.length - 1)] = -1;
            }
            return new Case("reshape" + str(target), xs -> xs[0].reshape(target), input(in, shape, ANY));
        });
    }

    @Test
    void transpose() {
        check(511, in -> {
            int[] shape = shape(in, 1, 3);
            int d0 = dim(in, shape.length), d1 = dim(in, shape.length);
            return new Case("transpose(" + d0 + ", " + d1 + ")", xs -> xs[0].transpose(d0, d1), input(in, shape, ANY));
        });
    }

    @Test
    void matrixTranspose() {
        check(512, in -> new Case("t()", xs -> xs[0].t(), input(in, shape(in, 0, 2), ANY)));
    }

    @Test
    void permute() {
        check(521, in -> {
            int[] shape = shape(in, 0, 3);
            int[] order = permutation(in, shape.length);
            for (int i = 0; i < order.length; i++) {
                if (bool(in)) {
                    order[i] -= shape.length;
                }
            }
            return new Case("permute" + str(order), xs -> xs[0].permute(order), input(in, shape, ANY));
        });
    }

    @Test
    void expand() {
        check(531, in -> {
            int[] target = shape(in, 0, 3);
            int[] source = Generators.broadcastOperand(in, target);
            int[] sizes = target.clone();
            int shift = target.length - source.length;
            for (int i = shift; i < target.length; i++) {
                if (source[i - shift] == target[i] && bool(in)) {
                    sizes[i] = -1;
                }
            }
            return new Case("expand" + str(sizes), xs -> xs[0].expand(sizes), input(in, source, ANY));
        });
    }

    @Test
    void squeezeAndUnsqueeze() {
        check(541, in -> {
            int[] shape = shape(in, 0, 3);
            for (int i = 0; i < shape.length; i++) {
                if (bool(in)) {
                    shape[i] = 1;
                }
            }
            int kind = intIn(in, 0, 2);
            if (kind == 0 && shape.length > 0) {
                int d = dim(in, shape.length);
                return new Case("squeeze(" + d + ")", xs -> xs[0].squeeze(d), input(in, shape, ANY));
            }
            if (kind == 1) {
                return new Case("squeeze()", xs -> xs[0].squeeze(), input(in, shape, ANY));
            }
            int d = intIn(in, -shape.length - 1, shape.length);
            return new Case("unsqueeze(" + d + ")", xs -> xs[0].unsqueeze(d), input(in, shape, ANY));
        });
    }

    @Test
    void narrow() {
        check(551, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            int size = shape[Math.floorMod(d, shape.length)];
            int start = intIn(in, 0, size - 1);
            int length = intIn(in, 0, size - start);
            int written = bool(in) ? start : start - size;
            return new Case("narrow(" + d + ", " + written + ", " + length + ")", xs -> xs[0].narrow(d, written, length),
                    input(in, shape, ANY));
        });
    }

    @Test
    void select() {
        check(561, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            int size = shape[Math.floorMod(d, shape.length)];
            int index = intIn(in, -size, size - 1);
            return new Case("select(" + d + ", " + index + ")", xs -> xs[0].select(d, index), input(in, shape, ANY));
        });
    }

    @Test
    void flatten() {
        check(571, in -> {
            int[] shape = shape(in, 0, 3);
            if (shape.length == 0 || bool(in)) {
                return new Case("flatten()", xs -> xs[0].flatten(), input(in, shape, ANY));
            }
            int start = intIn(in, 0, shape.length - 1);
            int end = intIn(in, start, shape.length - 1);
            int s = bool(in) ? start : start - shape.length;
            int e = bool(in) ? end : end - shape.length;
            return new Case("flatten(" + s + ", " + e + ")", xs -> xs[0].flatten(s, e), input(in, shape, ANY));
        });
    }

    @Test
    void cat() {
        check(581, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            int count = intIn(in, 1, 3);
            Input[] inputs = new Input[count];
            int[][] shapes = new int[count][];
            for (int i = 0; i < count; i++) {
                shapes[i] = shape.clone();
                shapes[i][Math.floorMod(d, shape.length)] = intIn(in, 1, 3);
                inputs[i] = input(in, shapes[i], ANY);
            }
            return new Case("cat(" + d + ") of " + GradAssertions.shapes(shapes), xs -> Variable.cat(d, xs), inputs);
        });
    }

    @Test
    void stack() {
        check(591, in -> {
            int[] shape = shape(in, 0, 2);
            int d = intIn(in, -shape.length - 1, shape.length);
            int count = intIn(in, 1, 3);
            Input[] inputs = new Input[count];
            for (int i = 0; i < count; i++) {
                inputs[i] = input(in, shape, ANY);
            }
            return new Case("stack(" + d + ") of " + count + " x " + str(shape), xs -> Variable.stack(d, xs), inputs);
        });
    }

    /** An index for gather/scatterAdd along {@code d} of {@code shape}: no larger elsewhere, any size along d. */
    private static Tensor gatherIndex(RandomnessSource in, int[] shape, int d) {
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = i == d ? intIn(in, 1, 5) : intIn(in, 1, shape[i]);
        }
        return indices(in, dims, shape[d]);
    }

    @Test
    void gather() {
        // Indices repeat, so the backward's scatter must add the repeats up.
        check(601, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            Tensor index = gatherIndex(in, shape, Math.floorMod(d, shape.length));
            return new Case("gather(" + d + ", " + index + ")", xs -> xs[0].gather(d, index), input(in, shape, ANY));
        });
    }

    @Test
    void scatterAdd() {
        check(611, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            Tensor index = gatherIndex(in, shape, Math.floorMod(d, shape.length));
            return new Case("scatterAdd(" + d + ", " + index + ", source)", xs -> xs[0].scatterAdd(d, index, xs[1]),
                    input(in, shape, ANY), input(in, index.shape().toArray(), ANY));
        });
    }

    @Test
    void indexSelect() {
        check(621, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            Tensor index = indices(in, new int[] {intIn(in, 1, 5)}, shape[Math.floorMod(d, shape.length)]);
            return new Case("indexSelect(" + d + ", " + index + ")", xs -> xs[0].indexSelect(d, index),
                    input(in, shape, ANY));
        });
    }
}
