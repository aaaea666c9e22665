package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GradCheck;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.function.Executable;

/** Small helpers shared by the nn tests: seeded tensors, double comparisons, error checks. */
final class Fixtures {
    private Fixtures() {
    }

    /** A tensor of {@code shape} with values uniform in {@code [lo, hi)} from {@code seed}. */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(lo, hi);
        }
        return Tensor.of(v, shape);
    }

    /** Class indices in {@code [0, classes)} of {@code shape} from {@code seed}. */
    static Tensor classes(long seed, int classes, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(classes);
        }
        return Tensor.of(v, shape);
    }

    static double[] toDouble(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Element-wise {@code |expected - actual| <= atol + rtol·|expected|}, naming the first element that is not. */
    static void assertClose(double[] expected, Tensor actual, double rtol, double atol, String what) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, what + ": element count");
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], atol + rtol * Math.abs(expected[i]), what + ": element " + i);
        }
    }

    /** Float32 agreement with a double reference. */
    static void assertClose(double[] expected, Tensor actual, String what) {
        assertClose(expected, actual, 1e-5, 1e-6, what);
    }

    static void assertGradCheck(GradCheck.Result result, String what) {
        assertTrue(result.passed(), what + ": " + result);
    }

    /** Asserts that {@code call} throws {@code type} with a message containing every fragment. */
    static <T extends Throwable> T assertThrowsWith(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        assertNotNull(e.getMessage(), "the exception has a message");
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
        return e;
    }
}
