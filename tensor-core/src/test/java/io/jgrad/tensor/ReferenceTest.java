package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference implementations are only useful if they are right: checks against known values. */
class ReferenceTest {
    @Test
    void erfMatchesTabulatedValues() {
        // Values of erf and Φ from standard tables (Abramowitz & Stegun, Table 7.1 and 26.1).
        assertEquals(0.0, Reference.erf(0), 0);
        assertEquals(0.5204998778130465, Reference.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, Reference.erf(1), 1e-15);
        assertEquals(-0.9953222650189527, Reference.erf(-2), 1e-15);
        assertEquals(0.9999779095030014, Reference.erf(3), 1e-15);
        assertEquals(1.541725790028002e-8, Reference.erfc(4), 1e-22);
        assertEquals(0.8413447460685429, Reference.phi(1), 1e-15);
        assertEquals(0.0013498980316301, Reference.phi(-3), 1e-15);
        assertEquals(2.866515718791939e-7, Reference.phi(-5), 1e-20);
    }

    @Test
    void indexIterationIsRowMajorAndCoversEveryIndex() {
        List<String> seen = new ArrayList<>();
        Reference.forEachIndex(new int[] {2, 3}, idx -> seen.add(idx[0] + "," + idx[1]));
        assertEquals(List.of("0,0", "0,1", "0,2", "1,0", "1,1", "1,2"), seen);
        int[] count = {0};
        Reference.forEachIndex(new int[0], idx -> count[0]++);
        assertEquals(1, count[0]);
        Reference.forEachIndex(new int[] {3, 0, 2}, idx -> count[0]++);
        assertEquals(1, count[0]);
    }

    @Test
    void broadcastShapeFollowsNumpy() {
        assertArrayEquals(new int[] {4, 2, 3}, Reference.broadcastShape(new int[] {4, 1, 3}, new int[] {2, 1}));
        assertArrayEquals(new int[] {0, 5}, Reference.broadcastShape(new int[] {0, 1}, new int[] {5}));
        assertNull(Reference.broadcastShape(new int[] {2, 3}, new int[] {3, 2}));
    }

    @Test
    void matmulOfHandComputedMatrices() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        Reference.Nd c = Reference.matmul(a, b, false);
        assertArrayEquals(new int[] {2, 2}, c.shape());
        assertArrayEquals(new double[] {58, 64, 139, 154}, c.values());
        Tensor v = Tensor.of(new float[] {1, -1, 2}, 3);
        assertArrayEquals(new double[] {1 - 2 + 6, 4 - 5 + 12}, Reference.matmul(a, v, false).values());
        assertArrayEquals(new double[] {1 - 2 + 6, 4 - 5 + 12}, Reference.matmul(v, a.t(), false).values());
        assertArrayEquals(new int[0], Reference.matmul(v, v, false).shape());
        assertArrayEquals(new double[] {6}, Reference.matmul(v, v, false).values());
    }

    @Test
    void reductionsOfHandComputedMatrix() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 7, 0, 7}, 2, 3);
        Reference.Nd rows = Reference.reduce(x, new boolean[] {false, true}, false, Reference.SUM);
        assertArrayEquals(new double[] {8, 14}, rows.values());
        Reference.Nd cols = Reference.reduce(x, new boolean[] {true, false}, true, Reference.MAX);
        assertArrayEquals(new int[] {1, 3}, cols.shape());
        assertArrayEquals(new double[] {7, 5, 7}, cols.values());
        assertArrayEquals(new double[] {1, 0}, Reference.argExtreme(x, 1, false, true).values());
        Reference.Nd var = Reference.reduce(x, new boolean[] {false, true}, false, Reference.variance(1));
        assertArrayEquals(new double[] {13.0 / 3, 49.0 / 3}, var.values(), 1e-12);
    }
}
