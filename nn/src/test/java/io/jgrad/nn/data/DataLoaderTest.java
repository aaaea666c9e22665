package io.jgrad.nn.data;

import static io.jgrad.nn.data.TensorDatasetTest.assertThrowsWith;
import static io.jgrad.nn.data.TensorDatasetTest.numbered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** DataLoader batches, epochs and shuffling, read back through the example ids of {@link TensorDatasetTest#numbered}. */
class DataLoaderTest {
    /** The ids (the y field) of every batch of one pass, checking that x matches y in each row. */
    private static List<int[]> ids(Iterable<Tensor[]> epoch) {
        List<int[]> out = new ArrayList<>();
        for (Tensor[] batch : epoch) {
            float[] x = batch[0].toArray();
            float[] y = batch[1].toArray();
            assertEquals(y.length * 3, x.length);
            int[] ids = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                ids[i] = (int) y[i];
                assertEquals(10 * ids[i], x[i * 3], "row " + i + " holds example " + ids[i]);
            }
            out.add(ids);
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    private static int[] sizes(List<int[]> batches) {
        return batches.stream().mapToInt(b -> b.length).toArray();
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Test
    void batchesInOrderWithASmallerLastOne() {
        DataLoader loader = new DataLoader(numbered(10), 3);
        assertEquals(4, loader.numBatches());
        List<int[]> batches = ids(loader);
        assertArrayEquals(new int[] {3, 3, 3, 1}, sizes(batches));
        assertArrayEquals(range(10), flat(batches), "without shuffle the order is the dataset's");
    }

    @Test
    void dropLastDropsTheIncompleteBatch() {
        DataLoader loader = new DataLoader(numbered(10), 3, true, true, 1);
        assertEquals(3, loader.numBatches());
        List<int[]> batches = ids(loader);
        assertArrayEquals(new int[] {3, 3, 3}, sizes(batches));
        assertEquals(9, Arrays.stream(flat(batches)).distinct().count(), "nine distinct examples");
        DataLoader exact = new DataLoader(numbered(9), 3, false, true, 0);
        assertArrayEquals(new int[] {3, 3, 3}, sizes(ids(exact)), "nothing dropped when it divides");
        DataLoader tooFew = new DataLoader(numbered(2), 3, false, true, 0);
        assertEquals(0, tooFew.numBatches());
        assertFalse(tooFew.iterator().hasNext());
        assertArrayEquals(new int[] {2}, sizes(ids(new DataLoader(numbered(2), 3))), "one short batch kept");
    }

    @Test
    void everyExampleExactlyOncePerShuffledEpoch() {
        DataLoader loader = new DataLoader(numbered(37), 8, true, false, 42);
        for (int e = 0; e < 5; e++) {
            List<int[]> batches = ids(loader);
            assertArrayEquals(new int[] {8, 8, 8, 8, 5}, sizes(batches));
            int[] seen = flat(batches).clone();
            Arrays.sort(seen);
            assertArrayEquals(range(37), seen, "epoch " + e);
        }
    }

    @Test
    void shuffleIsSeededAndDiffersAcrossEpochs() {
        DataLoader a = new DataLoader(numbered(50), 7, true, false, 5);
        DataLoader b = new DataLoader(numbered(50), 7, true, false, 5);
        int[] a0 = flat(ids(a));
        int[] a1 = flat(ids(a));
        assertArrayEquals(a0, flat(ids(b)), "the same seed, the same first epoch");
        assertArrayEquals(a1, flat(ids(b)), "and the same second");
        assertFalse(Arrays.equals(a0, a1), "epochs are shuffled differently");
        assertFalse(Arrays.equals(a0, range(50)), "epoch 0 is shuffled");
        assertFalse(Arrays.equals(a0, flat(ids(new DataLoader(numbered(50), 7, true, false, 6)))), "another seed");
    }

    @Test
    void epochEIsTheEthIteration() {
        DataLoader iterated = new DataLoader(numbered(23), 4, true, false, 9);
        List<int[]> third = null;
        for (int e = 0; e < 3; e++) {
            third = ids(iterated);
        }
        DataLoader fresh = new DataLoader(numbered(23), 4, true, false, 9);
        int[] direct = flat(ids(fresh.epoch(2)));
        assertArrayEquals(flat(third), direct);
        assertArrayEquals(direct, flat(ids(fresh.epoch(2))), "an epoch's Iterable replays the same batches");
        assertArrayEquals(flat(ids(fresh.epoch(0))), flat(ids(fresh)), "epoch() does not advance the iteration");
        assertThrowsWith(IllegalArgumentException.class, () -> fresh.epoch(-1), "non-negative", "-1");
    }

    @Test
    void theEndOfAnEpochIsReported() {
        Iterator<Tensor[]> it = new DataLoader(numbered(4), 2).iterator();
        it.next();
        it.next();
        assertFalse(it.hasNext());
        Throwable e = assertThrows(NoSuchElementException.class, it::next);
        assertTrue(e.getMessage().contains("2 batches"), e.getMessage());
    }

    /** A dataset whose batch method fails for batches holding example 5. */
    private static final class Failing implements Dataset {
        private final TensorDataset backing = numbered(8);

        @Override
        public int size() {
            return backing.size();
        }

        @Override
        public Tensor[] get(int index) {
            return backing.get(index);
        }

        @Override
        public Tensor[] batch(int[] indices) {
            for (int i : indices) {
                if (i == 5) {
                    throw new IllegalStateException("example 5 is corrupt");
                }
            }
            return backing.batch(indices);
        }
    }

    @Test
    void aFailureInTheDatasetSurfacesOnNext() {
        Iterator<Tensor[]> it = new DataLoader(new Failing(), 2).iterator();
        assertEquals(2, it.next()[0].size(0));
        assertEquals(2, it.next()[0].size(0));
        assertTrue(it.hasNext());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("example 5 is corrupt", e.getMessage(), "the dataset's own exception, not a wrapper");
    }

    @Test
    void anErrorInTheDatasetSurfacesUnwrappedToo() {
        Dataset broken = new Dataset() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public Tensor[] get(int index) {
                throw new AssertionError("bad example " + index);
            }
        };
        Iterator<Tensor[]> it = new DataLoader(broken, 2).iterator();
        AssertionError e = assertThrows(AssertionError.class, it::next);
        assertEquals("bad example 0", e.getMessage());
    }

    @Test
    void batchesAreAssembledOnTheBackgroundThread() {
        List<String> threads = new ArrayList<>();
        TensorDataset backing = numbered(6);
        Dataset recording = new Dataset() {
            @Override
            public int size() {
                return 6;
            }

            @Override
            public Tensor[] get(int index) {
                return backing.get(index);
            }

            @Override
            public Tensor[] batch(int[] indices) {
                synchronized (threads) {
                    threads.add(Thread.currentThread().getName());
                }
                return backing.batch(indices);
            }
        };
        List<Tensor[]> batches = new ArrayList<>();
        for (Tensor[] batch : new DataLoader(recording, 2)) {
            batches.add(batch);
        }
        assertEquals(3, batches.size());
        synchronized (threads) {
            assertEquals(List.of("jgrad-data-loader", "jgrad-data-loader", "jgrad-data-loader"), threads);
        }
        assertNotEquals(batches.get(0)[0], batches.get(1)[0]);
    }

    @Test
    void abandonedLoadersDoNotKeepTheirThreads() throws InterruptedException {
        // A loader per epoch, each left after its first batch: before, each kept a thread for good.
        for (int i = 0; i < 50; i++) {
            new DataLoader(numbered(10), 2).iterator().next();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (loaderThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, loaderThreads(), "loader threads still alive 10 s after their last batch");
    }

    private static long loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("jgrad-data-loader") && t.isAlive()).count();
    }

    @Test
    void aBatchSizeNearTheLargestIntIsOneBatch() {
        // PyTorch's DataLoader(batch_size=2**31 - 1) over 10 examples has len 1.
        for (int batchSize : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 4}) {
            DataLoader loader = new DataLoader(numbered(10), batchSize);
            assertEquals(1, loader.numBatches(), "batch size " + batchSize);
            assertEquals(0, new DataLoader(numbered(10), batchSize, false, true, 0).numBatches(), "dropLast");
        }
    }

    @Test
    void constructionErrors() {
        assertThrowsWith(IllegalArgumentException.class, () -> new DataLoader(null, 2), "dataset", "null");
        assertThrowsWith(IllegalArgumentException.class, () -> new DataLoader(numbered(3), 0), "positive batch size", "0");
    }
}
