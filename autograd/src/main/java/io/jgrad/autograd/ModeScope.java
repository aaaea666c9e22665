package io.jgrad.autograd;

/**
 * A thread-confined switch that is undone on {@link #close()}, meant for try-with-resources:
 * {@code try (var scope = GradMode.noGrad()) { ... }}. Scopes nest; closing one restores the
 * state it found.
 */
public final class ModeScope implements AutoCloseable {
    private final ThreadLocal<Boolean> flag;
    private final boolean previous;
    private boolean closed;

    ModeScope(ThreadLocal<Boolean> flag, boolean value) {
        this.flag = flag;
        this.previous = flag.get();
        flag.set(value);
    }

    /** Restores the state this scope found. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed) {
            flag.set(previous);
            closed = true;
        }
    }
}
