package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertClose;
import static io.jgrad.nn.Fixtures.assertGradCheck;
import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.classes;
import static io.jgrad.nn.Fixtures.toDouble;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GradCheck;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * CrossEntropyLoss against a reference written here in double: for logits x at one position,
 * {@code log p_c = x_c − log Σ_k e^{x_k}} (shifted by the maximum), and with label smoothing ε
 * over C classes, {@code ℓ = −(1 − ε) log p_y − (ε / C) Σ_c log p_c}. Ignored positions give 0
 * and are left out of the mean. The gradient is {@code softmax − q} with
 * {@code q = (1 − ε)·onehot(y) + ε / C}, divided by the number of kept positions for the mean.
 */
class CrossEntropyLossTest {
    /** Input laid out [N, C, D] (D = 1 for [N, C]); the result per (n, j), row-major like the target. */
    private record Reference(double[] perPosition, double[] softmaxMinusQ, int kept) {
        double sum() {
            double s = 0;
            for (double v : perPosition) {
                s += v;
            }
            return s;
        }
    }

    private static Reference reference(Tensor logits, Tensor target, int n, int c, int d, double eps, int ignore) {
        double[] x = toDouble(logits);
        double[] t = toDouble(target);
        double[] loss = new double[n * d];
        double[] grad = new double[n * c * d];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int y = (int) t[i * d + j];
                if (y == ignore) {
                    continue;
                }
                kept++;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, x[(i * c + k) * d + j]);
                }
                double sumExp = 0;
                for (int k = 0; k < c; k++) {
                    sumExp += Math.exp(x[(i * c + k) * d + j] - max);
                }
                double logSumExp = max + Math.log(sumExp);
                double sumLogP = 0;
                for (int k = 0; k < c; k++) {
                    double logP = x[(i * c + k) * d + j] - logSumExp;
                    sumLogP += logP;
                    double q = (k == y ? 1 - eps : 0) + eps / c;
                    grad[(i * c + k) * d + j] = Math.exp(logP) - q;
                }
                double logPy = x[(i * c + y) * d + j] - logSumExp;
                loss[i * d + j] = -(1 - eps) * logPy - eps / c * sumLogP;
            }
        }
        return new Reference(loss, grad, kept);
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    @Test
    void meanSumAndNoneReductions() {
        Tensor x = uniform(1, -3, 3, 6, 5);
        Tensor y = classes(2, 5, 6);
        Reference ref = reference(x, y, 6, 5, 1, 0, -100);
        Variable none = new CrossEntropyLoss(Reduction.NONE, 0, -100).forward(Variable.of(x), y);
        assertEquals(Shape.of(6), none.shape());
        assertClose(ref.perPosition(), none.value(), "per row");
        Variable sum = new CrossEntropyLoss(Reduction.SUM, 0, -100).forward(Variable.of(x), y);
        assertEquals(Shape.of(), sum.shape());
        assertEquals(ref.sum(), sum.item(), 1e-5 * Math.abs(ref.sum()));
        Variable mean = new CrossEntropyLoss().forward(Variable.of(x), y);
        assertEquals(Shape.of(), mean.shape());
        assertEquals(ref.sum() / 6, mean.item(), 1e-5 * Math.abs(ref.sum() / 6));
    }

    @Test
    void byHandForTwoClasses() {
        // logits (0, ln 3): p = (1/4, 3/4); target 1 → −ln(3/4).
        Tensor x = Tensor.of(new float[] {0f, (float) Math.log(3)}, 1, 2);
        float loss = new CrossEntropyLoss().forward(Variable.of(x), Tensor.of(new float[] {1f}, 1)).item();
        assertEquals(-Math.log(0.75), loss, 1e-6);
    }

    @Test
    void labelSmoothing() {
        Tensor x = uniform(3, -2, 2, 4, 6);
        Tensor y = classes(4, 6, 4);
        for (float eps : new float[] {0.1f, 0.5f, 1f}) {
            Reference ref = reference(x, y, 4, 6, 1, eps, -100);
            Variable none = new CrossEntropyLoss(Reduction.NONE, eps, -100).forward(Variable.of(x), y);
            assertClose(ref.perPosition(), none.value(), "ε = " + eps);
            float mean = new CrossEntropyLoss(Reduction.MEAN, eps, -100).forward(Variable.of(x), y).item();
            assertEquals(ref.sum() / 4, mean, 1e-5 * Math.abs(ref.sum() / 4), "ε = " + eps);
        }
    }

    @Test
    void ignoredTargetsCountForNothingAndTheMeanIsOverTheRest() {
        Tensor x = uniform(5, -3, 3, 6, 4);
        Tensor y = Tensor.of(new float[] {1, -100, 3, 0, -100, 2}, 6);
        Reference ref = reference(x, y, 6, 4, 1, 0, -100);
        assertEquals(4, ref.kept());
        Variable none = new CrossEntropyLoss(Reduction.NONE, 0, -100).forward(Variable.of(x), y);
        assertClose(ref.perPosition(), none.value(), "per row");
        assertEquals(0f, none.value().get(1));
        assertEquals(0f, none.value().get(4));
        float mean = new CrossEntropyLoss().forward(Variable.of(x), y).item();
        assertEquals(ref.sum() / 4, mean, 1e-5 * Math.abs(ref.sum() / 4), "divided by the 4 kept rows, not 6");
        float sum = new CrossEntropyLoss(Reduction.SUM, 0, -100).forward(Variable.of(x), y).item();
        assertEquals(ref.sum(), sum, 1e-5 * Math.abs(ref.sum()));
    }

    /**
     * Class weights against PyTorch 2.13 (float64): F.cross_entropy and F.nll_loss with
     * weight [0.2, 1, 3], targets [0, 2, -100, 1], each reduction, label smoothing 0 and 0.1.
     * Each case: the loss (or losses), then the input's gradient of their sum.
     */
    @Test
    void classWeightsAsPyTorchWeightsThem() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f, 3f, 1f, 0f, -2f, 0.5f, 1.25f}, 4, 3);
        Tensor y = Tensor.of(new float[] {0, 2, -100, 1}, 4);
        Tensor w = Tensor.of(new float[] {0.2f, 1f, 3f}, 3);
        double[][] ceMean = {{2.203129743746}, {-0.039271886089, 0.001862503489, 0.037409382599, 0.513171672251,
            0.147026145713, -0.660197817963, 0, 0, 0, 0.006109261616, -0.163669195348, 0.157559933732}};
        double[][] ceNone = {{0.348262259331, 7.742017828222, 0, 1.162864836181}, {-0.164941921572, 0.007822514654,
            0.157119406918, 2.155321023453, 0.617509811993, -2.772830835446, 0, 0, 0, 0.025658898789, -0.687410620463,
            0.661751721673}};
        double[][] smoothedMean = {{2.116438711573}, {-0.031088985996, -0.004956502354, 0.03604548835, 0.48421521481,
            0.131248243338, -0.615463458148, 0, 0, 0, 0.004766330494, -0.144819137765, 0.140052807272}};
        double[][] smoothedSum = {{8.889042588608}, {-0.130573741182, -0.020817309887, 0.151391051069, 2.033703902202,
            0.55124262202, -2.584946524222, 0, 0, 0, 0.020018588074, -0.608240378615, 0.58822179054}};
        double[][] nllMean = {{0.392857142857}, {-0.047619047619, 0, 0, 0, 0, -0.714285714286, 0, 0, 0, 0,
            -0.238095238095, 0}};
        assertWeighted(new CrossEntropyLoss(w, Reduction.MEAN, 0, -100), x, y, ceMean, "CE mean");
        assertWeighted(new CrossEntropyLoss(w, Reduction.NONE, 0, -100), x, y, ceNone, "CE none");
        assertWeighted(new CrossEntropyLoss(w, Reduction.MEAN, 0.1f, -100), x, y, smoothedMean, "CE mean, smoothed");
        assertWeighted(new CrossEntropyLoss(w, Reduction.SUM, 0.1f, -100), x, y, smoothedSum, "CE sum, smoothed");
        assertWeighted(new NLLLoss(w, Reduction.MEAN, -100), x, y, nllMean, "NLL mean");

        // Weights of one are no weights, to the bit; the weights are copied, not kept by reference.
        Tensor ones = Tensor.ones(3);
        CrossEntropyLoss unit = new CrossEntropyLoss(ones, Reduction.MEAN, 0, -100);
        ones.fill(5f);
        assertEquals(new CrossEntropyLoss().forward(Variable.of(x), y).item(), unit.forward(Variable.of(x), y).item());
        assertThrowsWith(IllegalArgumentException.class,
                () -> new CrossEntropyLoss(Tensor.of(new float[] {1, 2}, 2), Reduction.MEAN, 0, -100)
                        .forward(Variable.of(x), y), "a class weight per class, [3]", "[2]");
        assertThrowsWith(IllegalArgumentException.class,
                () -> new NLLLoss(Tensor.of(new float[] {1, -1, 1}, 3), Reduction.MEAN, -100), "finite class weights >= 0",
                "-1.0");
        assertThrowsWith(IllegalArgumentException.class,
                () -> new NLLLoss(Tensor.ones(3, 1), Reduction.MEAN, -100), "class weights [C]", "[3, 1]");
    }

    private static void assertWeighted(Loss loss, Tensor x, Tensor y, double[][] expected, String what) {
        Variable input = Variable.of(x, true);
        Variable out = loss.forward(input, y);
        assertClose(expected[0], out.value(), 1e-5, 1e-6, what);
        out.sum().backward();
        assertClose(expected[1], input.grad().value(), 1e-5, 1e-6, what + " gradient");
    }

    @Test
    void aMaskedLogitOutsideTheTargetIsNoNaN() {
        // Action masks and masked vocabularies: PyTorch 2.13 gives 0.86043 (mean of the two rows).
        float ninf = Float.NEGATIVE_INFINITY;
        Variable x = Variable.of(Tensor.of(new float[] {0, ninf, 1, 1, 2, 3}, 2, 3), true);
        Variable loss = new CrossEntropyLoss().forward(x, Tensor.of(new float[] {0, 2}, 2));
        assertEquals(0.86043, loss.item(), 1e-5);
        loss.backward();
        for (float g : x.grad().value().toArray()) {
            assertTrue(Float.isFinite(g), "gradient " + g);
        }
        // With the target itself masked the loss is infinite, as PyTorch's.
        assertEquals(Float.POSITIVE_INFINITY,
                new CrossEntropyLoss().forward(Variable.of(x.value()), Tensor.of(new float[] {1, 2}, 2)).item());
    }

    @Test
    void anIgnoredRowOfMaskedLogitsCostsNothing() {
        // Padding positions often hold -inf logits: loss 0 and gradient 0 for them. PyTorch gives
        // loss 0 too, but a NaN gradient for a row that is -inf throughout; jgrad gives 0 there.
        float ninf = Float.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(new float[] {ninf, ninf, ninf, 1, 2, 3, ninf, 0, 5}, 3, 3);
        Tensor y = Tensor.of(new float[] {-100, 2, -100}, 3);
        for (float smoothing : new float[] {0f, 0.1f}) {
            Variable ceLogits = Variable.of(x, true);
            Variable ce = new CrossEntropyLoss(Reduction.MEAN, smoothing, -100).forward(ceLogits, y);
            assertTrue(Float.isFinite(ce.item()), "smoothing " + smoothing + ": " + ce.item());
            ce.backward();
            for (int i : new int[] {0, 1, 2, 6, 7, 8}) {
                assertEquals(0f, ceLogits.grad().value().toArray()[i], 0f, "ignored rows, element " + i);
            }
        }
        Variable logProbabilities = Variable.of(x, true);
        Variable nll = new NLLLoss().forward(logProbabilities, Tensor.of(new float[] {-100, 2, -100}, 3));
        assertEquals(-3f, nll.item());
        nll.backward();
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, -1, 0, 0, 0}, logProbabilities.grad().value().toArray(), 0f);
    }

    @Test
    void aCustomIgnoreIndexMayBeAClassIndex() {
        Tensor x = uniform(6, -3, 3, 5, 3);
        Tensor y = Tensor.of(new float[] {2, 0, 2, 1, 1}, 5);
        Reference ref = reference(x, y, 5, 3, 1, 0.2, 2);
        float mean = new CrossEntropyLoss(Reduction.MEAN, 0.2f, 2).forward(Variable.of(x), y).item();
        assertEquals(ref.sum() / 3, mean, 1e-5 * Math.abs(ref.sum() / 3));
    }

    @Test
    void everyTargetIgnoredGivesNaNForTheMeanButZeroGradientsAsPyTorch() {
        // F.cross_entropy(x, torch.tensor([-100, -100])) is nan, and x.grad all zeros after backward.
        Tensor x = uniform(7, -1, 1, 2, 3);
        Tensor y = Tensor.full(-100f, 2);
        Variable logits = Variable.of(x, true);
        Variable loss = new CrossEntropyLoss().forward(logits, y);
        assertTrue(Float.isNaN(loss.item()));
        loss.backward();
        assertArrayEquals(new float[6], logits.grad().value().toArray(), 0f);
        Variable scores = Variable.of(x, true);
        Variable nll = new NLLLoss().forward(scores, y);
        assertTrue(Float.isNaN(nll.item()));
        nll.backward();
        assertArrayEquals(new float[6], scores.grad().value().toArray(), 0f);
        assertEquals(0f, new CrossEntropyLoss(Reduction.SUM, 0, -100).forward(Variable.of(x), y).item());
    }

    @Test
    void classDimensionSecondWithExtraDimensions() {
        // [N, C, d] = [3, 4, 5] with target [3, 5], and [N, C, d1, d2] = [2, 3, 2, 3] with target [2, 2, 3].
        Tensor x = uniform(8, -3, 3, 3, 4, 5);
        Tensor y = classes(9, 4, 3, 5);
        y.set(-100f, 1, 2);
        Reference ref = reference(x, y, 3, 4, 5, 0.1, -100);
        Variable none = new CrossEntropyLoss(Reduction.NONE, 0.1f, -100).forward(Variable.of(x), y);
        assertEquals(Shape.of(3, 5), none.shape());
        assertClose(ref.perPosition(), none.value(), "[N, C, d] per position");
        float mean = new CrossEntropyLoss(Reduction.MEAN, 0.1f, -100).forward(Variable.of(x), y).item();
        assertEquals(ref.sum() / 14, mean, 1e-5 * Math.abs(ref.sum() / 14));

        Tensor x4 = uniform(10, -3, 3, 2, 3, 2, 3);
        Tensor y4 = classes(11, 3, 2, 2, 3);
        Reference ref4 = reference(x4, y4, 2, 3, 6, 0, -100);
        Variable none4 = new CrossEntropyLoss(Reduction.NONE, 0, -100).forward(Variable.of(x4), y4);
        assertEquals(Shape.of(2, 2, 3), none4.shape());
        assertClose(ref4.perPosition(), none4.value(), "[N, C, d1, d2] per position");
    }

    @Test
    void oneDimensionalInputWithAScalarTarget() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f}, 3);
        Tensor y = Tensor.scalar(2f);
        Reference ref = reference(x.reshape(1, 3), y.reshape(1), 1, 3, 1, 0, -100);
        for (Reduction r : Reduction.values()) {
            Variable loss = new CrossEntropyLoss(r, 0, -100).forward(Variable.of(x), y);
            assertEquals(Shape.of(), loss.shape(), r + " gives a scalar");
            assertEquals(ref.perPosition()[0], loss.item(), 1e-6, r.toString());
        }
    }

    @Test
    void largeLogitsStayFinite() {
        Tensor x = Tensor.of(new float[] {1000f, -1000f, 999f, 0f, 88f, 89f}, 2, 3);
        Tensor y = Tensor.of(new float[] {2, 0}, 2);
        Reference ref = reference(x, y, 2, 3, 1, 0, -100);
        Variable none = new CrossEntropyLoss(Reduction.NONE, 0, -100).forward(Variable.of(x), y);
        // Near 1000 a float32 resolves 6e-5, so log-sum-exp carries that much error.
        assertClose(ref.perPosition(), none.value(), 0, 2e-4, "per row");
        assertTrue(Float.isFinite(none.value().sum().item()));
    }

    @Test
    void gradientIsSoftmaxMinusTargetOverTheKeptCount() {
        Tensor x = uniform(12, -3, 3, 5, 4);
        Tensor y = Tensor.of(new float[] {3, 0, -100, 1, 3}, 5);
        Reference ref = reference(x, y, 5, 4, 1, 0.1, -100);
        Variable logits = Variable.of(x, true);
        new CrossEntropyLoss(Reduction.MEAN, 0.1f, -100).forward(logits, y).backward();
        double[] expected = scaled(ref.softmaxMinusQ(), 1.0 / 4);
        for (int k = 0; k < 4; k++) {
            expected[2 * 4 + k] = 0;
        }
        assertClose(expected, logits.grad().value(), 1e-5, 1e-7, "mean gradient");

        Variable logitsSum = Variable.of(x, true);
        new CrossEntropyLoss(Reduction.SUM, 0.1f, -100).forward(logitsSum, y).backward();
        double[] expectedSum = ref.softmaxMinusQ();
        for (int k = 0; k < 4; k++) {
            expectedSum[2 * 4 + k] = 0;
        }
        assertClose(expectedSum, logitsSum.grad().value(), 1e-5, 1e-7, "sum gradient");
    }

    @Test
    void gradientAgreesWithFiniteDifferences() {
        Tensor x = uniform(13, -2, 2, 4, 5);
        Tensor y = Tensor.of(new float[] {4, 1, -100, 0}, 4);
        for (Reduction r : Reduction.values()) {
            CrossEntropyLoss loss = new CrossEntropyLoss(r, 0.15f, -100);
            assertGradCheck(GradCheck.check(xs -> loss.forward(xs[0], y), x), r.toString());
        }
        Tensor x3 = uniform(14, -2, 2, 2, 3, 4);
        Tensor y3 = classes(15, 3, 2, 4);
        CrossEntropyLoss loss3 = new CrossEntropyLoss();
        assertGradCheck(GradCheck.check(xs -> loss3.forward(xs[0], y3), x3), "[N, C, d]");
        CrossEntropyLoss none3 = new CrossEntropyLoss(Reduction.NONE, 0, -100);
        assertGradCheck(GradCheck.check(xs -> none3.forward(xs[0], y3), x3), "[N, C, d] unreduced");
        Tensor x1 = uniform(16, -2, 2, 4);
        assertGradCheck(GradCheck.check(xs -> loss3.forward(xs[0], Tensor.scalar(1f)), x1), "1-D");
    }

    @Test
    void aTargetOutOfRangeIsNamedWithItsPosition() {
        Tensor x = uniform(17, -1, 1, 4, 3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> loss.forward(Variable.of(x), Tensor.of(new float[] {0, 2, 3, 1}, 4)),
                "CrossEntropyLoss", "target 3", "position 2", "[0, 3)");
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> loss.forward(Variable.of(x), Tensor.of(new float[] {-1, 0, 0, 0}, 4)), "target -1", "position 0");
        assertThrowsWith(IllegalArgumentException.class,
                () -> loss.forward(Variable.of(x), Tensor.of(new float[] {0, 0, 0, 1.5f}, 4)), "1.5", "position 3",
                "whole number");
        Tensor x3 = uniform(18, -1, 1, 2, 3, 2);
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> loss.forward(Variable.of(x3), Tensor.of(new float[] {0, 1, 2, 7}, 2, 2)), "target 7", "[0, 3)");
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor x = uniform(19, -1, 1, 3, 4);
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x), Tensor.zeros(2)),
                "CrossEntropyLoss", "[3, 4]", "[2]");
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x), Tensor.zeros(3, 1)),
                "[3, 4]", "[3, 1]");
        Tensor x3 = uniform(20, -1, 1, 2, 3, 4);
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x3), Tensor.zeros(2, 5)),
                "CrossEntropyLoss", "[2, 3, 4]", "[2, 5]");
        // The same number of positions in another layout is still the wrong target.
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x3), Tensor.zeros(4, 2)),
                "[2, 3, 4]", "[4, 2]");
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x3), Tensor.zeros(8)),
                "[2, 3, 4]", "[8]");
        Tensor x1 = uniform(21, -1, 1, 3);
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x1), Tensor.zeros(2)),
                "CrossEntropyLoss", "[3]", "[2]", "scalar target");
    }

    @Test
    void settingsAreValidated() {
        assertThrowsWith(IllegalArgumentException.class, () -> new CrossEntropyLoss(Reduction.MEAN, 1.5f, -100),
                "labelSmoothing", "[0, 1]", "1.5");
        assertThrowsWith(IllegalArgumentException.class, () -> new CrossEntropyLoss(Reduction.MEAN, Float.NaN, -100),
                "labelSmoothing", "NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> new CrossEntropyLoss(null, 0, -100), "reduction", "null");
        assertEquals(Reduction.SUM, new CrossEntropyLoss(Reduction.SUM, 0, -100).reduction());
    }
}
