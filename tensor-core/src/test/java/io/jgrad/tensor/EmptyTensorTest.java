package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tensors with no elements: every operation must treat them as the trivial case they are. */
class EmptyTensorTest {
    @Test
    void emptyTensorsAreContiguousWhateverTheirStrides() {
        Tensor t = Tensor.zeros(2, 3).narrow(1, 0, 0).t();
        assertArrayEquals(new int[] {0, 2}, t.shape().toArray());
        assertTrue(t.isContiguous(), "nothing is out of order in an empty tensor");
        assertSame(t, t.contiguous());
        int before = t.version();
        t.fill(1f).addInPlace(Tensor.scalar(2f));
        assertTrue(t.version() > before, "in-place writes on an empty contiguous tensor are allowed");
    }
}
