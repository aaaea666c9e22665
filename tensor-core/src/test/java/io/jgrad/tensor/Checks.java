package io.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.function.Executable;

/** Assertions that compare tensors with {@link Reference.Nd} results element by element. */
final class Checks {
    /** One float32 rounding step, relative. */
    static final double EPS = Math.ulp(1.0f);

    private Checks() {
    }

    static void assertShape(int[] expected, Tensor actual, Object context) {
        assertArrayEquals(expected, Reference.shapeOf(actual),
                () -> "shape of the result for " + context + ": expected " + Arrays.toString(expected)
                        + ", got " + actual.shape());
    }

    /** Same shape and, element by element, the same float (NaN matches NaN; 0.0 matches -0.0). */
    static void assertExact(Reference.Nd expected, Tensor actual, Object context) {
        assertShape(expected.shape(), actual, context);
        Reference.forEachIndex(expected.shape(), idx -> {
            float e = (float) expected.at(idx);
            float a = actual.get(idx);
            if (!(e == a || (Float.isNaN(e) && Float.isNaN(a)))) {
                fail("at " + Arrays.toString(idx) + ": expected " + e + ", got " + a + " for " + context);
            }
        });
    }

    /** Same shape and {@code |actual - expected| <= atol + rtol * |expected|}; infinities and NaN must match. */
    static void assertClose(Reference.Nd expected, Tensor actual, double rtol, double atol, Object context) {
        assertShape(expected.shape(), actual, context);
        Reference.forEachIndex(expected.shape(), idx -> {
            double e = expected.at(idx);
            assertNear(e, actual.get(idx), atol + rtol * Math.abs(e), idx, context);
        });
    }

    /** Same shape and {@code |actual - expected| <= bound} element by element. */
    static void assertWithin(Reference.Nd expected, Reference.Nd bound, Tensor actual, Object context) {
        assertShape(expected.shape(), actual, context);
        Reference.forEachIndex(expected.shape(), idx -> assertNear(expected.at(idx), actual.get(idx), bound.at(idx), idx, context));
    }

    static void assertNear(double expected, float actual, double tolerance, int[] idx, Object context) {
        boolean ok;
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            ok = Double.compare(expected, actual) == 0;
        } else {
            ok = Math.abs(actual - expected) <= tolerance;
        }
        if (!ok) {
            fail("at " + Arrays.toString(idx) + ": expected " + expected + " (±" + tolerance + "), got " + actual
                    + " for " + context);
        }
    }

    /** Asserts that {@code call} throws {@code type} with a message containing every fragment. */
    static <T extends Throwable> T assertThrowsWith(Class<T> type, Executable call, String... fragments) {
        T thrown = assertThrows(type, call);
        String message = thrown.getMessage();
        for (String f : fragments) {
            assertTrue(message != null && message.contains(f),
                    () -> "message should contain \"" + f + "\" but was: " + message);
        }
        return thrown;
    }

    /** The bitwise float content of {@code t} in row-major order, read through {@code get}. */
    static int[] bits(Tensor t) {
        float[] e = Reference.elements(t);
        int[] out = new int[e.length];
        for (int i = 0; i < e.length; i++) {
            out[i] = Float.floatToIntBits(e[i]);
        }
        return out;
    }
}
