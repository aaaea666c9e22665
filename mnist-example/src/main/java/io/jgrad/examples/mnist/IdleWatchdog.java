package io.jgrad.examples.mnist;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a stream that has delivered nothing for too long. The JDK's HTTP client times out
 * only until the response headers arrive; a body that stalls would block a read forever,
 * and closing the stream from another thread is what wakes that read.
 */
final class IdleWatchdog implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean fired;

    IdleWatchdog(Closeable stream, Duration idle) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mnist-download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, idle.toMillis() / 4);
        timer.scheduleAtFixedRate(() -> {
            if (!fired && System.nanoTime() - lastProgress > idle.toNanos()) {
                fired = true;
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // The reader sees the stream closed either way, and asks fired().
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Records that data arrived. */
    void progressed() {
        lastProgress = System.nanoTime();
    }

    /** Whether the stream was closed for being idle. */
    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
