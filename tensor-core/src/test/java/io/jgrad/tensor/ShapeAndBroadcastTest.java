package io.jgrad.tensor;

import static io.jgrad.tensor.Checks.assertThrowsWith;
import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** {@link Shape} and {@link Broadcast#shapes} against NumPy's rules written out plainly. */
class ShapeAndBroadcastTest {
    @Test
    void broadcastShapesFollowNumpyOrRefuseNamingBoth() {
        // Compatible pairs from the generator, and arbitrary pairs that mostly are not.
        Gen<int[][]> arbitrary = in -> new int[][] {Generators.shape(in, 0, 4), Generators.shape(in, 0, 4)};
        theory(901, 2000).forAll(Generators.broadcastPairs(0, 4).mix(arbitrary)).checkAssert(p -> {
            int[] expected = Reference.broadcastShape(p[0], p[1]);
            Shape a = Shape.of(p[0]), b = Shape.of(p[1]);
            if (expected == null) {
                assertThrowsWith(IllegalArgumentException.class, () -> Broadcast.shapes(a, b),
                        Arrays.toString(p[0]), Arrays.toString(p[1]), "cannot be broadcast");
            } else {
                assertArrayEquals(expected, Broadcast.shapes(a, b).toArray(), () -> a + " with " + b);
                assertEquals(Broadcast.shapes(a, b), Broadcast.shapes(b, a), "broadcasting is symmetric");
            }
        });
    }

    @Test
    void shapeBasics() {
        Shape s = Shape.of(2, 0, 3);
        assertEquals(3, s.rank());
        assertEquals(0, s.numel());
        assertEquals(3, s.size(-1));
        assertEquals(1, s.normalize(-2));
        assertEquals("[2, 0, 3]", s.toString());
        assertEquals(Shape.of(2, 0, 3), s);
        assertEquals(Shape.of(2, 0, 3).hashCode(), s.hashCode());
        assertNotEquals(Shape.of(2, 3), s);
        assertSame(Shape.scalar(), Shape.of());
        assertEquals(1, Shape.scalar().numel());
        assertEquals("[]", Shape.scalar().toString());
        int[] dims = {4, 5};
        Shape t = Shape.of(dims);
        dims[0] = 9;
        assertEquals(4, t.size(0), "Shape copies its sizes");
        t.toArray()[1] = 9;
        assertEquals(5, t.size(1), "toArray returns a copy");
    }

    @Test
    void shapeRefusesNegativeSizesOverflowAndBadDims() {
        assertThrowsWith(IllegalArgumentException.class, () -> Shape.of(2, -1), "non-negative", "[2, -1]");
        assertThrowsWith(IllegalArgumentException.class, () -> Shape.of(1 << 20, 1 << 12), "more than 2147483647");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> Shape.of(2, 3).size(2), "dimension 2", "rank 2", "-2..1");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> Shape.scalar().normalize(0), "rank 0");
    }

    @Test
    void stridesAreCopies() {
        Tensor x = Tensor.zeros(2, 3);
        x.strides()[0] = 7;
        assertArrayEquals(new int[] {3, 1}, x.strides());
    }
}
