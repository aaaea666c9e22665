package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link GradMode}: recording on and off, nesting, restoring, thread confinement. */
class GradModeTest {
    private static Variable leaf() {
        return Variable.of(Tensor.of(new float[] {1f, -2f, 3f}, 3), true);
    }

    @Test
    void recordingIsOnByDefault() {
        assertTrue(GradMode.isEnabled());
        Variable y = leaf().mul(2f);
        assertTrue(y.requiresGrad());
        assertFalse(y.isLeaf());
        assertEquals("Mul", y.gradFn().name());
    }

    @Test
    void noGradRecordsNothing() {
        Variable x = leaf();
        Variable y;
        try (ModeScope scope = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            y = x.mul(2f).exp().sum();
        }
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertNull(y.gradFn());
        assertEquals((float) (Math.exp(2) + Math.exp(-4) + Math.exp(6)), y.item(), 1e-3f, "the value is still computed");
        assertTrue(GradMode.isEnabled(), "closing the scope restores recording");
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void scopesNestAndRestoreWhatTheyFound() {
        try (ModeScope outer = GradMode.noGrad()) {
            try (ModeScope inner = GradMode.noGrad()) {
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled(), "closing an inner noGrad keeps the outer one");
            try (ModeScope enabled = GradMode.enableGrad()) {
                assertTrue(GradMode.isEnabled());
                assertTrue(leaf().exp().requiresGrad(), "enableGrad inside noGrad records");
            }
            assertFalse(GradMode.isEnabled(), "closing enableGrad restores noGrad");
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void closingTwiceDoesNothing() {
        ModeScope outer = GradMode.noGrad();
        ModeScope inner = GradMode.enableGrad();
        inner.close();
        inner.close();
        assertFalse(GradMode.isEnabled(), "a second close must not undo the outer scope");
        outer.close();
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void anExceptionInTheScopeStillRestoresRecording() {
        assertThrows(IllegalArgumentException.class, () -> {
            try (ModeScope scope = GradMode.noGrad()) {
                leaf().add(Variable.of(Tensor.zeros(2)));
            }
        });
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void theModeIsConfinedToItsThread() throws InterruptedException {
        AtomicBoolean otherSawEnabled = new AtomicBoolean();
        AtomicBoolean otherRecorded = new AtomicBoolean();
        try (ModeScope scope = GradMode.noGrad()) {
            Thread other = new Thread(() -> {
                otherSawEnabled.set(GradMode.isEnabled());
                otherRecorded.set(leaf().exp().requiresGrad());
            });
            other.start();
            other.join();
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(otherSawEnabled.get(), "another thread is not affected by this thread's noGrad");
        assertTrue(otherRecorded.get());

        Thread disabling = new Thread(() -> GradMode.noGrad());
        disabling.start();
        disabling.join();
        assertTrue(GradMode.isEnabled(), "another thread's noGrad does not leak here");
    }

    @Test
    void aScopeClosedOnAnotherThreadIsRefusedAndChangesNothing() throws InterruptedException {
        ModeScope scope = GradMode.noGrad();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean otherEnabledAfter = new AtomicBoolean();
        Thread other = new Thread(() -> {
            try (ModeScope own = GradMode.noGrad()) {
                try {
                    scope.close();
                } catch (IllegalStateException e) {
                    thrown.set(e);
                }
                otherEnabledAfter.set(GradMode.isEnabled());
            }
        }, "request-7");
        other.start();
        other.join();
        assertTrue(thrown.get() != null && thrown.get().getMessage().contains("request-7"), String.valueOf(thrown.get()));
        assertFalse(otherEnabledAfter.get(), "the other thread's own noGrad still holds");
        assertFalse(GradMode.isEnabled(), "this thread's scope is still open");
        scope.close();
        assertTrue(GradMode.isEnabled(), "closed where it was opened");
    }

    @Test
    void aGraphRecordedBeforeCanBeDifferentiatedInsideNoGrad() {
        Variable x = leaf();
        Variable f = x.mul(x).sum();
        try (ModeScope scope = GradMode.noGrad()) {
            f.backward();
        }
        assertTrue(x.grad().value().allClose(x.value().mul(2f)));
        assertFalse(x.grad().requiresGrad(), "without createGraph the gradient has no graph");
    }
}
