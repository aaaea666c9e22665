package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.assertExact;
import static io.jgrad.tensor.Checks.assertThrowsWith;
import static io.jgrad.tensor.Generators.draw;
import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.tensor.Generators.Sample;
import io.jgrad.tensor.Generators.Values;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/** cat, stack, gather, indexSelect and oneHot against index-by-index reference loops. */
class JoinIndexTest {
    private static final int EXAMPLES = 600;

    record Many(Sample[] parts, int dim) {
        Tensor[] tensors() {
            return Arrays.stream(parts).map(Sample::tensor).toArray(Tensor[]::new);
        }

        @Override
        public String toString() {
            return "dim " + dim + " of " + Arrays.toString(parts);
        }
    }

    @Test
    void catJoinsAlongADimension() {
        Gen<Many> gen = in -> {
            int[] shape = Generators.shape(in, 1, 4);
            int d = draw(in, 0, shape.length - 1);
            Sample[] parts = new Sample[draw(in, 1, 4)];
            for (int i = 0; i < parts.length; i++) {
                int[] s = shape.clone();
                s[d] = draw(in, 0, 5);
                parts[i] = Generators.view(in, s, Values.UNIFORM);
            }
            return new Many(parts, Generators.coin(in, 30) ? d - shape.length : d);
        };
        theory(601, EXAMPLES).forAll(gen).checkAssert(m -> {
            Tensor[] parts = m.tensors();
            int d = Math.floorMod(m.dim(), parts[0].rank());
            int[] shape = Reference.shapeOf(parts[0]);
            shape[d] = Arrays.stream(parts).mapToInt(t -> t.size(d)).sum();
            Reference.Nd expected = Reference.Nd.zeros(shape);
            Reference.forEachIndex(shape, idx -> {
                int[] at = idx.clone();
                int part = 0;
                while (at[d] >= parts[part].size(d)) {
                    at[d] -= parts[part++].size(d);
                }
                expected.put(idx, parts[part].get(at));
            });
            assertExact(expected, Tensor.cat(m.dim(), parts), "cat " + m);
        });
    }

    @Test
    void stackJoinsAlongANewDimension() {
        Gen<Many> gen = in -> {
            int[] shape = Generators.shape(in, 0, 3);
            Sample[] parts = new Sample[draw(in, 1, 4)];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = Generators.view(in, shape, Values.UNIFORM);
            }
            return new Many(parts, draw(in, -shape.length - 1, shape.length));
        };
        theory(602, EXAMPLES).forAll(gen).checkAssert(m -> {
            Tensor[] parts = m.tensors();
            int d = Math.floorMod(m.dim(), parts[0].rank() + 1);
            int[] shape = Reference.insert(Reference.shapeOf(parts[0]), d, parts.length);
            Reference.Nd expected = Reference.Nd.zeros(shape);
            Reference.forEachIndex(shape, idx -> expected.put(idx, parts[idx[d]].get(Reference.remove(idx, d))));
            assertExact(expected, Tensor.stack(m.dim(), parts), "stack " + m);
        });
    }

    /** A tensor of whole numbers below {@code bound}; sometimes laid out column-major. */
    static Tensor indices(RandomnessSource in, int[] shape, int bound) {
        SplittableRandom r = Generators.random(in);
        float[] v = new float[Reference.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(Math.max(bound, 1));
        }
        Tensor t = Tensor.of(v, shape);
        if (shape.length >= 2 && Generators.coin(in, 50)) {
            int[] reverse = new int[shape.length];
            for (int i = 0; i < reverse.length; i++) {
                reverse[i] = shape.length - 1 - i;
            }
            t = t.permute(reverse).contiguous().permute(reverse);
        }
        return t;
    }

    record Indexed(Sample x, int dim, Tensor index) {
        @Override
        public String toString() {
            return x + ", dim " + dim + ", index " + index.shape() + " strides " + Arrays.toString(index.strides())
                    + " " + Arrays.toString(Reference.elements(index));
        }
    }

    @Test
    void gatherPicksAlongADimension() {
        Gen<Indexed> gen = in -> {
            Sample x = Generators.views(1, 4, Values.UNIFORM).generate(in);
            int[] shape = Reference.shapeOf(x.tensor());
            int d = draw(in, 0, shape.length - 1);
            int[] indexShape = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                indexShape[i] = i == d ? draw(in, 0, 6) : draw(in, 0, shape[i]);
            }
            if (shape[d] == 0) {
                indexShape[d] = 0;
            }
            return new Indexed(x, Generators.coin(in, 30) ? d - shape.length : d, indices(in, indexShape, shape[d]));
        };
        theory(603, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor x = c.x().tensor(), index = c.index();
            int d = Math.floorMod(c.dim(), x.rank());
            Reference.Nd expected = Reference.Nd.zeros(Reference.shapeOf(index));
            Reference.forEachIndex(expected.shape(), idx -> {
                int[] at = idx.clone();
                at[d] = (int) index.get(idx);
                expected.put(idx, x.get(at));
            });
            assertExact(expected, x.gather(c.dim(), index), "gather " + c);
        });
    }

    record Scatter(Indexed target, Sample source) {
        @Override
        public String toString() {
            return target + "\n  source " + source;
        }
    }

    @Test
    void scatterAddAccumulatesAtTheNamedPositions() {
        Gen<Scatter> gen = in -> {
            Sample x = Generators.views(1, 4, Values.UNIFORM).generate(in);
            int[] shape = Reference.shapeOf(x.tensor());
            int d = draw(in, 0, shape.length - 1);
            int[] indexShape = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                indexShape[i] = i == d ? draw(in, 0, 6) : draw(in, 0, shape[i]);
            }
            if (shape[d] == 0) {
                indexShape[d] = 0;
            }
            Indexed target = new Indexed(x, Generators.coin(in, 30) ? d - shape.length : d, indices(in, indexShape, shape[d]));
            return new Scatter(target, Generators.view(in, indexShape, Values.UNIFORM));
        };
        theory(606, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor x = c.target().x().tensor(), index = c.target().index(), source = c.source().tensor();
            int d = Math.floorMod(c.target().dim(), x.rank());
            float[] before = Reference.elements(x);
            Reference.Nd expected = Reference.read(x);
            // Rounding: each addition costs a step on the running magnitude.
            Reference.Nd magnitude = Reference.unary(x, Math::abs);
            Reference.Nd count = Reference.Nd.zeros(Reference.shapeOf(x));
            Reference.forEachIndex(Reference.shapeOf(index), idx -> {
                int[] at = idx.clone();
                at[d] = (int) index.get(idx);
                expected.put(at, expected.at(at) + source.get(idx));
                magnitude.put(at, magnitude.at(at) + Math.abs(source.get(idx)));
                count.put(at, count.at(at) + 1);
            });
            Reference.Nd bound = Reference.Nd.zeros(expected.shape());
            for (int i = 0; i < bound.values().length; i++) {
                bound.values()[i] = (count.values()[i] + 1) * Checks.EPS * magnitude.values()[i];
            }
            Tensor out = x.scatterAdd(c.target().dim(), index, source);
            Checks.assertWithin(expected, bound, out, "scatterAdd " + c);
            assertArrayEquals(before, Reference.elements(x), "scatterAdd returns a new tensor and leaves this alone");
        });
    }

    @Test
    void indexSelectPicksWholeSlices() {
        Gen<Indexed> gen = in -> {
            Sample x = Generators.views(1, 4, Values.UNIFORM).generate(in);
            int[] shape = Reference.shapeOf(x.tensor());
            int d = draw(in, 0, shape.length - 1);
            int length = shape[d] == 0 ? 0 : draw(in, 0, 7);
            Tensor index = indices(in, new int[] {length}, shape[d]);
            if (length > 2 && Generators.coin(in, 30)) {
                // A strided index: every other entry of a longer one.
                index = indices(in, new int[] {length, 2}, shape[d]).select(1, 1);
            }
            return new Indexed(x, Generators.coin(in, 30) ? d - shape.length : d, index);
        };
        theory(604, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor x = c.x().tensor(), index = c.index();
            int d = Math.floorMod(c.dim(), x.rank());
            int[] shape = Reference.shapeOf(x);
            shape[d] = index.numel();
            Reference.Nd expected = Reference.Nd.zeros(shape);
            Reference.forEachIndex(shape, idx -> {
                int[] at = idx.clone();
                at[d] = (int) index.get(idx[d]);
                expected.put(idx, x.get(at));
            });
            assertExact(expected, x.indexSelect(c.dim(), index), "indexSelect " + c);
            int[] picks = new int[index.numel()];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = (int) index.get(i);
            }
            assertExact(expected, x.indexSelect(c.dim(), picks), "indexSelect by int[] " + c);
        });
    }

    @Test
    void oneHotMarksEachIndex() {
        Gen<Indexed> gen = in -> {
            int classes = draw(in, 0, 12);
            int[] shape = Generators.shape(in, 0, 3);
            if (classes == 0) {
                shape = Reference.insert(shape, 0, 0);
            }
            return new Indexed(new Sample(Tensor.scalar(0), "unused"), classes, indices(in, shape, classes));
        };
        theory(605, EXAMPLES).forAll(gen).checkAssert(c -> {
            Tensor index = c.index();
            int classes = c.dim();
            int[] shape = Reference.insert(Reference.shapeOf(index), index.rank(), classes);
            Reference.Nd expected = Reference.Nd.zeros(shape);
            Reference.forEachIndex(shape, idx -> {
                float label = index.get(Arrays.copyOf(idx, idx.length - 1));
                expected.put(idx, label == idx[idx.length - 1] ? 1 : 0);
            });
            assertExact(expected, Tensor.oneHot(index, classes), "oneHot " + c);
        });
    }

    // ------------------------------------------------------------ units and errors

    @Test
    void catAndStackByHand() {
        Tensor a = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor b = Tensor.of(new float[] {3, 4, 5, 6}, 2, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensor.cat(0, a, b).toArray());
        assertArrayEquals(new float[] {1, 3, 2, 4}, Tensor.stack(1, a.reshape(2), b.select(0, 0)).toArray());
        assertArrayEquals(new int[] {2, 2}, Tensor.stack(-1, a.reshape(2), b.select(0, 0)).shape().toArray());
    }

    @Test
    void joiningErrorsNameTheShapes() {
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.cat(0), "at least one");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.stack(0), "at least one");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Tensor.cat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)), "[2, 3]", "[2, 4]", "dimension 0");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Tensor.cat(1, Tensor.zeros(2, 3), Tensor.zeros(3)), "equal rank", "[2, 3]", "[3]");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Tensor.stack(0, Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "[2, 3]", "[3, 2]");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> Tensor.cat(2, Tensor.zeros(2, 3)), "dimension 2", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> Tensor.stack(3, Tensor.zeros(2, 3)), "dimension 3", "-3..2");
    }

    @Test
    void indexErrorsNameTheIndexAndTheRange() {
        Tensor x = Tensor.zeros(2, 3);
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> x.gather(1, Tensor.of(new float[] {0, 3}, 2, 1)), "index 3", "dimension 1", "size 3");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> x.gather(0, Tensor.of(new float[] {-1}, 1, 1)), "index -1", "dimension 0", "size 2");
        assertThrowsWith(IllegalArgumentException.class,
                () -> x.gather(1, Tensor.of(new float[] {0.5f}, 1, 1)), "whole numbers", "0.5");
        assertThrowsWith(IllegalArgumentException.class, () -> x.gather(1, Tensor.zeros(2)), "rank 2", "[2]");
        assertThrowsWith(IllegalArgumentException.class, () -> x.gather(1, Tensor.zeros(3, 1)), "[3, 1]", "[2, 3]");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> x.indexSelect(0, Tensor.of(new float[] {1, 2}, 2)), "index 2", "dimension 0", "size 2");
        assertThrowsWith(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.zeros(1, 1)), "1-D", "[1, 1]");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.indexSelect(0, new int[] {1, -1}), "index -1",
                "dimension 0", "size 2");
        assertThrowsWith(IllegalArgumentException.class, () -> x.indexSelect(0, (int[]) null), "indices", "null");
        assertThrowsWith(IllegalArgumentException.class,
                () -> x.indexSelect(1, Tensor.of(new float[] {Float.NaN}, 1)), "whole numbers", "NaN");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> Tensor.oneHot(Tensor.of(new float[] {1, 4}, 2), 4), "index 4", "4 classes");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> Tensor.oneHot(Tensor.of(new float[] {-2}, 1), 4), "index -2", "4 classes");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.oneHot(Tensor.zeros(1), -1), "non-negative", "-1");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Tensor.oneHot(Tensor.of(new float[] {1.25f}, 1), 4), "whole numbers", "1.25");
    }

    @Test
    void scatterAddErrorsNameTheShapesAndIndices() {
        Tensor x = Tensor.zeros(2, 3);
        assertThrowsWith(IllegalArgumentException.class,
                () -> x.scatterAdd(1, Tensor.zeros(2, 2), Tensor.zeros(2, 1)), "[2, 2]", "[2, 1]", "one shape");
        assertThrowsWith(IllegalArgumentException.class,
                () -> x.scatterAdd(1, Tensor.zeros(2), Tensor.zeros(2)), "scatterAdd", "rank 2", "[2]");
        assertThrowsWith(IllegalArgumentException.class,
                () -> x.scatterAdd(0, Tensor.zeros(1, 4), Tensor.zeros(1, 4)), "scatterAdd", "[1, 4]", "[2, 3]");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> x.scatterAdd(0, Tensor.of(new float[] {2}, 1, 1), Tensor.ones(1, 1)), "index 2", "dimension 0", "size 2");
        assertThrowsWith(IllegalArgumentException.class,
                () -> x.scatterAdd(1, Tensor.of(new float[] {0.5f}, 1, 1), Tensor.ones(1, 1)), "whole numbers");
    }

    @Test
    void scatterAddByHandWithRepeatedIndices() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor out = x.scatterAdd(0, Tensor.of(new float[] {2, 0, 2, 2}, 4), Tensor.of(new float[] {10, 20, 30, 40}, 4));
        assertArrayEquals(new float[] {21, 2, 83}, out.toArray());
    }

    @Test
    void gatherWithAnIndexLongerThanTheInputAlongDim() {
        Tensor x = Tensor.of(new float[] {10, 20, 30, 40}, 2, 2);
        Tensor picked = x.gather(1, Tensor.of(new float[] {1, 1, 0, 0, 1, 0}, 2, 3));
        assertArrayEquals(new float[] {20, 20, 10, 30, 40, 30}, picked.toArray());
        assertEquals(3, picked.size(1));
    }
}
