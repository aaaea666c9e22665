package io.jgrad.autograd;

import static io.jgrad.autograd.Generators.bool;
import static io.jgrad.autograd.Generators.broadcastOperand;
import static io.jgrad.autograd.Generators.broadcastPair;
import static io.jgrad.autograd.Generators.dim;
import static io.jgrad.autograd.Generators.input;
import static io.jgrad.autograd.Generators.intIn;
import static io.jgrad.autograd.Generators.shape;
import static io.jgrad.autograd.Generators.str;
import static io.jgrad.autograd.Generators.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.GradAssertions.Case;
import io.jgrad.autograd.Generators.Values;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Second derivatives: backward with {@code createGraph} records the backward formulas, which
 * are differentiated again. {@link GradCheck#checkSecondOrder} compares a Hessian-vector
 * product with finite differences of the gradient; values are kept where the fourth
 * derivatives (which bound that estimate's error) stay small.
 */
class SecondOrderGradTest {
    private static final int EXAMPLES = 40;
    private static final Values ANY = uniform(-1.5f, 1.5f);
    private static final Values BEYOND_ONE = uniform(1f, 2f);

    private static void check(long seed, Gen<Case> cases) {
        qt().withFixedSeed(seed).withExamples(EXAMPLES).forAll(cases).checkAssert(GradAssertions::assertSecondOrder);
    }

    private static Gen<Case> unary(String name, Values values, UnaryOperator<Variable> op) {
        return in -> new Case(name, xs -> op.apply(xs[0]), input(in, shape(in, 0, 3), values));
    }

    private static Gen<Case> binary(String name, Values a, Values b, BinaryOperator<Variable> op) {
        return in -> {
            int[][] shapes = broadcastPair(in);
            return new Case(name, xs -> op.apply(xs[0], xs[1]), input(in, shapes[0], a), input(in, shapes[1], b));
        };
    }

    /** relu's recorded backward: its mask is constant, so the second derivative comes from the product. */
    @Test
    void reluTimesItsInput() {
        check(711, unary("relu(x)·x", uniform(0.2f, 1.5f), x -> x.relu().mul(x)));
        check(712, unary("relu(-x)·x", uniform(0.2f, 1.5f), x -> x.neg().relu().mul(x)));
    }

    @Test
    void mul() {
        check(701, binary("mul", ANY, ANY, Variable::mul));
    }

    @Test
    void div() {
        Values denominator = in -> bool(in) ? BEYOND_ONE.draw(in) : -BEYOND_ONE.draw(in);
        check(702, binary("div", ANY, denominator, Variable::div));
    }

    @Test
    void pow() {
        check(703, binary("pow", BEYOND_ONE, uniform(-2f, 2f), Variable::pow));
        check(704, in -> {
            float exponent = uniform(-2f, 3f).draw(in);
            return new Case("pow(" + exponent + ")", xs -> xs[0].pow(exponent), input(in, shape(in, 0, 3), BEYOND_ONE));
        });
    }

    @Test
    void exp() {
        check(705, unary("exp", ANY, Variable::exp));
    }

    @Test
    void sqrt() {
        check(719, unary("sqrt", uniform(0.5f, 3f), Variable::sqrt));
    }

    @Test
    void log() {
        check(706, unary("log", uniform(0.5f, 3f), Variable::log));
    }

    @Test
    void tanh() {
        check(707, unary("tanh", uniform(-2f, 2f), Variable::tanh));
    }

    @Test
    void sigmoid() {
        check(708, unary("sigmoid", uniform(-3f, 3f), Variable::sigmoid));
    }

    @Test
    void gelu() {
        check(709, unary("gelu", uniform(-3f, 3f), Variable::gelu));
    }

    @Test
    void softmaxAndLogSoftmax() {
        check(710, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            return bool(in)
                    ? new Case("softmax(" + d + ")", xs -> xs[0].softmax(d), input(in, shape, ANY))
                    : new Case("logSoftmax(" + d + ")", xs -> xs[0].logSoftmax(d), input(in, shape, ANY));
        });
    }

    @Test
    void logSumExp() {
        check(711, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            boolean keepDim = bool(in);
            return new Case("logSumExp(" + d + ", " + keepDim + ")", xs -> xs[0].logSumExp(d, keepDim),
                    input(in, shape, ANY));
        });
    }

    @Test
    void matmul() {
        check(712, in -> {
            int m = intIn(in, 1, 4), k = intIn(in, 1, 4), n = intIn(in, 1, 4);
            int[] batch = shape(in, 0, 1);
            int[] a = concat(broadcastOperand(in, batch), m, k);
            int[] b = concat(broadcastOperand(in, batch), k, n);
            return new Case("matmul " + GradAssertions.shapes(a, b), xs -> xs[0].matmul(xs[1]), input(in, a, ANY),
                    input(in, b, ANY));
        });
    }

    private static int[] concat(int[] batch, int... last) {
        int[] dims = Arrays.copyOf(batch, batch.length + last.length);
        System.arraycopy(last, 0, dims, batch.length, last.length);
        return dims;
    }

    @Test
    void sumAndMeanOfNonLinearTerms() {
        // A sum of a linear term has a zero Hessian; squares and exponentials make it non-trivial.
        check(713, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            boolean keepDim = bool(in);
            return switch (intIn(in, 0, 3)) {
                case 0 -> new Case("(x*x).sum()", xs -> xs[0].mul(xs[0]).sum(), input(in, shape, ANY));
                case 1 -> new Case("(x*x).sum(" + d + ", " + keepDim + ")", xs -> xs[0].mul(xs[0]).sum(d, keepDim),
                        input(in, shape, ANY));
                case 2 -> new Case("exp(x).mean()", xs -> xs[0].exp().mean(), input(in, shape, ANY));
                default -> {
                    int[] dims = {d};
                    yield new Case("exp(x).mean(" + str(dims) + ", " + keepDim + ")",
                            xs -> xs[0].exp().mean(dims, keepDim), input(in, shape, ANY));
                }
            };
        });
    }

    @Test
    void varAndMaximum() {
        check(714, in -> {
            int[] shape = shape(in, 1, 3);
            int d = dim(in, shape.length);
            int correction = shape[Math.floorMod(d, shape.length)] > 1 ? intIn(in, 0, 1) : 0;
            return new Case("var(" + d + ", " + correction + ")", xs -> xs[0].var(new int[] {d}, false, correction),
                    input(in, shape, ANY));
        });
        // The gradient of maximum is piecewise constant: its Hessian-vector product comes from the other factor.
        check(715, in -> {
            int[][] shapes = broadcastPair(in);
            return new Case("maximum(a, b) * a", xs -> xs[0].maximum(xs[1]).mul(xs[0]),
                    input(in, shapes[0], Generators.grid(0.2f, 0f, 7)), input(in, shapes[1], Generators.grid(0.2f, 0.1f, 7)));
        });
    }

    /**
     * Views, joins and indexing are linear, so their own Hessian is zero; squared, the Hessian is
     * {@code 2 Aᵀ W A}, which needs each op's backward to be differentiable with respect to the
     * gradient it is given.
     */
    @Test
    void linearOpsSquared() {
        check(716, in -> {
            int[] shape = shape(in, 1, 3);
            int rank = shape.length;
            int d = dim(in, rank);
            int size = shape[Math.floorMod(d, rank)];
            Input x = input(in, shape, ANY);
            return switch (intIn(in, 0, 9)) {
                case 0 -> {
                    int start = intIn(in, 0, size - 1);
                    int length = intIn(in, 1, size - start);
                    yield squared("narrow(" + d + ", " + start + ", " + length + ")", v -> v.narrow(d, start, length), x);
                }
                case 1 -> {
                    int index = intIn(in, 0, size - 1);
                    yield squared("select(" + d + ", " + index + ")", v -> v.select(d, index), x);
                }
                case 2 -> {
                    int[] dims = new int[rank];
                    for (int i = 0; i < rank; i++) {
                        dims[i] = i == Math.floorMod(d, rank) ? intIn(in, 1, 4) : intIn(in, 1, shape[i]);
                    }
                    Tensor index = Generators.indices(in, dims, size);
                    yield squared("gather(" + d + ", " + index + ")", v -> v.gather(d, index), x);
                }
                case 3 -> {
                    Tensor index = Generators.indices(in, new int[] {intIn(in, 1, 4)}, size);
                    yield squared("indexSelect(" + d + ", " + index + ")", v -> v.indexSelect(d, index), x);
                }
                case 4 -> squared("cat(" + d + ", x, x.exp())", v -> Variable.cat(d, v, v.exp()), x);
                case 5 -> squared("stack(" + d + ", x, x)", v -> Variable.stack(d, v, v), x);
                case 6 -> {
                    int[] order = Generators.permutation(in, rank);
                    yield squared("permute" + str(order) + ".reshape(-1)", v -> v.permute(order).reshape(-1), x);
                }
                case 7 -> {
                    int[] target = broadcastOperand(in, shape);
                    Shape t = Shape.of(target);
                    yield squared("sumTo(" + t + ")", v -> v.sumTo(t), x);
                }
                case 8 -> {
                    int[] expanded = concat(new int[] {intIn(in, 1, 3)}, shape);
                    yield squared("expand" + str(expanded), v -> v.expand(expanded), x);
                }
                default -> {
                    Tensor condition = Generators.indices(in, broadcastOperand(in, shape), 2);
                    yield squared("where(" + condition + ", x, -x)", v -> Variable.where(condition, v, v.neg()), x);
                }
            };
        });
    }

    private static Case squared(String name, UnaryOperator<Variable> op, Input x) {
        return new Case("(" + name + ")²", xs -> {
            Variable y = op.apply(xs[0]);
            return y.mul(y);
        }, x);
    }

    @Test
    void scatterAddSquared() {
        check(717, in -> {
            int[] shape = shape(in, 1, 3);
            int rank = shape.length;
            int d = dim(in, rank);
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = i == Math.floorMod(d, rank) ? intIn(in, 1, 4) : intIn(in, 1, shape[i]);
            }
            Tensor index = Generators.indices(in, dims, shape[Math.floorMod(d, rank)]);
            return new Case("scatterAdd(" + d + ", " + index + ", s)²", xs -> {
                Variable y = xs[0].scatterAdd(d, index, xs[1]);
                return y.mul(y);
            }, input(in, shape, ANY), input(in, dims, ANY));
        });
    }

    /** For {@code f(x) = Σ x³}, the gradient is {@code 3x²} and the Hessian-vector product {@code 6 x ⊙ v}. */
    @Test
    void hessianVectorProductOfCubeSum() {
        SplittableRandom random = new SplittableRandom(720);
        for (int trial = 0; trial < 5; trial++) {
            int[] shape = {1 + random.nextInt(4), 1 + random.nextInt(4)};
            Tensor x0 = Tensor.rand(random, shape).mul(4f).sub(2f);
            Tensor v = Tensor.rand(random, shape).mul(2f).sub(1f);
            for (boolean viaPow : new boolean[] {false, true}) {
                Variable x = Variable.of(x0, true);
                Variable f = (viaPow ? x.pow(3f) : x.mul(x).mul(x)).sum();
                f.backward(Variable.of(Tensor.scalar(1f)), false, true);
                Variable gradient = x.grad();
                assertNotNull(gradient);
                assertTrue(gradient.requiresGrad(), "a gradient computed with createGraph must be differentiable");
                float[] xs = x0.toArray(), vs = v.toArray(), g = gradient.value().toArray();
                for (int i = 0; i < xs.length; i++) {
                    assertEquals(3.0 * xs[i] * xs[i], g[i], 1e-5 * (1 + 3.0 * xs[i] * xs[i]), "gradient at " + i);
                }
                x.zeroGrad();
                gradient.mul(Variable.of(v)).sum().backward();
                float[] hv = x.grad().value().toArray();
                assertArrayEquals(shape, x.grad().shape().toArray());
                for (int i = 0; i < xs.length; i++) {
                    double expected = 6.0 * xs[i] * vs[i];
                    assertEquals(expected, hv[i], 1e-5 * (1 + Math.abs(expected)),
                            (viaPow ? "pow(3)" : "x*x*x") + ": H v at " + i);
                }
            }
        }
    }

    /**
     * For {@code f(x, y) = Σ x² y} with {@code y} broadcast over the rows of {@code x}:
     * {@code ∂f/∂x = 2xy}, {@code ∂f/∂y = Σ_rows x²}, and the Hessian applied to {@code (v, w)} is
     * {@code (2yv + 2xw, Σ_rows 2xv)}.
     */
    @Test
    void hessianVectorProductOfTwoBroadcastInputs() {
        SplittableRandom random = new SplittableRandom(721);
        int rows = 3, cols = 4;
        Tensor x0 = Tensor.rand(random, rows, cols).mul(2f).sub(1f);
        Tensor y0 = Tensor.rand(random, cols).mul(2f).sub(1f);
        Tensor v = Tensor.rand(random, rows, cols).mul(2f).sub(1f);
        Tensor w = Tensor.rand(random, cols).mul(2f).sub(1f);
        Variable x = Variable.of(x0, true), y = Variable.of(y0, true);
        x.mul(x).mul(y).sum().backward(Variable.of(Tensor.scalar(1f)), false, true);
        Variable gx = x.grad(), gy = y.grad();
        x.zeroGrad();
        y.zeroGrad();
        gx.mul(Variable.of(v)).sum().add(gy.mul(Variable.of(w)).sum()).backward();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double expected = 2.0 * y0.get(c) * v.get(r, c) + 2.0 * x0.get(r, c) * w.get(c);
                assertEquals(expected, x.grad().value().get(r, c), 1e-5, "(H (v, w))_x at " + r + ", " + c);
            }
        }
        for (int c = 0; c < cols; c++) {
            double expected = 0;
            for (int r = 0; r < rows; r++) {
                expected += 2.0 * x0.get(r, c) * v.get(r, c);
            }
            assertEquals(expected, y.grad().value().get(c), 1e-5, "(H (v, w))_y at " + c);
        }
    }
}
