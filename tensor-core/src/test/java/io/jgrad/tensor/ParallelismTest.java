package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared pool as a caller sees it when its own thread is interrupted. */
class ParallelismTest {
    @Test
    void anInterruptedCallerWaitsWithoutSpinningAndKeepsItsInterrupt() throws Exception {
        int threadsBefore = Parallelism.threads();
        Parallelism.setThreads(2);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        try {
            CountDownLatch workerStarted = new CountDownLatch(1);
            long[] cpuWhenCallerFinished = new long[1];
            Thread.currentThread().interrupt();
            Parallelism.run(2, i -> {
                if (Thread.currentThread().getName().startsWith("jgrad-worker")) {
                    workerStarted.countDown();
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                } else {
                    // The caller takes one task, makes sure the worker has the other, then waits.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (workerStarted.getCount() > 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    cpuWhenCallerFinished[0] = bean.getCurrentThreadCpuTime();
                }
            });
            long cpuMillis = (bean.getCurrentThreadCpuTime() - cpuWhenCallerFinished[0]) / 1_000_000;
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
            assertTrue(cpuMillis < 200, "the caller spun for " + cpuMillis + " ms of CPU while the worker worked 400 ms");
        } finally {
            Thread.interrupted();
            Parallelism.setThreads(threadsBefore);
        }
    }
}
