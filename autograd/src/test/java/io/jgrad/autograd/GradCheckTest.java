package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link GradCheck} itself: it must catch wrong gradients and point at the worst element. */
class GradCheckTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(1000);

    private static Tensor random(int... shape) {
        return Tensor.rand(RANDOM, shape).mul(2f).add(0.5f);
    }

    @Test
    void passesACorrectGradient() {
        GradCheck.Result result = GradCheck.check(xs -> xs[0].mul(xs[0]).mul(xs[1]), random(2, 3), random(3));
        assertTrue(result.passed(), result::toString);
        assertTrue(result.ratio() <= 1);
        assertTrue(result.toString().startsWith("passed"), result::toString);
    }

    @Test
    void failsAGradientThatMissesAPath() {
        // x * detach(x) has the value x² but backward sees only one factor: analytic x, numeric 2x.
        Tensor x = Tensor.of(new float[] {1.5f}, 1);
        GradCheck.Result result = GradCheck.check(xs -> xs[0].mul(xs[0].detach()), x);
        assertFalse(result.passed(), result::toString);
        assertTrue(result.toString().startsWith("FAILED"), result::toString);
        assertEquals(0, result.input());
        assertArrayEquals(new int[] {0}, result.index());
        assertEquals(2 * result.analytic(), result.numeric(), 1e-3 * Math.abs(result.numeric()), result::toString);
        assertTrue(result.ratio() > 1);
    }

    @Test
    void reportsTheInputAndIndexOfTheWorstElement() {
        // Only element [1, 2] of the second input loses half its gradient.
        Tensor mask = Tensor.zeros(2, 3);
        mask.set(1f, 1, 2);
        GradCheck.Result result = GradCheck.check(
                xs -> xs[0].mul(xs[1]).add(Variable.where(mask, xs[1].detach(), xs[1]).mul(xs[1])),
                random(2, 3), random(2, 3));
        assertFalse(result.passed(), result::toString);
        assertEquals(1, result.input(), result::toString);
        assertArrayEquals(new int[] {1, 2}, result.index(), result::toString);
    }

    @Test
    void anOutputThatIgnoresAnInputHasAZeroGradientForIt() {
        assertTrue(GradCheck.check(xs -> xs[0].exp(), random(2), random(3)).passed());
        assertTrue(GradCheck.check(xs -> Variable.of(Tensor.ones(2)), random(2)).passed(),
                "a constant output has zero gradients, numeric and analytic");
    }

    @Test
    void leavesItsInputsUnchangedAndWorksInsideNoGrad() {
        Tensor x = random(2, 2);
        Tensor before = x.copy();
        GradCheck.Result result;
        try (ModeScope scope = GradMode.noGrad()) {
            result = GradCheck.check(xs -> xs[0].tanh(), x);
        }
        assertTrue(result.passed(), result::toString);
        assertEquals(before, x);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(xs -> xs[0]));
        assertTrue(none.getMessage().contains("0 inputs"), none::getMessage);
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(xs -> xs[0], -1e-2, 1e-3, 1e-2, random(1)));
        assertTrue(step.getMessage().contains("step -0.01"), step::getMessage);
    }

    /** Squaring whose backward is right to first order but uses a constant 2x: not differentiable again. */
    private static final class DetachedSquare extends Function {
        private DetachedSquare(Variable x) {
            super("DetachedSquare", x);
            save(x);
        }

        static Variable apply(Variable x) {
            return new DetachedSquare(x).output(x.value().mul(x.value()));
        }

        @Override
        protected Variable[] backward(Variable grad) {
            return new Variable[] {grad.mul(Variable.of(saved(0).value().mul(2f)))};
        }
    }

    @Test
    void secondOrderCheckCatchesABackwardThatIsNotDifferentiable() {
        Tensor x = random(3);
        GradCheck.Result first = GradCheck.check(xs -> DetachedSquare.apply(xs[0]), x);
        assertTrue(first.passed(), first::toString);
        GradCheck.Result second = GradCheck.checkSecondOrder(xs -> DetachedSquare.apply(xs[0]), x);
        assertFalse(second.passed(), second::toString);
        GradCheck.Result correct = GradCheck.checkSecondOrder(xs -> xs[0].mul(xs[0]), x);
        assertTrue(correct.passed(), correct::toString);
    }
}
