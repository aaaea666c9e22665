package io.jgrad.autograd;

/**
 * Whether operations on the current thread record a graph for backward. On by default;
 * {@code try (var scope = GradMode.noGrad()) { ... }} turns it off for inference and
 * optimizer steps, as PyTorch's {@code torch.no_grad()}.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    /** Whether recording is on for this thread. */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns recording off on this thread until the returned scope is closed. */
    public static ModeScope noGrad() {
        return new ModeScope(ENABLED, false);
    }

    /** Turns recording on on this thread until the returned scope is closed. */
    public static ModeScope enableGrad() {
        return new ModeScope(ENABLED, true);
    }
}
