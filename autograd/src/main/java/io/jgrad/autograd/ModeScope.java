package io.jgrad.autograd;

/**
 * A thread-confined switch that is undone on {@link #close()}, meant for try-with-resources:
 * {@code try (var scope = GradMode.noGrad()) { ... }}. Scopes nest; closing one restores the
 * state it found.
 */
public final class ModeScope implements AutoCloseable {
    private final ThreadLocal<Boolean> flag;
    private final boolean previous;
    private final Thread owner;
    private boolean closed;

    ModeScope(ThreadLocal<Boolean> flag, boolean value) {
        this.flag = flag;
        this.previous = flag.get();
        this.owner = Thread.currentThread();
        flag.set(value);
    }

    /**
     * Restores the state this scope found. Closing twice does nothing.
     *
     * @throws IllegalStateException if called on another thread than the one that opened the
     *     scope: it would change that thread's state and leave the opener's switched for good
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a mode scope opened on thread '" + owner.getName()
                    + "' must be closed there, not on '" + Thread.currentThread().getName() + "'");
        }
        if (!closed) {
            flag.set(previous);
            closed = true;
        }
    }
}
