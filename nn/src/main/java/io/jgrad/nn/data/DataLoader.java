package io.jgrad.nn.data;

import io.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Batches of a {@link Dataset}, as PyTorch's {@code DataLoader}: each batch is the dataset's
 * fields stacked along a new first dimension of size {@code batchSize} (the last one smaller
 * unless {@code dropLast}).
 *
 * <p>With {@code shuffle}, epoch {@code e} visits the examples in an order drawn from
 * {@code seed} and {@code e} alone, so a run resumed at epoch e sees the same batches as an
 * uninterrupted one. While the caller works on one batch, the next is assembled on a
 * background daemon thread, which ends after a second without work. Iterating with {@code for (Tensor[] batch : loader)} runs the next
 * epoch each time; {@link #epoch(int)} runs a given one.
 */
public final class DataLoader implements Iterable<Tensor[]> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final ThreadPoolExecutor background = backgroundThread();
    private int nextEpoch;

    /** Batches in order, keeping a smaller last batch. */
    public DataLoader(Dataset dataset, int batchSize) {
        this(dataset, batchSize, false, false, 0);
    }

    /**
     * @param dataset the examples
     * @param batchSize examples per batch
     * @param shuffle whether each epoch visits the examples in a new order drawn from {@code seed}
     * @param dropLast whether to leave out a last batch smaller than {@code batchSize}
     * @param seed seeds the shuffling (ignored without it)
     * @throws IllegalArgumentException if {@code dataset} is null or reports a negative size, or
     *     {@code batchSize} is not positive
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader needs a dataset, got null");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader needs a positive batch size, got " + batchSize);
        }
        if (dataset.size() < 0) {
            throw new IllegalArgumentException("DataLoader needs a dataset of size 0 or more, got one of size "
                    + dataset.size());
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    /**
     * One daemon thread that ends after a second without work, so that a loader dropped in the
     * middle of an epoch, or never used again, does not keep a thread for the life of the JVM.
     */
    private static ThreadPoolExecutor backgroundThread() {
        var executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jgrad-data-loader");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The number of batches in one epoch. */
    public int numBatches() {
        int n = dataset.size();
        // Not (n + batchSize - 1) / batchSize, which overflows for a batch size near 2^31.
        return n / batchSize + (dropLast || n % batchSize == 0 ? 0 : 1);
    }

    /** The batches of the next epoch (0, 1, 2, ... on successive calls). */
    @Override
    public Iterator<Tensor[]> iterator() {
        return epoch(nextEpoch++).iterator();
    }

    /**
     * The batches of epoch {@code epoch}, the same every time for the same seed.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public Iterable<Tensor[]> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        int[] order = order(epoch);
        return () -> new Batches(order);
    }

    private int[] order(int epoch) {
        int[] order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        return order;
    }

    /** Walks one epoch's order, keeping the next batch in preparation in the background. */
    private final class Batches implements Iterator<Tensor[]> {
        private final int[] order;
        private final int count;
        private int next;
        private CompletableFuture<Tensor[]> pending;

        Batches(int[] order) {
            this.order = order;
            this.count = numBatches();
            prefetch();
        }

        private void prefetch() {
            if (next < count) {
                int from = next * batchSize;
                int to = Math.min(from + batchSize, order.length);
                int[] indices = Arrays.copyOfRange(order, from, to);
                pending = CompletableFuture.supplyAsync(() -> dataset.batch(indices), background);
            } else {
                pending = null;
            }
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public Tensor[] next() {
            if (pending == null) {
                throw new NoSuchElementException("the epoch has " + count + " batches, all taken");
            }
            Tensor[] batch;
            try {
                batch = pending.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error cause) {
                    throw cause;
                }
                throw e;
            }
            next++;
            prefetch();
            return batch;
        }
    }
}
