package io.jgrad.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one shared pool of worker threads that jgrad's parallel kernels run on, and its size.
 *
 * <p>The size counts the calling thread: with {@code threads() == 2} a kernel runs on the
 * caller plus one daemon worker named {@code jgrad-worker-1}. Kernels only ever divide work
 * into independent pieces of output, each computed the same way whoever runs it, so every
 * result is bit-for-bit identical whatever the thread count.
 *
 * <p>The default is {@link Runtime#availableProcessors()}. Workers are started on the first
 * parallel kernel call, not when the class is loaded.
 */
public final class Parallelism {
    private static final Object LOCK = new Object();
    /**
     * How long a waiting thread spins before it parks. Kernels run back to back in training,
     * and waking a parked thread costs tens of microseconds; spinning this long costs little.
     */
    private static final long SPIN_NANOS = 50_000;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    /** Guarded by {@link #LOCK}; null until the first parallel run after a size change. */
    private static Pool pool;

    private Parallelism() {
    }

    /** The number of threads parallel kernels use, the calling thread included. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads parallel kernels use, the calling thread included; 1 makes
     * every kernel run on the calling thread alone. Results do not depend on this setting.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + n);
        }
        synchronized (LOCK) {
            threads = n;
            if (pool != null && pool.workers.length != n - 1) {
                // A run in progress on the old pool still completes: shutdown only stops idle workers.
                pool.shutdown();
                pool = null;
            }
        }
    }

    /**
     * Runs {@code task.accept(i)} for every {@code i} in {@code [0, count)} and returns when all
     * have finished. The calling thread runs tasks too. Tasks run on the caller alone when the
     * pool has one thread, when called from inside a task (nested parallelism), or when another
     * thread is using the pool; tasks must therefore never wait for one another.
     *
     * <p>If a task throws, its exception is rethrown here once no task is running any more;
     * whether the remaining tasks ran is unspecified.
     */
    static void run(int count, IntConsumer task) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || threads == 1 || Thread.currentThread() instanceof Worker) {
            runInline(count, task);
            return;
        }
        final Pool p = pool();
        if (p == null || !p.tryAcquire()) {
            runInline(count, task);
            return;
        }
        try {
            p.run(count, task);
        } finally {
            p.release();
        }
    }

    private static void runInline(int count, IntConsumer task) {
        for (int i = 0; i < count; i++) {
            task.accept(i);
        }
    }

    private static Pool pool() {
        synchronized (LOCK) {
            if (pool == null && threads > 1) {
                pool = new Pool(threads - 1);
            }
            return pool;
        }
    }

    /** One call of {@link #run}: tasks are claimed from a shared counter, so a slow thread gets fewer. */
    private static final class Job {
        final long id;
        final int count;
        final IntConsumer task;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(long id, int count, IntConsumer task, Thread caller) {
            this.id = id;
            this.count = count;
            this.task = task;
            this.caller = caller;
        }

        void work() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    if (done.incrementAndGet() == count) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        void await() {
            final long start = System.nanoTime();
            // park returns at once while the interrupt flag is set, which would turn the wait
            // into a spin taking a core from the workers: the flag is cleared, then restored.
            boolean interrupted = false;
            while (done.get() < count) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    interrupted |= Thread.interrupted();
                    LockSupport.park(this);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Pool {
        final Worker[] workers;
        private final AtomicInteger busy = new AtomicInteger();
        /** The job workers should help with; null between runs so idle workers hold no task. */
        volatile Job current;
        volatile boolean shutdown;
        private long lastId;

        Pool(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, i + 1);
            }
            for (Worker w : workers) {
                w.start();
            }
        }

        boolean tryAcquire() {
            return busy.compareAndSet(0, 1);
        }

        void release() {
            busy.set(0);
        }

        void run(int count, IntConsumer task) {
            final Job job = new Job(++lastId, count, task, Thread.currentThread());
            current = job;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
            job.work();
            job.await();
            current = null;
            final Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                // Only a sneakily thrown checked exception gets here; it must not vanish.
                throw new java.lang.reflect.UndeclaredThrowableException(failure, "a parallel task failed");
            }
        }

        void shutdown() {
            shutdown = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;

        Worker(Pool pool, int index) {
            super("jgrad-worker-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            long idleSince = System.nanoTime();
            while (!pool.shutdown) {
                final Job job = pool.current;
                if (job != null && job.id != seen) {
                    seen = job.id;
                    job.work();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(pool);
                }
            }
        }
    }
}
