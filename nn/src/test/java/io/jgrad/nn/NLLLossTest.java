package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertClose;
import static io.jgrad.nn.Fixtures.assertGradCheck;
import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.classes;
import static io.jgrad.nn.Fixtures.toDouble;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.autograd.GradCheck;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** NLLLoss against {@code ℓ_i = −x[i, y_i]}; ignored rows give 0 and are left out of the mean. */
class NLLLossTest {
    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private double[] reference(Tensor input, Tensor target, int ignore) {
        double[] x = toDouble(input);
        double[] t = toDouble(target);
        int c = input.size(1);
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i] == ignore ? 0 : -x[i * c + (int) t[i]];
        }
        return out;
    }

    @Test
    void reductions() {
        Tensor x = uniform(31, -4, 0, 5, 3);
        Tensor y = classes(32, 3, 5);
        double[] ref = reference(x, y, -100);
        assertClose(ref, new NLLLoss(Reduction.NONE, -100).forward(Variable.of(x), y).value(), "none");
        assertEquals(sum(ref), new NLLLoss(Reduction.SUM, -100).forward(Variable.of(x), y).item(), 1e-5);
        assertEquals(sum(ref) / 5, new NLLLoss().forward(Variable.of(x), y).item(), 1e-6);
    }

    @Test
    void ignoredRowsAndTheirMean() {
        Tensor x = uniform(33, -4, 0, 4, 3);
        Tensor y = Tensor.of(new float[] {2, 1, 2, 0}, 4);
        double[] ref = reference(x, y, 2);
        Variable none = new NLLLoss(Reduction.NONE, 2).forward(Variable.of(x), y);
        assertClose(ref, none.value(), "none");
        assertEquals(0f, none.value().get(0));
        assertEquals(sum(ref) / 2, new NLLLoss(Reduction.MEAN, 2).forward(Variable.of(x), y).item(), 1e-6,
                "the mean over the two kept rows");
    }

    @Test
    void gradientIsMinusOneOverKeptAtTheTargets() {
        Tensor x = uniform(34, -4, 0, 4, 3);
        Tensor y = Tensor.of(new float[] {1, -100, 0, 2}, 4);
        Variable input = Variable.of(x, true);
        new NLLLoss().forward(input, y).backward();
        double[] expected = new double[12];
        expected[1] = -1.0 / 3;
        expected[2 * 3] = -1.0 / 3;
        expected[3 * 3 + 2] = -1.0 / 3;
        assertClose(expected, input.grad().value(), "gradient");
        NLLLoss sum = new NLLLoss(Reduction.SUM, -100);
        assertGradCheck(GradCheck.check(xs -> sum.forward(xs[0], y), x), "sum");
    }

    @Test
    void withLogSoftmaxItIsCrossEntropy() {
        Tensor x = uniform(35, -3, 3, 6, 4);
        Tensor y = classes(36, 4, 6);
        float nll = new NLLLoss().forward(new LogSoftmax(1).forward(Variable.of(x)), y).item();
        float ce = new CrossEntropyLoss().forward(Variable.of(x), y).item();
        assertEquals(ce, nll, 1e-5);
    }

    /** As CrossEntropyLoss, NLLLoss takes PyTorch's [C] and [N, C, d...] layouts; with logSoftmax it is the same loss. */
    @Test
    void everyLayoutWithLogSoftmaxIsCrossEntropy() {
        Tensor image = uniform(38, -3, 3, 2, 5, 3, 4);
        Tensor pixels = classes(39, 5, 2, 3, 4);
        Tensor row = uniform(40, -3, 3, 5);
        Tensor one = Tensor.scalar(3f);
        for (Reduction reduction : Reduction.values()) {
            for (Tensor[] layout : new Tensor[][] {{image, pixels}, {row, one}}) {
                Variable viaNll = Variable.of(layout[0], true);
                Variable viaCe = Variable.of(layout[0], true);
                Variable nll = new NLLLoss(reduction, -100).forward(new LogSoftmax(layout[0].rank() == 1 ? 0 : 1)
                        .forward(viaNll), layout[1]);
                Variable ce = new CrossEntropyLoss(reduction, 0, -100).forward(viaCe, layout[1]);
                assertEquals(ce.shape(), nll.shape(), reduction + " " + layout[0].shape());
                assertClose(toDouble(ce.value()), nll.value(), reduction + " " + layout[0].shape());
                nll.sum().backward();
                ce.sum().backward();
                assertClose(toDouble(viaCe.grad().value()), viaNll.grad().value(), "gradient, " + reduction);
            }
        }
        assertThrowsWith(IllegalArgumentException.class,
                () -> new NLLLoss().forward(Variable.of(image), Tensor.zeros(2, 3)), "NLLLoss", "[N, C, d...]",
                "[2, 5, 3, 4]", "[2, 3]");
    }

    @Test
    void errors() {
        Tensor x = uniform(37, -1, 0, 3, 4);
        NLLLoss loss = new NLLLoss();
        assertThrowsWith(IndexOutOfBoundsException.class,
                () -> loss.forward(Variable.of(x), Tensor.of(new float[] {0, 4, 1}, 3)),
                "NLLLoss", "target 4", "position 1", "[0, 4)");
        assertThrowsWith(IllegalArgumentException.class,
                () -> loss.forward(Variable.of(x), Tensor.of(new float[] {0, 1.5f, 1}, 3)),
                "NLLLoss", "target 1.5", "position 1", "whole number");
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x), Tensor.zeros(4)),
                "NLLLoss", "[3, 4]", "[4]");
        assertThrowsWith(IllegalArgumentException.class, () -> loss.forward(Variable.of(x), Tensor.zeros(3, 1)),
                "NLLLoss", "[3, 4]", "[3, 1]");
    }
}
