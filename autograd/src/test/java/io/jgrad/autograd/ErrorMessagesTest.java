package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Misuse gets an exception that says what was expected and what was given. */
class ErrorMessagesTest {
    private static Variable leaf(int... shape) {
        return Variable.of(Tensor.ones(shape), true);
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
        }
    }

    @Test
    void backwardOnANonScalarWithoutAGradient() {
        Variable y = leaf(2, 3).mul(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertMentions(e, "one-element output", "[2, 3]", "backward(gradOutput)");
    }

    @Test
    void selectOutOfRangeOnEitherSide() {
        // PyTorch: "select(): index -4 out of range for tensor of size [2, 3] at dimension 1".
        Variable x = leaf(2, 3);
        for (int index : new int[] {-4, -6, 3}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.select(1, index));
            assertMentions(e, "index " + index);
        }
    }

    @Test
    void backwardTwiceWithoutRetainGraph() {
        Variable x = leaf(2);
        Variable loss = x.mul(x).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertMentions(e, "Sum", "a second time", "retainGraph");

        // Another output that shares the freed part of the graph fails the same way, naming that part.
        Variable y = leaf(2);
        Variable shared = y.exp();
        shared.sum().backward();
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> shared.mean().backward());
        assertMentions(again, "Exp", "a second time");
    }

    @Test
    void inPlaceModificationOfASavedInput() {
        Variable a = Variable.of(Tensor.of(new float[] {1f, 2f}, 2), true);
        Variable b = Variable.of(Tensor.of(new float[] {3f, 4f}, 2), true);
        Variable loss = a.mul(b).sum();
        a.value().addInPlace(Tensor.ones(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertMentions(e, "Mul", "modified in place", "saved value 0", "shape [2]");
    }

    /**
     * As PyTorch, an operand changed in place is an error only if backward needs it: x·w reads
     * x for w's gradient and w only for x's, which constant data x does not need. PyTorch gives
     * w.grad = [[4, 4], [6, 6]] here, and refuses the change of x.
     */
    @Test
    void anOperandNoGradientNeedsMayChangeInPlace() {
        Tensor data = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2);
        Variable x = Variable.of(data);
        Variable w = Variable.of(Tensor.of(new float[] {1f, 1f, 1f, 1f}, 2, 2), true);
        Variable y = x.matmul(w).sum();
        w.value().addInPlace(Tensor.ones(2, 2));
        y.backward();
        assertArrayEquals(new float[] {4f, 4f, 6f, 6f}, w.grad().value().toArray());
        Variable v = Variable.of(Tensor.of(new float[] {1f, 2f}, 2), true);
        Variable z = Variable.of(Tensor.of(new float[] {3f, 5f}, 2)).mul(v).sum();
        v.value().addInPlace(Tensor.ones(2));
        z.backward();
        assertArrayEquals(new float[] {3f, 5f}, v.grad().value().toArray());
        // Div reads its dividend only for the divisor's gradient; Conv2d its weight only for dX.
        Variable dividend = Variable.of(Tensor.of(new float[] {1f, 2f}, 2), true);
        Variable quotient = dividend.div(Variable.of(Tensor.of(new float[] {4f, 8f}, 2))).sum();
        dividend.value().addInPlace(Tensor.ones(2));
        quotient.backward();
        assertArrayEquals(new float[] {0.25f, 0.125f}, dividend.grad().value().toArray());
        Variable kernel = Variable.of(Tensor.ones(1, 1, 2, 2), true);
        Variable image = Variable.of(Tensor.arange(9).reshape(1, 1, 3, 3));
        Variable convolved = Functional.conv2d(image, kernel, null).sum();
        kernel.value().addInPlace(Tensor.ones(1, 1, 2, 2));
        convolved.backward();
        // Each tap sees four pixels: 0+1+3+4, 1+2+4+5, 3+4+6+7, 4+5+7+8.
        assertArrayEquals(new float[] {8f, 12f, 20f, 24f}, kernel.grad().value().toArray());
        Variable changed = x.matmul(w).sum();
        data.addInPlace(Tensor.ones(2, 2));
        assertMentions(assertThrows(IllegalStateException.class, changed::backward), "Matmul", "modified in place");
    }

    @Test
    void inPlaceModificationThroughAnotherViewOfTheSavedStorage() {
        Variable a = leaf(2, 3);
        Variable t = a.t();
        Variable loss = t.mul(t).sum();
        a.value().mulInPlace(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertMentions(e, "Mul", "modified in place", "shape [3, 2]");
    }

    @Test
    void inPlaceModificationOfASavedOutput() {
        Variable x = leaf(3);
        Variable e = x.exp();
        Variable loss = e.sum();
        e.value().set(0f, 1);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, loss::backward);
        assertMentions(thrown, "Exp", "modified in place");
    }

    /**
     * Index and condition tensors are saved for backward like values: changing one in place
     * after the op used it would send the gradient to the wrong elements.
     */
    @Test
    void inPlaceModificationOfASavedIndexOrCondition() {
        Variable x = Variable.of(Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 2, 3), true);

        Tensor gatherIndex = Tensor.of(new float[] {0f, 2f}, 2, 1);
        Variable gathered = x.gather(1, gatherIndex).sum();
        gatherIndex.set(1f, 0, 0);
        assertMentions(assertThrows(IllegalStateException.class, gathered::backward), "Gather", "modified in place");

        Tensor selectIndex = Tensor.of(new float[] {2f, 0f}, 2);
        Variable selected = x.indexSelect(1, selectIndex).sum();
        selectIndex.fill(1f);
        assertMentions(assertThrows(IllegalStateException.class, selected::backward), "IndexSelect",
                "modified in place");

        Tensor scatterIndex = Tensor.of(new float[] {1f, 0f}, 2, 1);
        Variable source = Variable.of(Tensor.ones(2, 1), true);
        Variable scattered = x.scatterAdd(1, scatterIndex, source).sum();
        scatterIndex.addInPlace(Tensor.ones(2, 1));
        assertMentions(assertThrows(IllegalStateException.class, scattered::backward), "ScatterAdd",
                "modified in place");

        Tensor condition = Tensor.of(new float[] {1f, 0f, 1f}, 3);
        Variable chosen = Variable.where(condition, x, x.neg()).sum();
        condition.set(0f, 0);
        assertMentions(assertThrows(IllegalStateException.class, chosen::backward), "Where", "modified in place");
    }

    @Test
    void inPlaceModificationOfAnInputNothingSavedIsHarmless() {
        Variable a = leaf(2), b = leaf(2);
        Variable loss = a.add(b).sum();
        a.value().addInPlace(Tensor.ones(2));
        assertDoesNotThrow(() -> loss.backward());
        assertEquals(Tensor.ones(2), b.grad().value());
    }

    @Test
    void shapesThatCannotBeBroadcast() {
        Variable a = leaf(2, 3), b = leaf(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertMentions(e, "[2, 3]", "[4, 3]", "cannot be broadcast");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> a.mul(b)), "[2, 3]", "[4, 3]");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> a.maximum(b)), "[2, 3]", "[4, 3]");
    }

    @Test
    void matmulOfMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> leaf(2, 3).matmul(leaf(4, 5)));
        assertMentions(e, "[2, 3]", "[4, 5]", "do not match");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> leaf().matmul(leaf(3))), "rank at least 1");
    }

    @Test
    void joinsOfMismatchedShapes() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Variable.cat(0, leaf(2, 3), leaf(2, 4))),
                "[2, 3]", "[2, 4]");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Variable.stack(0, leaf(2), leaf(3))),
                "one shape", "[2]", "[3]");
    }

    @Test
    void gradOutputOfTheWrongShape() {
        Variable y = leaf(2, 3).exp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3, 2)));
        assertMentions(e, "gradOutput", "[2, 3]", "[3, 2]");
    }

    @Test
    void backwardOnAVariableThatDoesNotRequireGrad() {
        Variable constant = Variable.of(Tensor.ones(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> constant.sum().backward());
        assertMentions(e, "does not require grad");

        Variable x = leaf(2);
        Variable underNoGrad;
        try (ModeScope scope = GradMode.noGrad()) {
            underNoGrad = x.exp().sum();
        }
        assertMentions(assertThrows(IllegalStateException.class, underNoGrad::backward), "does not require grad",
                "GradMode.noGrad()");
    }

    @Test
    void aVariableNeedsAValue() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Variable.of(null, true)), "null");
    }
}
