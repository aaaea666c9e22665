package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Variable#reluInPlace()}: the same values and gradients as {@code relu()} without a
 * new tensor, and a refusal wherever writing over the value could make a gradient wrong.
 */
class ReluInPlaceTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(4242);

    private static Tensor random(int... shape) {
        return Tensor.rand(RANDOM, shape).mul(2f).sub(1f);
    }

    private static void assertThrowsWith(Class<? extends Throwable> type, Runnable call, String... parts) {
        String message = assertThrows(type, call::run).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "message should contain '" + part + "': " + message);
        }
    }

    @Test
    void aLeafThatRequiresGradMayBeRectifiedWhenNothingRecords() {
        // PyTorch: with torch.no_grad(): w.relu_() is allowed.
        Variable w = Variable.of(Tensor.of(new float[] {-1f, 2f}, 2), true);
        try (ModeScope scope = GradMode.noGrad()) {
            w.reluInPlace();
        }
        assertTrue(java.util.Arrays.equals(new float[] {0f, 2f}, w.value().toArray()), "rectified in place");
    }

    @Test
    void givesRelusValuesAndGradientsBitForBitWithoutANewTensor() {
        Tensor a = random(5, 7), w = random(7, 3);
        Variable x1 = Variable.of(a, true), w1 = Variable.of(w, true);
        Variable x2 = Variable.of(a.copy(), true), w2 = Variable.of(w.copy(), true);
        Variable expected = x1.matmul(w1).relu().mul(x1.matmul(w1).exp()).sum();
        Variable product = x2.matmul(w2);
        Variable rectified = product.reluInPlace();
        assertSame(product.value(), rectified.value(), "written over the product, not into a new tensor");
        Variable actual = rectified.mul(x2.matmul(w2).exp()).sum();
        assertEquals(expected.item(), actual.item());
        expected.backward();
        actual.backward();
        assertArrayEquals(x1.grad().value().toArray(), x2.grad().value().toArray(), "gradient of x");
        assertArrayEquals(w1.grad().value().toArray(), w2.grad().value().toArray(), "gradient of w");
    }

    @Test
    void refusesALeafThatRequiresGrad() {
        Variable leaf = Variable.of(Tensor.of(new float[] {-1f, 2f}, 2), true);
        assertThrowsWith(IllegalStateException.class, leaf::reluInPlace, "leaf", "requires grad", "[2]");
        assertArrayEquals(new float[] {-1f, 2f}, leaf.value().toArray(), "left unchanged");
    }

    @Test
    void writesOverAConstantAsPyTorchDoes() {
        Tensor t = Tensor.of(new float[] {-1f, 2f}, 2);
        Variable rectified = Variable.of(t).reluInPlace();
        assertArrayEquals(new float[] {0f, 2f}, t.toArray());
        assertFalse(rectified.requiresGrad());
    }

    @Test
    void refusesAViewOfAnotherVariablesValue() {
        Variable x = Variable.of(random(2, 3), true);
        Variable h = x.mul(1f);
        Variable view = h.reshape(3, 2);
        float[] before = h.value().toArray();
        assertThrowsWith(IllegalStateException.class, view::reluInPlace, "view", view.gradFn().name());
        assertArrayEquals(before, h.value().toArray(), "left unchanged");
    }

    @Test
    void refusesToRecordOnTheOverwrittenVariable() {
        Variable x = Variable.of(random(4), true);
        Variable h = x.mul(2f);
        h.reluInPlace();
        // Its gradient would reach x without passing through the ReLU's mask.
        assertThrowsWith(IllegalStateException.class, () -> h.add(x), "Add", "reluInPlace", "[4]");
        try (ModeScope scope = GradMode.noGrad()) {
            assertEquals(4, h.add(x).value().numel(), "without recording, reading it is fine");
        }
    }

    @Test
    void refusesAVariableThatARecordedOperationAlreadyUsed() {
        Variable x = Variable.of(random(2, 3), true);
        Variable h = x.mul(2f);
        Variable square = h.mul(h);
        float[] before = h.value().toArray();
        assertThrowsWith(IllegalStateException.class, h::reluInPlace, "Mul", "already used", "[2, 3]");
        assertArrayEquals(before, h.value().toArray(), "left unchanged");
        square.sum().backward();
        assertEquals(x.value().mul(8f), x.grad().value(), "the earlier use keeps its gradient, d(4x²)/dx = 8x");
        // A view taken first would see the rectified values while its gradient bypassed the mask.
        Variable g = x.mul(3f);
        g.reshape(3, 2);
        assertThrowsWith(IllegalStateException.class, g::reluInPlace, "already used");
    }
}
