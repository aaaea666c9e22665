package io.jgrad.autograd;

import static io.jgrad.autograd.GradAssertions.assertGradients;
import static io.jgrad.autograd.Generators.awayFromZero;
import static io.jgrad.autograd.Generators.bool;
import static io.jgrad.autograd.Generators.broadcastOperand;
import static io.jgrad.autograd.Generators.broadcastPair;
import static io.jgrad.autograd.Generators.grid;
import static io.jgrad.autograd.Generators.input;
import static io.jgrad.autograd.Generators.intIn;
import static io.jgrad.autograd.Generators.shape;
import static io.jgrad.autograd.Generators.uniform;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.GradAssertions.Case;
import io.jgrad.autograd.Generators.Values;
import io.jgrad.tensor.Tensor;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * One property per element-wise op: the analytic gradient agrees with finite differences over
 * random shapes, random broadcasts (either operand stretched) and inputs presented through random
 * non-contiguous views, with values kept away from kinks and poles.
 */
class ElementwiseGradTest {
    private static final int EXAMPLES = 150;

    private static void check(long seed, Gen<Case> cases) {
        qt().withFixedSeed(seed).withExamples(EXAMPLES).forAll(cases).checkAssert(GradAssertions::assertGradients);
    }

    /** Both operands variables of broadcast-compatible shapes. */
    private static Gen<Case> binary(String name, Values a, Values b, BinaryOperator<Variable> op) {
        return in -> {
            int[][] shapes = broadcastPair(in);
            return new Case(name, xs -> op.apply(xs[0], xs[1]), input(in, shapes[0], a), input(in, shapes[1], b));
        };
    }

    /**
     * One operand a variable, the other a constant that needs no gradient (on a random side), so
     * the backward that skips an input is exercised.
     */
    private static Gen<Case> withConstant(String name, Values a, Values b, BinaryOperator<Variable> op) {
        return in -> {
            int[][] shapes = broadcastPair(in);
            boolean constantFirst = bool(in);
            Input variable = input(in, shapes[constantFirst ? 1 : 0], constantFirst ? b : a);
            Tensor constant = Generators.tensor(in, shapes[constantFirst ? 0 : 1], constantFirst ? a : b);
            Variable c = Variable.of(constant);
            return new Case(name + (constantFirst ? " (constant first operand " : " (constant second operand ")
                    + constant + ")",
                    xs -> constantFirst ? op.apply(c, xs[0]) : op.apply(xs[0], c), variable);
        };
    }

    private static Gen<Case> unary(String name, Values values, UnaryOperator<Variable> op) {
        return in -> new Case(name, xs -> op.apply(xs[0]), input(in, shape(in, 0, 3), values));
    }

    private static final Values ANY = uniform(-2f, 2f);
    private static final Values POSITIVE = uniform(0.3f, 3f);
    private static final Values BASE = uniform(0.5f, 2f);
    private static final Values NONZERO = awayFromZero(0.5f, 2f);

    @Test
    void add() {
        check(101, binary("add", ANY, ANY, Variable::add));
        check(102, withConstant("add", ANY, ANY, Variable::add));
    }

    @Test
    void sub() {
        check(111, binary("sub", ANY, ANY, Variable::sub));
        check(112, withConstant("sub", ANY, ANY, Variable::sub));
    }

    @Test
    void mul() {
        check(121, binary("mul", ANY, ANY, Variable::mul));
        check(122, withConstant("mul", ANY, ANY, Variable::mul));
    }

    @Test
    void div() {
        check(131, binary("div", ANY, NONZERO, Variable::div));
        check(132, withConstant("div", ANY, NONZERO, Variable::div));
    }

    @Test
    void powWithVariableExponent() {
        check(141, binary("pow", BASE, uniform(-2f, 2f), Variable::pow));
        check(142, withConstant("pow", BASE, uniform(-2f, 2f), Variable::pow));
    }

    @Test
    void scalarOperands() {
        check(151, in -> {
            float s = uniform(-2f, 2f).draw(in);
            float divisor = NONZERO.draw(in);
            int[] shape = shape(in, 0, 3);
            return switch (intIn(in, 0, 3)) {
                case 0 -> new Case("add(" + s + ")", xs -> xs[0].add(s), input(in, shape, ANY));
                case 1 -> new Case("sub(" + s + ")", xs -> xs[0].sub(s), input(in, shape, ANY));
                case 2 -> new Case("mul(" + s + ")", xs -> xs[0].mul(s), input(in, shape, ANY));
                default -> new Case("div(" + divisor + ")", xs -> xs[0].div(divisor), input(in, shape, ANY));
            };
        });
    }

    @Test
    void powWithScalarExponent() {
        check(161, in -> {
            float exponent = uniform(-2f, 3f).draw(in);
            return new Case("pow(" + exponent + ")", xs -> xs[0].pow(exponent), input(in, shape(in, 0, 3), BASE));
        });
    }

    @Test
    void maximumAndMinimum() {
        // The operands lie on grids shifted by half a spacing: no two elements are within 0.1, so no ties.
        Values onGrid = grid(0.2f, 0f, 10);
        Values offGrid = grid(0.2f, 0.1f, 10);
        check(171, binary("maximum", onGrid, offGrid, Variable::maximum));
        check(172, binary("minimum", onGrid, offGrid, Variable::minimum));
        check(173, withConstant("maximum", onGrid, offGrid, Variable::maximum));
        check(174, withConstant("minimum", offGrid, onGrid, Variable::minimum));
    }

    @Test
    void clamp() {
        check(181, in -> {
            float min = uniform(-1f, 0f).draw(in);
            float max = min + uniform(0.2f, 1.5f).draw(in);
            // Below, inside or above the interval, never within 0.05 of a bound.
            Values values = v -> switch (intIn(v, 0, 2)) {
                case 0 -> min - uniform(0.05f, 1f).draw(v);
                case 1 -> uniform(min + 0.05f, max - 0.05f).draw(v);
                default -> max + uniform(0.05f, 1f).draw(v);
            };
            return new Case("clamp(" + min + ", " + max + ")", xs -> xs[0].clamp(min, max),
                    input(in, shape(in, 0, 3), values));
        });
    }

    @Test
    void where() {
        check(191, in -> {
            int[] out = shape(in, 0, 3);
            Tensor condition = Generators.indices(in, broadcastOperand(in, out), 2);
            Input x = input(in, broadcastOperand(in, out), ANY);
            Input y = input(in, broadcastOperand(in, out), ANY);
            return new Case("where(" + condition + ", x, y)", xs -> Variable.where(condition, xs[0], xs[1]), x, y);
        });
    }

    @Test
    void wideRows() {
        check(291, in -> {
            int[] out = Generators.wideShape(in);
            int[] a = broadcastOperand(in, out), b = broadcastOperand(in, out);
            return switch (intIn(in, 0, 4)) {
                case 0 -> new Case("mul", xs -> xs[0].mul(xs[1]), input(in, a, ANY), input(in, b, ANY));
                case 1 -> new Case("div", xs -> xs[0].div(xs[1]), input(in, a, ANY), input(in, b, NONZERO));
                case 2 -> new Case("sub", xs -> xs[0].sub(xs[1]), input(in, a, ANY), input(in, b, ANY));
                case 3 -> new Case("pow", xs -> xs[0].pow(xs[1]), input(in, a, BASE), input(in, b, uniform(-2f, 2f)));
                default -> new Case("gelu(tanh(x)) * sigmoid(exp(x))", xs -> xs[0].tanh().gelu().mul(xs[0].exp().sigmoid()),
                        input(in, out, ANY));
            };
        });
    }

    @Test
    void neg() {
        check(201, unary("neg", ANY, Variable::neg));
    }

    @Test
    void abs() {
        check(211, unary("abs", awayFromZero(0.05f, 2f), Variable::abs));
    }

    @Test
    void exp() {
        check(221, unary("exp", ANY, Variable::exp));
    }

    @Test
    void log() {
        check(231, unary("log", POSITIVE, Variable::log));
    }

    @Test
    void sqrt() {
        check(241, unary("sqrt", POSITIVE, Variable::sqrt));
    }

    @Test
    void relu() {
        check(251, unary("relu", awayFromZero(0.05f, 2f), Variable::relu));
        // In place, on an intermediate that has no other use.
        check(252, unary("mul(1.5).reluInPlace()", awayFromZero(0.05f, 2f), x -> x.mul(1.5f).reluInPlace()));
    }

    @Test
    void sigmoid() {
        check(261, unary("sigmoid", uniform(-4f, 4f), Variable::sigmoid));
    }

    @Test
    void tanh() {
        check(271, unary("tanh", uniform(-3f, 3f), Variable::tanh));
    }

    @Test
    void gelu() {
        check(281, unary("gelu", uniform(-4f, 4f), Variable::gelu));
    }
}
