package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The backward pass as an engine: order, accumulation, broadcasting, retained graphs, leaves. */
class BackwardTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(900);

    private static Tensor random(int... shape) {
        return Tensor.rand(RANDOM, shape).mul(2f).sub(1f);
    }

    private static void assertClose(Tensor expected, Variable actual, String what) {
        assertNotNull(actual, what + ": no gradient");
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        assertTrue(actual.value().allClose(expected, 1e-5f, 1e-6f), () -> what + ": expected " + expected + ", got " + actual);
    }

    /** Runs {@code body} on a thread with a small stack, so that any recursion over the graph's depth overflows it. */
    private static void onSmallStack(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        if (failure.get() instanceof Error e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void aChainOfTenThousandOpsDoesNotOverflowTheStack() throws InterruptedException {
        onSmallStack(() -> {
            // y = x · c^10000, so dy/dx = c^10000 (each factor rounded to float as the kernel sees it).
            float c = 1.0001f;
            Variable x = Variable.of(Tensor.scalar(0.5f), true);
            Variable y = x;
            for (int i = 0; i < 10_000; i++) {
                y = y.mul(c);
            }
            y.backward();
            double expected = Math.pow(c, 10_000);
            assertEquals(expected, x.grad().item(), 2e-3 * expected);
        });
    }

    @Test
    void aChainOfTenThousandAddsReusingTheLeaf() throws InterruptedException {
        onSmallStack(() -> {
            // y = x + x + ... + x (10,001 terms), built as a chain: dy/dx = 10001 exactly in float.
            Variable x = Variable.of(random(2, 3), true);
            Variable y = x;
            for (int i = 0; i < 10_000; i++) {
                y = y.add(x);
            }
            y.sum().backward();
            assertClose(Tensor.full(10_001f, 2, 3), x.grad(), "dy/dx");
        });
    }

    @Test
    void aValueUsedSeveralTimesAccumulates() {
        Tensor x0 = random(2, 3);
        Variable x = Variable.of(x0, true);
        // d/dx (x*x + x) = 2x + 1
        x.mul(x).add(x).sum().backward();
        assertClose(x0.mul(2f).add(1f), x.grad(), "d/dx (x*x + x)");

        // An intermediate used three times: f = e + e*e + sum(e) broadcast, e = exp(x);
        // df/dx = e (1 + 2e + n) with n the number of elements of the row it was summed in.
        Variable y = Variable.of(x0, true);
        Variable e = y.exp();
        e.add(e.mul(e)).add(e.sum(1, true)).sum().backward();
        Tensor ev = x0.exp();
        assertClose(ev.mul(ev.mul(2f).add(1f + 3f)), y.grad(), "d/dx (e + e² + Σ_row e)");
    }

    /** A node whose output feeds several consumers runs its backward once, with the sum of their gradients. */
    @Test
    void aSharedNodeRunsItsBackwardOnceWithTheSummedGradient() {
        final class Identity extends Function {
            int calls;
            Variable received;

            Identity(Variable x) {
                super("Identity", x);
            }

            @Override
            protected Variable[] backward(Variable gradOutput) {
                calls++;
                received = gradOutput;
                return new Variable[] {gradOutput};
            }
        }
        Variable x = Variable.of(random(3), true);
        Identity node = new Identity(x);
        Variable shared = node.output(x.value());
        // Three consumers on different paths, one of them deep: gradients 2, 3 and 1·1·1 per element.
        shared.mul(2f).add(shared.mul(3f)).add(shared.neg().neg().exp().log()).sum().backward();
        assertEquals(1, node.calls, "backward calls of the shared node");
        assertClose(Tensor.full(6f, 3), node.received, "the gradient the shared node received");
        assertClose(Tensor.full(6f, 3), x.grad(), "dx");
    }

    @Test
    void gradientsOfBroadcastInputsHaveTheInputsShapes() {
        Tensor a0 = random(3, 1), b0 = random(4), c0 = random(2, 1, 1);
        Variable a = Variable.of(a0, true), b = Variable.of(b0, true), c = Variable.of(c0, true);
        // f = Σ (a * b + c), of shape [2, 3, 4]: df/da = 2 Σ b, df/db = 2 Σ a, df/dc = 12.
        a.mul(b).add(c).sum().backward();
        float sumA = a0.sum().item(), sumB = b0.sum().item();
        assertClose(Tensor.full(2 * sumB, 3, 1), a.grad(), "df/da");
        assertClose(Tensor.full(2 * sumA, 4), b.grad(), "df/db");
        assertClose(Tensor.full(12f, 2, 1, 1), c.grad(), "df/dc");
    }

    @Test
    void backwardWithAGradientOnANonScalar() {
        Tensor x0 = random(2, 3), g = random(2, 3);
        Variable x = Variable.of(x0, true);
        x.mul(x).backward(g);
        assertClose(x0.mul(2f).mul(g), x.grad(), "g ⊙ 2x");
    }

    @Test
    void retainGraphAllowsASecondBackwardAndTheGradientsAddUp() {
        Tensor x0 = random(2, 2);
        Variable x = Variable.of(x0, true);
        Variable f = x.mul(x).exp().sum();
        f.backward(Variable.of(Tensor.scalar(1f)), true, false);
        Tensor once = x0.mul(x0).exp().mul(x0).mul(2f);
        assertClose(once, x.grad(), "after one backward");
        f.backward();
        assertClose(once.mul(2f), x.grad(), "after two backward passes");
    }

    @Test
    void gradientsAccumulateAcrossGraphsUntilZeroGrad() {
        Tensor x0 = random(3);
        Variable x = Variable.of(x0, true);
        x.mul(3f).sum().backward();
        x.mul(x).sum().backward();
        assertClose(x0.mul(2f).add(3f), x.grad(), "3 + 2x");
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(x).sum().backward();
        assertClose(x0.mul(2f), x.grad(), "2x after zeroGrad");
    }

    @Test
    void onlyLeavesThatRequireGradReceiveGradients() {
        Variable x = Variable.of(random(2), true);
        Variable constant = Variable.of(random(2));
        Variable middle = x.mul(constant);
        middle.exp().sum().backward();
        assertNotNull(x.grad());
        assertNull(constant.grad(), "a constant gets no gradient");
        assertNull(middle.grad(), "an intermediate keeps no gradient");
        assertFalse(constant.requiresGrad());
        assertTrue(middle.requiresGrad());
        assertFalse(middle.isLeaf());
        assertEquals("Exp", middle.exp().gradFn().name());
    }

    @Test
    void backwardOnALeafSeedsItsOwnGradient() {
        Variable x = Variable.of(Tensor.scalar(2f), true);
        x.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void detachCutsTheGraphButSharesTheValue() {
        Tensor x0 = random(2, 3);
        Variable x = Variable.of(x0, true);
        Variable d = x.exp().detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertNull(d.gradFn());
        Variable y = x.exp();
        assertTrue(x.detach().value().sharesStorageWith(x.value()), "detach copies nothing");
        // Only the non-detached factor carries a gradient: d/dx (x * stop(x)) = x.
        x.mul(x.detach()).sum().backward();
        assertClose(x0, x.grad(), "d/dx x·detach(x)");
        assertNotNull(y.gradFn());
    }

    @Test
    void eachLeafGradientIsAContiguousTensorOfItsOwn() {
        // Optimizers and gradient clipping update grad().value() in place, which needs a contiguous
        // tensor that nothing else shares: not another leaf's gradient, not the caller's
        // gradOutput, not a stride-0 broadcast of one number.
        Variable x = Variable.of(random(2, 3), true), y = Variable.of(random(2, 3), true);
        x.add(y).sum().backward();
        assertTrue(x.grad().value().isContiguous(), "the gradient of a summed leaf is a broadcast view");
        assertFalse(x.grad().value().sharesStorageWith(y.grad().value()), "x and y share one gradient tensor");
        x.grad().value().mulInPlace(0.5f);
        assertClose(Tensor.full(0.5f, 2, 3), x.grad(), "x's gradient scaled in place");
        assertClose(Tensor.ones(2, 3), y.grad(), "y's gradient, untouched");

        Tensor gradOutput = random(3, 2);
        Variable z = Variable.of(random(2, 3), true);
        z.transpose(0, 1).backward(gradOutput);
        Tensor expected = gradOutput.t().copy();
        gradOutput.fill(7f);
        assertClose(expected, z.grad(), "z's gradient after the caller reused its gradOutput");

        Variable leaf = Variable.of(random(2), true);
        Tensor seed = random(2);
        leaf.backward(seed);
        assertFalse(leaf.grad().value().sharesStorageWith(seed), "a leaf's own backward keeps the seed");
    }

    @Test
    void withCreateGraphEachLeafGradientIsStillItsOwnAndDifferentiable() {
        Variable x = Variable.of(random(2), true), y = Variable.of(random(2), true);
        Tensor seed = random(2);
        Tensor seedBefore = seed.copy();
        x.mul(x).add(y).backward(Variable.of(seed), false, true);
        assertFalse(y.grad().value().sharesStorageWith(seed), "y's gradient is the caller's seed");
        assertTrue(x.grad().requiresGrad(), "x's gradient, 2x·seed, stays differentiable");
        y.grad().value().mulInPlace(0.5f);
        assertClose(seedBefore, Variable.of(seed), "the seed after y's gradient was scaled in place");

        // Both leaves receive the seed itself, which is recorded (3w): each gets a recorded copy.
        Variable w = Variable.of(random(2), true);
        Variable a = Variable.of(random(2), true), b = Variable.of(random(2), true);
        a.add(b).backward(w.mul(3f), false, true);
        assertFalse(a.grad().value().sharesStorageWith(b.grad().value()), "a and b share one gradient tensor");
        a.grad().add(b.grad()).sum().backward();
        assertClose(Tensor.full(6f, 2), w.grad(), "d/dw of sum(3w + 3w)");

        // x's gradient, 2s, is also what the recorded graph saved to differentiate w's: scaling
        // it in place must not break w's second derivative. PyTorch gives w.grad = [232, 488].
        Variable p = Variable.of(Tensor.of(new float[] {1, 2}, 2), true);
        Variable q = Variable.of(Tensor.of(new float[] {3, 4}, 2), true);
        Variable s = p.add(q.mul(q));
        s.mul(s).sum().backward(Variable.of(Tensor.scalar(1f)), false, true);
        p.grad().value().mulInPlace(0.5f);
        q.grad().sum().backward();
        assertClose(Tensor.of(new float[] {232, 488}, 2), q.grad(), "q's gradient after its own second derivative");
    }

    /**
     * PyTorch's conventions where a gradient is not defined: maximum's ties share it, max(dim)
     * gives it to the element argmax picks, kinks give 0.
     */
    @Test
    void tiesAndKinksFollowPyTorch() {
        Variable a = Variable.of(Tensor.of(new float[] {1f, 2f, 3f}, 3), true);
        Variable b = Variable.of(Tensor.of(new float[] {1f, 5f, 0f}, 3), true);
        a.maximum(b).sum().backward();
        assertClose(Tensor.of(new float[] {0.5f, 0f, 1f}, 3), a.grad(), "d max(a, b) / da");
        assertClose(Tensor.of(new float[] {0.5f, 1f, 0f}, 3), b.grad(), "d max(a, b) / db");

        Variable m = Variable.of(Tensor.of(new float[] {4f, 1f, 4f, 2f, 2f, 2f}, 2, 3), true);
        m.max(1, false).sum().backward();
        assertClose(Tensor.of(new float[] {1f, 0f, 0f, 1f, 0f, 0f}, 2, 3), m.grad(), "d max over dim 1, with ties");
        Variable n = Variable.of(Tensor.of(new float[] {4f, 1f, 1f, 2f, 2f, 5f}, 2, 3), true);
        n.min(1, true).sum().backward();
        assertClose(Tensor.of(new float[] {0f, 1f, 0f, 1f, 0f, 0f}, 2, 3), n.grad(), "d min over dim 1, with ties");

        Variable z = Variable.of(Tensor.of(new float[] {0f, -1f, 2f}, 3), true);
        z.relu().add(z.abs()).sum().backward();
        assertClose(Tensor.of(new float[] {0f, -1f, 2f}, 3), z.grad(), "relu' + abs' (0 at 0)");
    }

    /** What PyTorch 2.13's backward gives where an input is NaN, value by value. */
    @Test
    void nanInputsGetPyTorchsGradients() {
        float nan = Float.NaN;
        // x.max(1).values.sum().backward() on [[1, nan, 3, nan]] gives [[0, 1, 0, 0]].
        Variable m = Variable.of(Tensor.of(new float[] {1f, nan, 3f, nan}, 1, 4), true);
        m.max(1, false).sum().backward();
        assertClose(Tensor.of(new float[] {0f, 1f, 0f, 0f}, 1, 4), m.grad(), "d max over a row with NaNs");
        // torch.maximum(a, b).sum().backward() with a = [nan, 2], b = [1, nan]: both get [1, 1].
        Variable a = Variable.of(Tensor.of(new float[] {nan, 2f}, 2), true);
        Variable b = Variable.of(Tensor.of(new float[] {1f, nan}, 2), true);
        a.maximum(b).sum().backward();
        assertClose(Tensor.of(new float[] {1f, 1f}, 2), a.grad(), "d maximum / da with NaN");
        assertClose(Tensor.of(new float[] {1f, 1f}, 2), b.grad(), "d maximum / db with NaN");
        Variable c = Variable.of(Tensor.of(new float[] {nan, 2f}, 2), true);
        Variable d = Variable.of(Tensor.of(new float[] {1f, nan}, 2), true);
        c.minimum(d).sum().backward();
        assertClose(Tensor.of(new float[] {1f, 1f}, 2), c.grad(), "d minimum / dc with NaN");
        assertClose(Tensor.of(new float[] {1f, 1f}, 2), d.grad(), "d minimum / dd with NaN");
        // relu's gradient is [1, 1, 0, 0] and abs's [0, 1, -1] at [nan, 1, -2, 0] and [nan, 1, -2].
        Variable r = Variable.of(Tensor.of(new float[] {nan, 1f, -2f, 0f}, 4), true);
        r.relu().sum().backward();
        assertClose(Tensor.of(new float[] {1f, 1f, 0f, 0f}, 4), r.grad(), "relu' with NaN");
        Variable s = Variable.of(Tensor.of(new float[] {nan, 1f, -2f}, 3), true);
        s.abs().sum().backward();
        assertClose(Tensor.of(new float[] {0f, 1f, -1f}, 3), s.grad(), "abs' with NaN");
    }

    /**
     * Which inputs get a gradient is fixed when the graph is recorded, as in PyTorch: unfreezing
     * w between forward and backward gave it the x·w term alone (PyTorch: w.grad is None), and a
     * GAN's discriminator, unfrozen before the generator's backward, got bias gradients.
     */
    @Test
    void aLeafUnfrozenAfterTheForwardPassGetsNoGradientFromIt() {
        Variable x = Variable.of(Tensor.of(new float[] {1f, 2f}, 2), true);
        Variable w = Variable.of(Tensor.of(new float[] {3f, 4f}, 2), true);
        w.setRequiresGrad(false);
        Variable y = x.mul(w).add(w.exp()).sum();
        w.setRequiresGrad(true);
        y.backward();
        assertNull(w.grad());
        assertArrayEquals(new float[] {3f, 4f}, x.grad().value().toArray());
        // One path recorded while w was frozen, another after: only the second reaches it, as in
        // PyTorch (w.grad = exp(w)); and a Cat whose middle input was frozen at recording.
        Variable shared = Variable.of(Tensor.of(new float[] {0.5f, 1f}, 2), true);
        shared.setRequiresGrad(false);
        Variable first = x.mul(shared);
        shared.setRequiresGrad(true);
        first.add(shared.exp()).sum().backward();
        assertArrayEquals(new float[] {(float) Math.exp(0.5), (float) Math.E}, shared.grad().value().toArray(), 1e-6f);
        Variable middle = Variable.of(Tensor.ones(2), true);
        middle.setRequiresGrad(false);
        Variable joined = Variable.cat(0, x, middle, w).sum();
        middle.setRequiresGrad(true);
        joined.backward();
        assertNull(middle.grad());
        // And frozen after the forward pass, it gets none either.
        Variable v = Variable.of(Tensor.of(new float[] {3f, 4f}, 2), true);
        Variable z = x.mul(v).sum();
        v.setRequiresGrad(false);
        z.backward();
        assertNull(v.grad());
        // Asking a computed variable to require grad is a no-op, as PyTorch's requires_grad_(True).
        Variable computed = x.mul(2f);
        computed.setRequiresGrad(true);
        assertTrue(computed.requiresGrad());
    }

    @Test
    void toStringNamesTheProducingOpOrRequiresGrad() {
        Variable x = Variable.of(Tensor.of(new float[] {1f, 2f}, 2), true);
        assertTrue(x.toString().endsWith(", requiresGrad=true)"), x::toString);
        assertTrue(x.mul(x).toString().endsWith(", gradFn=Mul)"), () -> x.mul(x).toString());
        Variable constant = Variable.of(Tensor.of(new float[] {1f, 2f}, 2));
        assertEquals(constant.value().toString(), constant.toString());
    }

    @Test
    void sumToOfTheSameShapeIsTheVariableItself() {
        Variable x = Variable.of(random(2, 3), true);
        assertSame(x, x.sumTo(Shape.of(2, 3)));
    }
}
