package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Initialisers against PyTorch's formulas, by the statistics of a large tensor. With fans as
 * PyTorch computes them for a weight [out, in, k...] ({@code fanIn = in·Πk}, {@code fanOut = out·Πk})
 * and the leaky-ReLU gain {@code √(2 / (1 + a²))}: Kaiming uniform bound {@code gain·√(3 / fanIn)},
 * Kaiming normal std {@code gain / √fanIn}, Xavier uniform bound {@code gain·√(6 / (fanIn + fanOut))},
 * Xavier normal std {@code gain·√(2 / (fanIn + fanOut))}. A uniform on ±b has variance b²/3.
 */
class InitTest {
    /** [out, in, kh, kw] = [64, 32, 5, 5]: fanIn 800, fanOut 1600, 51200 elements. */
    private static Tensor weight() {
        return Tensor.zeros(64, 32, 5, 5);
    }

    private record Stats(double mean, double std, double maxAbs) {
    }

    private static Stats stats(Tensor t) {
        double[] v = toDouble(t);
        double sum = 0;
        double max = 0;
        for (double x : v) {
            sum += x;
            max = Math.max(max, Math.abs(x));
        }
        double mean = sum / v.length;
        double squares = 0;
        for (double x : v) {
            squares += (x - mean) * (x - mean);
        }
        return new Stats(mean, Math.sqrt(squares / v.length), max);
    }

    private static void assertUniform(Tensor t, double bound, String what) {
        Stats s = stats(t);
        assertTrue(s.maxAbs() <= bound * (1 + 1e-6), what + ": max |x| " + s.maxAbs() + " within " + bound);
        assertTrue(s.maxAbs() > 0.99 * bound, what + ": max |x| " + s.maxAbs() + " reaches " + bound);
        assertEquals(0, s.mean(), 0.02 * bound, what + ": mean");
        assertEquals(bound / Math.sqrt(3), s.std(), 0.02 * bound / Math.sqrt(3), what + ": std");
    }

    private static void assertNormal(Tensor t, double std, String what) {
        Stats s = stats(t);
        assertEquals(0, s.mean(), 0.02 * std, what + ": mean");
        assertEquals(std, s.std(), 0.02 * std, what + ": std");
        assertTrue(s.maxAbs() > 3 * std, what + ": tails beyond 3 std exist");
    }

    @Test
    void fansFollowPyTorch() {
        assertEquals(800, Init.fanIn(weight()));
        assertEquals(1600, Init.fanOut(weight()));
        assertEquals(784, Init.fanIn(Tensor.zeros(128, 784)));
        assertEquals(128, Init.fanOut(Tensor.zeros(128, 784)));
        assertEquals(6, Init.fanIn(Tensor.zeros(4, 2, 3)));
        assertEquals(12, Init.fanOut(Tensor.zeros(4, 2, 3)));
    }

    @Test
    void fanErrors() {
        assertThrowsWith(IllegalArgumentException.class, () -> Init.fanIn(Tensor.zeros(5)), "rank 2", "[5]");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.fanOut(Tensor.scalar(1f)), "rank 2", "[]");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.fanIn(Tensor.zeros(3, 0)), "zero fan", "[3, 0]");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Init.kaimingUniform(Tensor.zeros(7), 0, new SplittableRandom(1)), "rank 2", "[7]");
    }

    @Test
    void parametersMustBeFiniteAndAreNamed() {
        SplittableRandom r = new SplittableRandom(4);
        double inf = Double.POSITIVE_INFINITY;
        assertThrowsWith(IllegalArgumentException.class, () -> Init.uniform(weight(), -inf, inf, r), "finite low <= high");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.uniform(weight(), 0, 1e308 * 10, r), "finite");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.uniform(weight(), -1e308, 1e308, r), "finite");
        // PyTorch refuses uniform_(-3e38, 3e38) on a float tensor: the width overflows a float.
        assertThrowsWith(IllegalArgumentException.class, () -> Init.uniform(weight(), -3e38, 3e38, r), "as a float");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.normal(weight(), Double.NaN, 1, r), "finite mean",
                "NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.normal(weight(), 0, inf, r), "finite std",
                "Infinity");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.kaimingUniform(weight(), Double.NaN, r),
                "kaimingUniform needs a finite a, got NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.kaimingNormal(weight(), inf, r),
                "kaimingNormal needs a finite a");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.xavierUniform(weight(), -1, r),
                "xavierUniform needs a finite gain >= 0.0, got -1.0");
        assertThrowsWith(IllegalArgumentException.class, () -> Init.xavierNormal(weight(), inf, r),
                "xavierNormal needs a finite gain");
    }

    @Test
    void gainsAreCalculateGains() {
        // PyTorch 2.13: calculate_gain for linear, sigmoid, tanh, relu, leaky_relu (0.01, 0.2), selu.
        assertEquals(1, Nonlinearity.LINEAR.gain(0));
        assertEquals(1, Nonlinearity.SIGMOID.gain(0));
        assertEquals(1.6666666666666667, Nonlinearity.TANH.gain(0), 1e-15);
        assertEquals(1.4142135623730951, Nonlinearity.RELU.gain(0), 1e-15);
        assertEquals(1.4141428569978354, Nonlinearity.LEAKY_RELU.gain(0.01), 1e-15);
        assertEquals(1.3867504905630728, Nonlinearity.LEAKY_RELU.gain(0.2), 1e-15);
        assertEquals(0.75, Nonlinearity.SELU.gain(0));
        assertThrowsWith(IllegalArgumentException.class, () -> Nonlinearity.LEAKY_RELU.gain(Double.NaN), "finite", "NaN");
    }

    @Test
    void kaimingByFanOutForReLUAsResNetsInitialise() {
        // weight() is [*, *, 5, 5] with fanIn 800 and fanOut 1600.
        Tensor uniform = Init.kaimingUniform(weight(), 0, FanMode.FAN_OUT, Nonlinearity.RELU, new SplittableRandom(5));
        assertUniform(uniform, Math.sqrt(2) * Math.sqrt(3.0 / 1600), "kaiming_uniform_(mode='fan_out', relu)");
        Tensor normal = Init.kaimingNormal(weight(), 0, FanMode.FAN_OUT, Nonlinearity.RELU, new SplittableRandom(6));
        assertNormal(normal, Math.sqrt(2) / Math.sqrt(1600), "kaiming_normal_(mode='fan_out', relu)");
        // The short forms are fan-in and leaky ReLU, to the bit.
        assertEquals(Init.kaimingUniform(weight(), 0.3, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, new SplittableRandom(7)),
                Init.kaimingUniform(weight(), 0.3, new SplittableRandom(7)));
        assertEquals(Init.kaimingNormal(weight(), 0.3, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, new SplittableRandom(8)),
                Init.kaimingNormal(weight(), 0.3, new SplittableRandom(8)));
    }

    @Test
    void kaimingUniform() {
        for (double a : new double[] {0, Math.sqrt(5), 0.2}) {
            Tensor t = Init.kaimingUniform(weight(), a, new SplittableRandom(2));
            assertUniform(t, Math.sqrt(2 / (1 + a * a)) * Math.sqrt(3.0 / 800), "kaimingUniform a=" + a);
        }
        // PyTorch's Linear default, a = √5, works out to exactly 1/√fanIn.
        assertUniform(Init.kaimingUniform(Tensor.zeros(300, 400), Math.sqrt(5), new SplittableRandom(3)),
                1 / Math.sqrt(400), "a=√5 on [300, 400]");
    }

    @Test
    void kaimingNormal() {
        for (double a : new double[] {0, 1}) {
            Tensor t = Init.kaimingNormal(weight(), a, new SplittableRandom(4));
            assertNormal(t, Math.sqrt(2 / (1 + a * a)) / Math.sqrt(800), "kaimingNormal a=" + a);
        }
    }

    @Test
    void xavierUniformAndNormal() {
        for (double gain : new double[] {1, 5.0 / 3}) {
            assertUniform(Init.xavierUniform(weight(), gain, new SplittableRandom(5)),
                    gain * Math.sqrt(6.0 / (800 + 1600)), "xavierUniform gain=" + gain);
            assertNormal(Init.xavierNormal(weight(), gain, new SplittableRandom(6)),
                    gain * Math.sqrt(2.0 / (800 + 1600)), "xavierNormal gain=" + gain);
        }
    }

    @Test
    void uniformAndNormal() {
        Tensor u = Init.uniform(Tensor.zeros(100_000), -1, 3, new SplittableRandom(7));
        Stats s = stats(u);
        assertEquals(1, s.mean(), 0.02);
        assertEquals(4 / Math.sqrt(12), s.std(), 0.01);
        for (float v : u.toArray()) {
            assertTrue(v >= -1 && v <= 3, "uniform value " + v);
        }
        Tensor n = Init.normal(Tensor.zeros(100_000), 2, 0.5, new SplittableRandom(8));
        assertEquals(2, stats(n).mean(), 0.01);
        assertEquals(0.5, stats(n).std(), 0.01);
        assertThrowsWith(IllegalArgumentException.class,
                () -> Init.uniform(Tensor.zeros(2), 1, 0, new SplittableRandom(9)), "low <= high", "1.0", "0.0");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Init.normal(Tensor.zeros(2), 0, -1, new SplittableRandom(9)), "std >= 0", "-1.0");
        assertThrowsWith(IllegalArgumentException.class,
                () -> Init.uniform(Tensor.zeros(2), Double.NaN, 0, new SplittableRandom(9)), "NaN");
    }

    @Test
    void fillsInPlaceAndIsSeeded() {
        Tensor t = Tensor.zeros(10, 10);
        assertSame(t, Init.xavierUniform(t, 1, new SplittableRandom(10)), "the same tensor comes back");
        assertEquals(t, Init.xavierUniform(Tensor.zeros(10, 10), 1, new SplittableRandom(10)));
        assertNotEquals(t, Init.xavierUniform(Tensor.zeros(10, 10), 1, new SplittableRandom(11)));
        Init.manualSeed(12);
        Tensor a = Init.kaimingNormal(Tensor.zeros(4, 4), 0, Init.defaultGenerator());
        Init.manualSeed(12);
        assertEquals(a, Init.kaimingNormal(Tensor.zeros(4, 4), 0, Init.defaultGenerator()));
    }
}
