package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link AnomalyMode} names the first op whose forward or backward produced NaN or infinity. */
class AnomalyModeTest {
    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void offByDefault() {
        assertFalse(AnomalyMode.isEnabled());
        Variable x = Variable.of(Tensor.of(new float[] {-1f, 0f, 4f}, 3), true);
        Variable y = assertDoesNotThrow(() -> x.log());
        assertTrue(Float.isNaN(y.value().get(0)));
        x.sqrt().sum().backward();
        assertTrue(Float.isInfinite(x.grad().value().get(1)), "sqrt's gradient at 0 is infinite");
    }

    @Test
    void namesTheOpWhoseForwardProducedNaN() {
        Variable x = Variable.of(Tensor.of(new float[] {2f, -1f}, 2), true);
        try (ModeScope scope = AnomalyMode.enable()) {
            Variable fine = x.mul(3f).add(1f);
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> fine.log().exp().sum());
            assertMentions(e.getMessage(), "Log forward", "NaN", "flat index 1", "[2]");
        }
        assertFalse(AnomalyMode.isEnabled(), "closing the scope turns it off");
    }

    @Test
    void namesTheOpWhoseForwardProducedInfinity() {
        Variable x = Variable.of(Tensor.of(new float[] {1f, 100f}, 1, 2), true);
        try (ModeScope scope = AnomalyMode.enable()) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.tanh().add(x.exp()));
            assertMentions(e.getMessage(), "Exp forward", "Infinity", "flat index 1");
        }
    }

    @Test
    void namesTheOpWhoseBackwardProducedInfinity() {
        Variable x = Variable.of(Tensor.of(new float[] {4f, 0f, 1f}, 3), true);
        try (ModeScope scope = AnomalyMode.enable()) {
            // Forward is finite (sqrt(0) = 0); the gradient 1 / (2 sqrt(x)) is infinite at 0.
            Variable loss = x.sqrt().mul(2f).add(x).sum();
            ArithmeticException e = assertThrows(ArithmeticException.class, loss::backward);
            assertMentions(e.getMessage(), "Sqrt backward", "gradient of input 0", "Infinity", "flat index 1");
        }
    }

    @Test
    void namesTheInputWhoseGradientIsNaN() {
        // (-2)^2 = 4 is finite, and so is d/dx = y x^(y-1) = -4; d/dy = x^y log x is NaN for x < 0.
        Variable x = Variable.of(Tensor.of(new float[] {-2f, 2f}, 2), true);
        Variable y = Variable.of(Tensor.of(new float[] {2f, 3f}, 2), true);
        try (ModeScope scope = AnomalyMode.enable()) {
            Variable loss = x.pow(y).sum();
            ArithmeticException e = assertThrows(ArithmeticException.class, loss::backward);
            assertMentions(e.getMessage(), "Pow backward", "gradient of input 1", "NaN", "flat index 0");
        }
    }

    @Test
    void finiteComputationsPassUntouched() {
        Variable x = Variable.of(Tensor.of(new float[] {0.5f, 2f}, 2), true);
        try (ModeScope scope = AnomalyMode.enable()) {
            x.log().mul(x.sigmoid()).softmax(0).sum().backward();
        }
        assertTrue(Float.isFinite(x.grad().value().get(0)));
    }

    @Test
    void theModeIsConfinedToItsThread() throws InterruptedException {
        boolean[] otherSaw = new boolean[1];
        try (ModeScope scope = AnomalyMode.enable()) {
            Thread other = new Thread(() -> otherSaw[0] = AnomalyMode.isEnabled());
            other.start();
            other.join();
            assertTrue(AnomalyMode.isEnabled());
        }
        assertFalse(otherSaw[0]);
    }
}
