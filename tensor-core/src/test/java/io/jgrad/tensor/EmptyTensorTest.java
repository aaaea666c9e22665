package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void emptySlicesOfEmptyTensorsCanBeReadAndWritten() {
        Tensor x = Tensor.zeros(3, 0);
        for (Tensor slice : new Tensor[] {x.select(0, 2), x.narrow(0, 2, 1), x.narrow(0, 1, 2).select(0, 1)}) {
            assertEquals(0, slice.numel());
            assertArrayEquals(new float[0], slice.toArray());
            assertEquals(0, slice.copy().numel());
            slice.fill(5f);
            assertEquals(Tensor.zeros(slice.shape().toArray()), slice);
        }
    }
}
