package io.jgrad.autograd;

/**
 * A debugging mode that checks every operation's forward result and backward gradients for
 * NaN and infinity, and stops at the first op that produced one with an
 * {@link ArithmeticException} naming it. Thread-confined, off by default; it costs a pass
 * over every result, so turn it on only while hunting a NaN:
 * {@code try (var scope = AnomalyMode.enable()) { ... }}.
 */
public final class AnomalyMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private AnomalyMode() {
    }

    /** Whether checking is on for this thread. */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns checking on for this thread until the returned scope is closed. */
    public static ModeScope enable() {
        return new ModeScope(ENABLED, true);
    }
}
