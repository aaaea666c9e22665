package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertClose;
import static io.jgrad.nn.Fixtures.assertGradCheck;
import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.toDouble;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.autograd.GradCheck;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The activation layers against scalar references evaluated here in double. */
class ActivationsTest {
    /** Values in [-4, 4) kept at least 0.05 from 0, so that finite differences never straddle a kink. */
    private static Tensor input(long seed, int... shape) {
        Tensor t = uniform(seed, -4, 4, shape);
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) < 0.05f) {
                v[i] = v[i] < 0 ? -0.05f - v[i] : 0.05f + v[i];
            }
        }
        return Tensor.of(v, shape);
    }

    private static void assertElementwise(Module layer, DoubleUnaryOperator reference, String what) {
        Tensor x = input(what.hashCode(), 3, 7, 5);
        double[] in = toDouble(x);
        double[] expected = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            expected[i] = reference.applyAsDouble(in[i]);
        }
        Variable y = layer.forward(Variable.of(x));
        assertEquals(x.shape(), y.shape(), what + " keeps the shape");
        assertClose(expected, y.value(), 2e-6, 1e-6, what);
        Tensor small = input(what.hashCode() + 1, 2, 3);
        assertGradCheck(GradCheck.check(xs -> layer.forward(xs[0]), small), what + " gradient");
    }

    /** erf by its Maclaurin series, ample in double for |z| below 3. */
    private static double erf(double z) {
        double sum = 0;
        double term = z;
        for (int n = 0; n < 80; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void relu() {
        assertElementwise(new ReLU(), x -> Math.max(x, 0), "ReLU");
        assertEquals(Tensor.of(new float[] {0, 0, 2}, 3),
                new ReLU().forward(Variable.of(Tensor.of(new float[] {-1, 0, 2}, 3))).value());
    }

    @Test
    void reluInPlaceAfterALayerGivesTheSameOutputAndGradients() {
        Linear layer = new Linear(5, 4, true, new SplittableRandom(17));
        Tensor x = input(18, 3, 5);
        Variable plain = new Sequential(layer, new ReLU()).forward(Variable.of(x));
        plain.sum().backward();
        Tensor plainGrad = layer.namedParameters().get("weight").grad().value();
        layer.zeroGrad();
        Variable inplace = new Sequential(layer, new ReLU(true)).forward(Variable.of(x));
        inplace.sum().backward();
        assertEquals(plain.value(), inplace.value());
        assertEquals(plainGrad, layer.namedParameters().get("weight").grad().value());
        assertEquals("ReLU(inplace=True)", new ReLU(true).toString());
        assertEquals("ReLU()", new ReLU().toString());
        assertThrowsWith(IllegalStateException.class, () -> new ReLU(true).forward(Variable.of(x, true)), "leaf");
    }

    @Test
    void leakyReluSlopes() {
        assertElementwise(new LeakyReLU(), x -> x > 0 ? x : 0.01 * x, "LeakyReLU default");
        assertElementwise(new LeakyReLU(0.2f), x -> x > 0 ? x : 0.2 * x, "LeakyReLU(0.2)");
        assertElementwise(new LeakyReLU(-0.5f), x -> x > 0 ? x : -0.5 * x, "LeakyReLU(-0.5)");
        Variable x = Variable.of(Tensor.of(new float[] {-3f, 2f}, 2), true);
        new LeakyReLU(0.25f).forward(x).sum().backward();
        assertEquals(Tensor.of(new float[] {0.25f, 1f}, 2), x.grad().value(), "the gradient is the slope");
        assertThrowsWith(IllegalArgumentException.class, () -> new LeakyReLU(Float.NaN), "negativeSlope", "NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> new LeakyReLU(Float.POSITIVE_INFINITY),
                "negativeSlope", "Infinity");
    }

    @Test
    void geluIsTheExactErfForm() {
        assertElementwise(new GELU(), x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))), "GELU");
        // By hand: GELU(1) = Φ(1) = 0.8413447460685429.
        assertEquals(0.8413447460685429, new GELU().forward(Variable.of(Tensor.scalar(1f))).item(), 1e-6);
    }

    @Test
    void geluWithTheTanhApproximation() {
        assertElementwise(new GELU("tanh"),
                x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), "GELU tanh");
        // PyTorch 2.13: F.gelu(torch.tensor([-3., -1., 0.5, 3.], dtype=torch.float64), approximate='tanh').
        float[] x = {-3f, -1f, 0.5f, 3f};
        double[] pytorch = {-0.0036373920817729943, -0.15880800939172324, 0.34571400982514394, 2.996362607918227};
        assertClose(pytorch, new GELU("tanh").forward(Variable.of(Tensor.of(x, 4))).value(), 2e-6, 1e-7, "PyTorch's values");
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertThrowsWith(IllegalArgumentException.class, () -> new GELU("sigmoid"), "'none' or 'tanh'", "'sigmoid'");
    }

    @Test
    void sigmoidAndTanh() {
        assertElementwise(new Sigmoid(), x -> 1 / (1 + Math.exp(-x)), "Sigmoid");
        assertElementwise(new Tanh(), Math::tanh, "Tanh");
    }

    private static double[] softmaxReference(Tensor x, int dim, boolean log) {
        // x is [a, b]; normalise along dim.
        double[] v = toDouble(x);
        int a = x.size(0);
        int b = x.size(1);
        double[] out = new double[v.length];
        int outer = dim == 0 ? b : a;
        int inner = dim == 0 ? a : b;
        for (int o = 0; o < outer; o++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < inner; i++) {
                max = Math.max(max, v[dim == 0 ? i * b + o : o * b + i]);
            }
            double sum = 0;
            for (int i = 0; i < inner; i++) {
                sum += Math.exp(v[dim == 0 ? i * b + o : o * b + i] - max);
            }
            for (int i = 0; i < inner; i++) {
                int k = dim == 0 ? i * b + o : o * b + i;
                out[k] = log ? v[k] - max - Math.log(sum) : Math.exp(v[k] - max) / sum;
            }
        }
        return out;
    }

    @Test
    void softmaxAndLogSoftmaxAlongEitherDimension() {
        Tensor x = uniform(71, -5, 5, 4, 6);
        for (int dim : new int[] {0, 1, -1}) {
            int d = dim < 0 ? dim + 2 : dim;
            assertClose(softmaxReference(x, d, false), new Softmax(dim).forward(Variable.of(x)).value(), "softmax " + dim);
            assertClose(softmaxReference(x, d, true), new LogSoftmax(dim).forward(Variable.of(x)).value(),
                    "log-softmax " + dim);
            Softmax softmax = new Softmax(dim);
            LogSoftmax logSoftmax = new LogSoftmax(dim);
            Tensor small = uniform(72, -2, 2, 3, 4);
            assertGradCheck(GradCheck.check(xs -> softmax.forward(xs[0]), small), "softmax gradient " + dim);
            assertGradCheck(GradCheck.check(xs -> logSoftmax.forward(xs[0]), small), "log-softmax gradient " + dim);
        }
        Tensor large = Tensor.of(new float[] {1000f, 1001f, -1000f}, 1, 3);
        assertClose(softmaxReference(large, 1, false), new Softmax(1).forward(Variable.of(large)).value(),
                "softmax without overflow");
    }

    @Test
    void flatten() {
        Tensor x = uniform(73, -1, 1, 2, 3, 4);
        Variable all = new Flatten().forward(Variable.of(x));
        assertEquals(Shape.of(2, 12), all.shape());
        assertEquals(x.reshape(2, 12), all.value());
        assertEquals(Shape.of(6, 4), new Flatten(0, 1).forward(Variable.of(x)).shape());
        Variable in = Variable.of(x, true);
        new Flatten().forward(in).backward(Tensor.ones(2, 12));
        assertEquals(Tensor.ones(2, 3, 4), in.grad().value());
    }
}
