package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertClose;
import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.toDouble;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** MSELoss against {@code ℓ = (x − t)²}, gradient {@code 2(x − t)} (divided by the count for the mean). */
class MSELossTest {
    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    @Test
    void reductionsAndGradient() {
        Tensor x = uniform(41, -2, 2, 3, 4);
        Tensor t = uniform(42, -2, 2, 3, 4);
        double[] a = toDouble(x);
        double[] b = toDouble(t);
        double[] ref = new double[a.length];
        double[] grad = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ref[i] = (a[i] - b[i]) * (a[i] - b[i]);
            grad[i] = 2 * (a[i] - b[i]) / a.length;
        }
        Variable none = new MSELoss(Reduction.NONE).forward(Variable.of(x), t);
        assertEquals(Shape.of(3, 4), none.shape());
        assertClose(ref, none.value(), "none");
        assertEquals(sum(ref), new MSELoss(Reduction.SUM).forward(Variable.of(x), t).item(), 1e-5);
        Variable input = Variable.of(x, true);
        Variable mean = new MSELoss().forward(input, t);
        assertEquals(sum(ref) / 12, mean.item(), 1e-6);
        mean.backward();
        assertClose(grad, input.grad().value(), "gradient");
    }

    @Test
    void byHand() {
        // ((1 − 0)² + (2 − 4)²) / 2 = 2.5
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        Tensor t = Tensor.of(new float[] {0, 4}, 2);
        assertEquals(2.5f, new MSELoss().forward(Variable.of(x), t).item());
    }

    @Test
    void shapesMustMatchExactly() {
        assertThrowsWith(IllegalArgumentException.class,
                () -> new MSELoss().forward(Variable.of(Tensor.zeros(2, 3)), Tensor.zeros(3, 2)),
                "MSELoss", "[2, 3]", "[3, 2]");
        assertThrowsWith(IllegalArgumentException.class,
                () -> new MSELoss().forward(Variable.of(Tensor.zeros(4)), Tensor.zeros(4, 1)),
                "MSELoss", "[4]", "[4, 1]");
        assertThrowsWith(IllegalArgumentException.class, () -> new MSELoss(null), "reduction");
    }
}
