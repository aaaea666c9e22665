package io.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** TensorDataset rows and batches, against the elements picked out by hand. */
class TensorDatasetTest {
    /** x[i] = [10i, 10i + 1, 10i + 2], y[i] = i. */
    static TensorDataset numbered(int n) {
        float[] x = new float[n * 3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i * 3 + k] = 10 * i + k;
            }
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, n, 3), Tensor.of(y, n));
    }

    static void assertThrowsWith(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable e = assertThrows(type, call);
        assertNotNull(e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void getReturnsOneRowOfEachTensor() {
        TensorDataset ds = numbered(5);
        assertEquals(5, ds.size());
        Tensor[] example = ds.get(3);
        assertEquals(2, example.length);
        assertEquals(Tensor.of(new float[] {30, 31, 32}, 3), example[0]);
        assertEquals(Tensor.scalar(3f), example[1]);
    }

    @Test
    void batchStacksTheRowsInTheOrderAsked() {
        TensorDataset ds = numbered(6);
        Tensor[] batch = ds.batch(new int[] {4, 0, 4, 2});
        assertEquals(Shape.of(4, 3), batch[0].shape());
        assertEquals(Tensor.of(new float[] {40, 41, 42, 0, 1, 2, 40, 41, 42, 20, 21, 22}, 4, 3), batch[0]);
        assertEquals(Tensor.of(new float[] {4, 0, 4, 2}, 4), batch[1]);
    }

    @Test
    void batchPicksRowsPastTheLastWholeFloat() {
        // Row 2^24 + 1 has no float of its own: a batch must still pick that row, not a neighbour.
        int n = (1 << 24) + 3;
        float[] ids = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % 7;
        }
        TensorDataset ds = new TensorDataset(Tensor.of(ids, n));
        int[] rows = {(1 << 24) + 1, (1 << 24) + 2, 5};
        Tensor batch = ds.batch(rows)[0];
        for (int i = 0; i < rows.length; i++) {
            assertEquals(rows[i] % 7, batch.get(i), "row " + rows[i]);
        }
    }

    @Test
    void theDefaultBatchStacksGetResults() {
        TensorDataset backing = numbered(4);
        Dataset plain = new Dataset() {
            @Override
            public int size() {
                return backing.size();
            }

            @Override
            public Tensor[] get(int index) {
                return backing.get(index);
            }
        };
        Tensor[] viaDefault = plain.batch(new int[] {3, 1});
        Tensor[] viaGather = backing.batch(new int[] {3, 1});
        assertEquals(viaGather[0], viaDefault[0]);
        assertEquals(viaGather[1], viaDefault[1]);
        assertThrowsWith(IllegalArgumentException.class, () -> plain.batch(new int[0]), "at least one index");
    }

    @Test
    void errors() {
        assertThrowsWith(IllegalArgumentException.class, TensorDataset::new, "at least one tensor");
        assertThrowsWith(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(4, 2), Tensor.zeros(3)),
                "one first size", "[4, 2]", "[3]");
        assertThrowsWith(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(2), Tensor.scalar(1f)),
                "tensor 1 is a scalar");
        assertThrowsWith(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(2), null),
                "tensor 1 is null");
        assertThrowsWith(IllegalArgumentException.class, () -> new TensorDataset((Tensor[]) null), "at least one tensor");
        TensorDataset ds = numbered(3);
        assertThrowsWith(IndexOutOfBoundsException.class, () -> ds.get(3), "index 3", "3 examples");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> ds.get(-1), "index -1");
        assertThrowsWith(IndexOutOfBoundsException.class, () -> ds.batch(new int[] {0, 5}), "index 5");
        assertThrowsWith(IllegalArgumentException.class, () -> ds.batch(new int[0]), "at least one index");
    }

    @Test
    void aDatasetWhoseExamplesDisagreeIsNamedByTheDefaultBatch() {
        Dataset ragged = new Dataset() {
            @Override
            public int size() {
                return 3;
            }

            @Override
            public Tensor[] get(int index) {
                return index == 2 ? null : index == 1 ? new Tensor[] {Tensor.zeros(2)} : new Tensor[] {Tensor.zeros(2),
                    Tensor.zeros(1)};
            }
        };
        assertThrowsWith(IllegalStateException.class, () -> ragged.batch(new int[] {0, 1}), "get(1) returned 1 fields",
                "get(0) 2");
        assertThrowsWith(IllegalStateException.class, () -> ragged.batch(new int[] {0, 2}), "get(2) returned null");
        assertThrowsWith(IllegalStateException.class, () -> ragged.batch(new int[] {2, 0}), "get(2) returned null");
        Dataset negative = new Dataset() {
            @Override
            public int size() {
                return -1;
            }

            @Override
            public Tensor[] get(int index) {
                return new Tensor[0];
            }
        };
        assertThrowsWith(IllegalArgumentException.class, () -> new DataLoader(negative, 2), "size 0 or more",
                "size -1");
    }
}
