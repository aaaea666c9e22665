package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.EPS;
import static io.jgrad.tensor.Checks.assertThrowsWith;
import static io.jgrad.tensor.Checks.assertWithin;
import static io.jgrad.tensor.Generators.draw;
import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.tensor.Generators.Sample;
import io.jgrad.tensor.Generators.Values;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * {@link Tensor#matmul} against a double-accumulating triple loop, for every combination of
 * operand ranks NumPy defines, with broadcast batch dimensions and operands that are
 * transposed, narrowed, selected or expanded views.
 */
class TensorMatmulTest {
    private static final int EXAMPLES = 500;

    record Case(Sample a, Sample b) {
        @Override
        public String toString() {
            return "a = " + a + "\n  b = " + b;
        }
    }

    /** A matrix dimension: 0 now and then, often small, sometimes past one or two vector widths. */
    static int dim(RandomnessSource in) {
        int pick = draw(in, 0, 99);
        return pick < 4 ? 0 : pick < 15 ? 1 : pick < 65 ? draw(in, 2, 12) : draw(in, 13, 40);
    }

    /** Batch shapes of rank 0-2 with small sizes. */
    static int[] batch(RandomnessSource in) {
        int[] dims = new int[draw(in, 0, 2)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = draw(in, 1, 3);
        }
        return dims;
    }

    static int[] concat(int[] batch, int... tail) {
        int[] out = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, out, batch.length, tail.length);
        return out;
    }

    /** Operands of the given ranks (1, 2, or 3 meaning "2 plus broadcast batch dims"). */
    static Gen<Case> cases(int rankA, int rankB) {
        return in -> {
            int m = dim(in), k = dim(in), n = dim(in);
            int[] common = batch(in);
            int[] batchA = rankA == 3 ? Generators.broadcastable(in, common) : new int[0];
            int[] batchB = rankB == 3 ? Generators.broadcastable(in, common) : new int[0];
            int[] a = rankA == 1 ? new int[] {k} : concat(batchA, m, k);
            int[] b = rankB == 1 ? new int[] {k} : concat(batchB, k, n);
            Values kind = Generators.coin(in, 80) ? Values.UNIFORM : Values.SMALL_INTS;
            return new Case(Generators.view(in, a, kind), Generators.view(in, b, kind));
        };
    }

    static void check(Case c) {
        Tensor a = c.a().tensor(), b = c.b().tensor();
        float[] aBefore = Reference.elements(a), bBefore = Reference.elements(b);
        Tensor product = a.matmul(b);
        Reference.Nd expected = Reference.matmul(a, b, false);
        Reference.Nd magnitude = Reference.matmul(a, b, true);
        int k = a.size(-1);
        // A k-term float32 dot product is within about k rounding steps of the sum of |a||b|.
        Reference.Nd bound = new Reference.Nd(magnitude.shape(),
                Arrays.stream(magnitude.values()).map(v -> (k + 2) * EPS * v).toArray());
        assertWithin(expected, bound, product, "matmul of " + c);
        assertArrayEquals(aBefore, Reference.elements(a), "matmul leaves its operands alone");
        assertArrayEquals(bBefore, Reference.elements(b), "matmul leaves its operands alone");
    }

    @Test
    void vectorDotVector() {
        theory(501, EXAMPLES).forAll(cases(1, 1)).checkAssert(TensorMatmulTest::check);
    }

    @Test
    void vectorTimesMatrix() {
        theory(502, EXAMPLES).forAll(cases(1, 2)).checkAssert(TensorMatmulTest::check);
    }

    @Test
    void matrixTimesVector() {
        theory(503, EXAMPLES).forAll(cases(2, 1)).checkAssert(TensorMatmulTest::check);
    }

    @Test
    void matrixTimesMatrix() {
        theory(504, EXAMPLES).forAll(cases(2, 2)).checkAssert(TensorMatmulTest::check);
    }

    @Test
    void batchedWithBroadcastBatchDims() {
        theory(505, EXAMPLES).forAll(cases(3, 3)).checkAssert(TensorMatmulTest::check);
    }

    @Test
    void batchedTimesSharedMatrixAndBack() {
        theory(506, EXAMPLES).forAll(cases(3, 2).mix(cases(2, 3))).checkAssert(TensorMatmulTest::check);
    }

    @Test
    void vectorsAgainstBatches() {
        theory(507, EXAMPLES).forAll(cases(1, 3).mix(cases(3, 1))).checkAssert(TensorMatmulTest::check);
    }

    @Test
    void transposedOperandsAreReadInPlace() {
        Tensor a = Tensor.arange(6).reshape(3, 2);
        Tensor b = Tensor.arange(6).reshape(2, 3);
        // a.t() = [[0, 2, 4], [1, 3, 5]], b.t() = [[0, 3], [1, 4], [2, 5]]
        Tensor p = a.t().matmul(b.t());
        assertArrayEquals(new int[] {2, 2}, p.shape().toArray());
        assertArrayEquals(new float[] {0 + 2 + 8, 0 + 8 + 20, 0 + 3 + 10, 3 + 12 + 25}, p.toArray());
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor p = Tensor.ones(3, 0).matmul(Tensor.ones(0, 4));
        assertEquals(Tensor.zeros(3, 4), p);
        assertEquals(Tensor.scalar(0f), Tensor.zeros(0).matmul(Tensor.zeros(0)));
    }

    @Test
    void shapeErrorsNameBothOperands() {
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)),
                "[2, 3]", "[4, 5]", "3", "4");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4)),
                "[3]", "[4]");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.scalar(1)),
                "rank at least 1", "[2, 3]", "[]");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 4, 3).matmul(Tensor.zeros(3, 3, 5)), "[2, 4, 3]", "[3, 3, 5]", "batch", "broadcast");
    }
}
