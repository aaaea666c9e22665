package io.jgrad.tensor;

import static io.jgrad.tensor.Generators.theory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Generators.Values;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** toString in PyTorch's style, equals/hashCode and allClose. */
class FormatAndEqualityTest {
    // ------------------------------------------------------------ toString

    @Test
    void matrixPrintsRowByRowAlignedUnderTheFirstBracket() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", x.toString());
    }

    @Test
    void scalarsAndVectors() {
        assertEquals("tensor(3.5000)", Tensor.scalar(3.5f).toString());
        assertEquals("tensor(-2.)", Tensor.scalar(-2f).toString());
        assertEquals("tensor([1.5000, 2.2500])", Tensor.of(new float[] {1.5f, 2.25f}, 2).toString());
        assertEquals("tensor([])", Tensor.zeros(0).toString());
    }

    @Test
    void columnsAreRightAlignedToTheWidestNumber() {
        assertEquals("tensor([-1.,  2.])", Tensor.of(new float[] {-1, 2}, 2).toString());
        assertEquals("tensor([[  1.,  10.],\n        [100.,   2.]])",
                Tensor.of(new float[] {1, 10, 100, 2}, 2, 2).toString());
    }

    @Test
    void threeDimensionsSeparateMatricesByABlankLine() {
        assertEquals("tensor([[[0., 1.]],\n\n        [[2., 3.]]])", Tensor.arange(4).reshape(2, 1, 2).toString());
    }

    @Test
    void viewsPrintTheirOwnLogicalOrder() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertEquals("tensor([[1., 3.],\n        [2., 4.]])", x.t().toString());
        assertEquals("tensor([2., 4.])", x.select(1, 1).toString());
    }

    @Test
    void smallOrWideRangingNumbersUseScientificNotation() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(new float[] {1e-5f, 1}, 2).toString());
        assertEquals("tensor([1.0000e+08, 1.0000e+00])", Tensor.of(new float[] {1e8f, 1}, 2).toString());
    }

    @Test
    void nonFiniteValuesPrintAsInPyTorch() {
        String s = Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1}, 4).toString();
        assertTrue(s.startsWith("tensor([") && s.endsWith("])"), s);
        assertEquals(Arrays.asList("nan", "inf", "-inf", "1."),
                Arrays.stream(s.substring(8, s.length() - 2).split(",")).map(String::trim).toList());
    }

    @Test
    void aThousandElementsPrintInFull() {
        String s = Tensor.arange(1000).toString();
        assertFalse(s.contains("..."), "1000 elements are not abridged");
        String[] items = s.substring("tensor([".length(), s.length() - 2).split(",");
        assertEquals(1000, items.length);
        assertEquals("999.", items[999].trim());
    }

    @Test
    void aboveAThousandElementsOnlyTheEdgesPrint() {
        // As PyTorch 2.13 prints torch.arange(1001.) and torch.arange(1600.).reshape(40, 40).
        assertEquals("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])", Tensor.arange(1001).toString());
        assertEquals("""
                tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 3.7000e+01, 3.8000e+01,
                         3.9000e+01],
                        [4.0000e+01, 4.1000e+01, 4.2000e+01,  ..., 7.7000e+01, 7.8000e+01,
                         7.9000e+01],
                        [8.0000e+01, 8.1000e+01, 8.2000e+01,  ..., 1.1700e+02, 1.1800e+02,
                         1.1900e+02],
                        ...,
                        [1.4800e+03, 1.4810e+03, 1.4820e+03,  ..., 1.5170e+03, 1.5180e+03,
                         1.5190e+03],
                        [1.5200e+03, 1.5210e+03, 1.5220e+03,  ..., 1.5570e+03, 1.5580e+03,
                         1.5590e+03],
                        [1.5600e+03, 1.5610e+03, 1.5620e+03,  ..., 1.5970e+03, 1.5980e+03,
                         1.5990e+03]])""", Tensor.arange(1600).reshape(40, 40).toString());
    }

    /** Each expected string is what PyTorch 2.13 prints for the same values. */
    @Test
    void printsWhatPyTorchPrints() {
        float nan = Float.NaN;
        assertEquals("tensor([1.0000e+00, 2.0000e+03])", Tensor.of(new float[] {1, 2000}, 2).toString(),
                "integers over a range of more than 1000 go scientific");
        assertEquals("tensor([100000000.])", Tensor.of(new float[] {1e8f}, 1).toString(), "1e8 itself does not");
        assertEquals("tensor([nan, 1.])", Tensor.of(new float[] {nan, 1}, 2).toString(), "nan does not widen columns");
        assertEquals("tensor([-0., 1.])", Tensor.of(new float[] {-0f, 1}, 2).toString(), "nor does a zero");
        assertEquals("tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
                + "        14., 15., 16., 17., 18., 19.])", Tensor.arange(20).toString(), "rows wrap at 80 characters");
        assertEquals("tensor([0.0312, 0.5000])", Tensor.of(new float[] {0.03125f, 0.5f}, 2).toString(),
                "ties round to even");
        assertEquals("tensor(1.0312)", Tensor.scalar(1.03125f).toString());
        assertEquals("tensor([], size=(0, 3))", Tensor.zeros(0, 3).toString());
        assertEquals("tensor([-1.0000e-05,  2.0000e+00,  0.0000e+00])", Tensor.of(new float[] {-1e-5f, 2, 0}, 3).toString());
        assertEquals("tensor([2.5000, 3.5000, 0.5000])", Tensor.of(new float[] {2.5f, 3.5f, 0.5f}, 3).toString());
    }

    @Test
    void equalityIsByShapeAndValuesWhateverTheLayout() {
        theory(801, 1000).forAll(Generators.views(Values.SMALL_INTS)).checkAssert(s -> {
            Tensor t = s.tensor();
            Tensor c = t.copy();
            assertEquals(t, c, () -> "a view equals its copy: " + s);
            assertEquals(t.hashCode(), c.hashCode(), () -> "equal tensors have equal hash codes: " + s);
            assertEquals(t, t.contiguous());
            assertTrue(t.allClose(c), "a tensor is close to its copy");
            if (t.numel() > 0) {
                int[] last = Reference.shapeOf(t).clone();
                for (int d = 0; d < last.length; d++) {
                    last[d]--;
                }
                c.set(c.get(last) + 1, last);
                assertNotEquals(t, c, () -> "one changed element makes them differ: " + s);
                assertFalse(t.allClose(c));
            }
        });
    }

    @Test
    void equalityComparesBitsAndShapes() {
        assertEquals(Tensor.full(Float.NaN, 3), Tensor.full(Float.NaN, 3), "NaN equals NaN, as Float.equals");
        assertNotEquals(Tensor.scalar(0f), Tensor.scalar(-0f), "0.0 and -0.0 differ, as Float.equals");
        assertNotEquals(Tensor.zeros(4), Tensor.zeros(2, 2), "shapes differ");
        assertNotEquals(Tensor.zeros(1), Tensor.scalar(0f));
        assertNotEquals(Tensor.zeros(2), null);
        assertNotEquals(Tensor.zeros(2), "tensor([0., 0.])");
        assertEquals(Tensor.zeros(0, 3), Tensor.zeros(3, 0).t());
    }

    @Test
    void allCloseUsesRelativeAndAbsoluteTolerance() {
        Tensor one = Tensor.of(new float[] {1, 100}, 2);
        assertTrue(one.allClose(Tensor.of(new float[] {1 + 5e-6f, 100 + 5e-4f}, 2)), "within rtol = 1e-5");
        assertFalse(one.allClose(Tensor.of(new float[] {1 + 5e-5f, 100}, 2)));
        assertTrue(one.allClose(Tensor.of(new float[] {1.05f, 104}, 2), 0.05f, 0));
        assertTrue(Tensor.zeros(2).allClose(Tensor.full(1e-3f, 2), 0, 1e-3f));
        assertFalse(Tensor.zeros(2).allClose(Tensor.full(2e-3f, 2), 0, 1e-3f));
        assertFalse(Tensor.zeros(2).allClose(Tensor.zeros(2, 1)), "shapes must match, no broadcasting");
    }

    @Test
    void allCloseNeverCallsNaNCloseAndInfinitiesOnlyCloseToThemselves() {
        Tensor inf = Tensor.full(Float.POSITIVE_INFINITY, 3);
        assertFalse(Tensor.full(Float.NaN, 3).allClose(Tensor.full(Float.NaN, 3)));
        assertTrue(inf.allClose(inf));
        assertFalse(Tensor.ones(3).allClose(inf), "1 is not close to inf");
        assertFalse(inf.allClose(Tensor.ones(3)), "inf is not close to 1");
        assertFalse(inf.allClose(inf.neg()), "inf is not close to -inf");
        assertFalse(Tensor.full(Float.MAX_VALUE, 1).allClose(Tensor.full(Float.POSITIVE_INFINITY, 1), 1f, 1f));
    }
}
