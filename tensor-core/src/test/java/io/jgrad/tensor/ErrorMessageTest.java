package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.assertThrowsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A user's mistake must raise an exception that says what was expected and what was given:
 * these tests pin the content of the messages, not only their type.
 */
class ErrorMessageTest {
    private final Tensor x = Tensor.zeros(2, 3);

    @Test
    void broadcastMismatchNamesBothShapes() {
        Tensor a = Tensor.zeros(32, 784), b = Tensor.zeros(128, 10);
        assertThrowsWith(IllegalArgumentException.class, () -> a.add(b), "shapes [32, 784] and [128, 10] cannot be broadcast");
        assertThrowsWith(IllegalArgumentException.class, () -> b.mul(a), "[128, 10]", "[32, 784]");
        assertThrowsWith(IllegalArgumentException.class, () -> x.lt(Tensor.zeros(2)), "[2, 3]", "[2]");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.where(Tensor.zeros(4), x, x), "[4]", "[2, 3]");
        assertThrowsWith(IllegalArgumentException.class, () -> Broadcast.shapes(Shape.of(3, 1), Shape.of(2, 4)),
                "[3, 1]", "[2, 4]");
    }

    @Test
    void dimensionOutOfRangeNamesTheDimensionAndTheRank() {
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.sum(2, false), "dimension 2", "rank 2", "-2..1");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.sum(new int[] {0, -3}, true), "dimension -3", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.max(5, true), "dimension 5", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.argmax(-3, false), "dimension -3", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.softmax(2), "dimension 2", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.transpose(0, 2), "dimension 2", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.select(2, 0), "dimension 2", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.narrow(-3, 0, 1), "dimension -3", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.size(2), "dimension 2", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.unsqueeze(3), "dimension 3", "-3..2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.squeeze(2), "dimension 2", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.flatten(0, 2), "dimension 2", "rank 2");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> Tensor.scalar(1).sum(0, false), "dimension 0", "rank 0", "scalar");
    }

    @Test
    void impossibleViewsAndBadReshapesSayWhy() {
        assertThrowsWith(IllegalArgumentException.class, () -> x.t().view(6), "[3, 2]", "[6]", "without a copy", "reshape");
        assertThrowsWith(IllegalArgumentException.class, () -> x.reshape(4, 2), "[4, 2]", "[2, 3]", "6 elements");
        assertThrowsWith(IllegalArgumentException.class, () -> x.view(4, -1), "[4, -1]", "[2, 3]", "6 elements");
        assertThrowsWith(IllegalArgumentException.class, () -> x.reshape(-1, -1), "only one size may be -1", "[-1, -1]");
        assertThrowsWith(IllegalArgumentException.class, () -> x.reshape(-2, -3), "non-negative or -1", "[-2, -3]");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).reshape(0, -1), "[0, -1]");
    }

    @Test
    void negativeSizesAreNamed() {
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(3, -2), "non-negative", "[3, -2]");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.randn(new SplittableRandom(1), -1), "[-1]");
        assertThrowsWith(IllegalArgumentException.class, () -> Shape.of(1, -5), "[1, -5]");
        assertThrowsWith(IllegalArgumentException.class, () -> x.expand(2, -2), "[2, -2]", "-2", "dimension 1");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.narrow(1, 0, -1), "narrow(1, 0, -1)", "size 3");
    }

    @Test
    void elementAccessOutOfRangeNamesIndexDimensionAndShape() {
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.get(2, 0), "index 2", "dimension 0", "size 2", "[2, 3]");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.get(0, -4), "index -4", "dimension 1", "size 3");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.set(1f, 0, 3), "index 3", "dimension 1");
        assertThrowsWith(IllegalArgumentException.class, () -> x.get(0), "expected 2 indices", "[2, 3]", "got 1");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.select(1, 3), "index 3", "dimension 1", "size 3");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> x.narrow(1, 2, 2), "narrow(1, 2, 2)", "size 3", "[2, 3]");
    }

    @Test
    void itemNeedsExactlyOneElement() {
        assertThrowsWith(IllegalStateException.class, x::item, "one element", "[2, 3]");
        assertThrowsWith(IllegalStateException.class, () -> Tensor.zeros(0).item(), "one element", "[0]");
    }

    @Test
    void viewArgumentsAreChecked() {
        Tensor r3 = Tensor.zeros(2, 3, 4);
        assertThrowsWith(IllegalArgumentException.class, () -> r3.permute(0, 1), "3 dimensions", "[2, 3, 4]", "[0, 1]");
        assertThrowsWith(IllegalArgumentException.class, () -> r3.permute(0, 1, 1), "each dimension once", "[0, 1, 1]");
        assertThrowsWith(IllegalArgumentException.class, r3::t, "rank at most 2", "[2, 3, 4]", "transpose");
        assertThrowsWith(IllegalArgumentException.class, () -> x.expand(3), "[2, 3]", "[3]", "fewer dimensions");
        assertThrowsWith(IllegalArgumentException.class, () -> x.expand(4, 3), "[2, 3]", "[4, 3]", "size 2", "1 or 4");
        assertThrowsWith(IllegalArgumentException.class, () -> r3.flatten(2, 1), "startDim <= endDim", "[2, 3, 4]");
        // PyTorch: a scalar flattens to [1] with dims 0 or -1 only.
        assertArrayEquals(new int[] {1}, Tensor.scalar(5f).flatten(-1, 0).shape().toArray());
        assertThrowsWith(IndexOutOfBoundsException.class, () -> Tensor.scalar(5f).flatten(0, 5), "dimension 5");
        assertThrowsWith(IllegalArgumentException.class, () -> r3.allClose(r3, -1f, 0f), "tolerances >= 0",
                "rtol -1.0");
        assertThrowsWith(IllegalArgumentException.class, () -> r3.allClose(r3, 0f, Float.NaN), "atol NaN");
    }

    @Test
    void operationArgumentsAreChecked() {
        assertThrowsWith(IllegalArgumentException.class, () -> x.clamp(1, 0), "min <= max", "min=1.0", "max=0.0");
        assertThrowsWith(IllegalArgumentException.class, () -> x.clamp(Float.NaN, 0), "min <= max", "NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> x.var(new int[] {0}, false, -1), "correction", "-1");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(0, 2).max(0, false), "max", "[0, 2]", "no elements");
        assertThrowsWith(IllegalArgumentException.class, () -> Tensor.zeros(0).argmin(), "argmin", "[0]", "no elements");
    }
}
