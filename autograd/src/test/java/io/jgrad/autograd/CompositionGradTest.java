package io.jgrad.autograd;

import static io.jgrad.autograd.Generators.bool;
import static io.jgrad.autograd.Generators.broadcastOperand;
import static io.jgrad.autograd.Generators.dim;
import static io.jgrad.autograd.Generators.indices;
import static io.jgrad.autograd.Generators.input;
import static io.jgrad.autograd.Generators.intIn;
import static io.jgrad.autograd.Generators.shape;
import static io.jgrad.autograd.Generators.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.GradAssertions.Case;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.RandomnessSource;

/**
 * Random small graphs: 1–3 inputs (of shapes that broadcast together, presented through random
 * views) and a sequence of 3–6 ops, each applied to values picked at random among the inputs
 * and the earlier results; the output adds up the values nothing else read. Values are often
 * used several times, so the gradients of one value arriving along several paths must add up;
 * the whole graph is checked with GradCheck.
 *
 * <p>Ops are smooth, and each is only picked when a bound on its operands keeps its result in
 * a range where finite differences stay accurate.
 */
class CompositionGradTest {
    private static final float MAX_BOUND = 4f;

    /** One step of a graph: its text, which earlier values it reads, and how to compute it from the values so far. */
    private record Step(String text, int[] operands, Function<List<Variable>, Variable> apply) {
    }

    /** An op that may be picked. */
    private interface Candidate {
        /**
         * A step on values {@code a} and {@code b} (b unused by unary ops), given their bounds and
         * a's rank, writing the result's bound into {@code resultBound[0]}; {@code null} if the op
         * does not apply to these operands.
         */
        Step make(RandomnessSource in, int a, float boundA, int ranksA, int b, float boundB, float[] resultBound);
    }

    private static Step unary(String name, int a, Function<Variable, Variable> op) {
        return new Step(name + "(v" + a + ")", new int[] {a}, vs -> op.apply(vs.get(a)));
    }

    private static Step binary(String name, int a, int b, BinaryOperator<Variable> op) {
        return new Step(name + "(v" + a + ", v" + b + ")", new int[] {a, b}, vs -> op.apply(vs.get(a), vs.get(b)));
    }

    private static final List<Candidate> CANDIDATES = List.of(
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = 1f;
                return unary("tanh", a, Variable::tanh);
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = 1f;
                return unary("sigmoid", a, Variable::sigmoid);
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = ba;
                return unary("neg", a, Variable::neg);
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = ba + 0.2f;
                return unary("gelu", a, Variable::gelu);
            },
            (in, a, ba, ra, b, bb, r) -> {
                if (ba > 1.3f) {
                    return null;
                }
                r[0] = (float) Math.exp(ba);
                return unary("exp", a, Variable::exp);
            },
            (in, a, ba, ra, b, bb, r) -> {
                if (ba > 2f) {
                    return null;
                }
                r[0] = ba * ba;
                return unary("square", a, x -> x.mul(x));
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = (float) Math.log1p(ba * ba);
                return unary("log(1+x²)", a, x -> x.mul(x).add(1f).log());
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = (float) Math.sqrt(1 + ba * ba);
                return unary("sqrt(1+x²)", a, x -> x.mul(x).add(1f).sqrt());
            },
            (in, a, ba, ra, b, bb, r) -> {
                if (ra == 0) {
                    return null;
                }
                int d = dim(in, ra);
                r[0] = 1f;
                return unary("softmax[" + d + "]", a, x -> x.softmax(d));
            },
            (in, a, ba, ra, b, bb, r) -> {
                if (ra == 0) {
                    return null;
                }
                int d = dim(in, ra);
                r[0] = ba + 2f;
                return unary("logSumExp[" + d + ", keepDim]", a, x -> x.logSumExp(d, true));
            },
            (in, a, ba, ra, b, bb, r) -> {
                if (ra == 0) {
                    return null;
                }
                int d = dim(in, ra);
                boolean mean = bool(in);
                r[0] = mean ? ba : ba * Generators.MAX_SIZE;
                return unary((mean ? "mean[" : "sum[") + d + ", keepDim]", a,
                        x -> mean ? x.mean(d, true) : x.sum(d, true));
            },
            (in, a, ba, ra, b, bb, r) -> {
                boolean add = bool(in);
                r[0] = ba + bb;
                return binary(add ? "add" : "sub", a, b, add ? Variable::add : Variable::sub);
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = ba * bb;
                return binary("mul", a, b, Variable::mul);
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = ba;
                return binary("div1p²", a, b, (x, y) -> x.div(y.mul(y).add(1f)));
            },
            (in, a, ba, ra, b, bb, r) -> {
                r[0] = 2f;
                return binary("pow(1+σ, tanh)", a, b, (x, y) -> x.sigmoid().add(1f).pow(y.tanh()));
            });

    private record Value(int rank, float bound) {
    }

    @Test
    void randomGraphs() {
        qt().withFixedSeed(801).withExamples(150).forAll(this::graph).checkAssert(GradAssertions::assertGradients);
    }

    /**
     * The same graph differentiated three ways gives one gradient: plainly, with {@code createGraph}
     * (the backward formulas recorded as ops), and twice over a retained graph (twice the gradient).
     */
    @Test
    void backwardModesAgree() {
        qt().withFixedSeed(803).withExamples(100).forAll(this::graph).checkAssert(c -> {
            Tensor[] plain = gradients(c, false, false, 1);
            Tensor[] recorded = gradients(c, false, true, 1);
            Tensor[] twice = gradients(c, true, false, 2);
            for (int i = 0; i < plain.length; i++) {
                int input = i;
                assertTrue(recorded[i].allClose(plain[i], 1e-5f, 1e-6f),
                        () -> "createGraph: " + recorded[input] + " vs " + plain[input] + "\n for " + c);
                assertTrue(twice[i].allClose(plain[i].mul(2f), 1e-5f, 1e-6f),
                        () -> "retainGraph twice: " + twice[input] + " vs 2 x " + plain[input] + "\n for " + c);
            }
        });
    }

    /** The inputs' gradients after {@code passes} backward passes seeded with fixed weights. */
    private static Tensor[] gradients(Case c, boolean retainGraph, boolean createGraph, int passes) {
        Variable[] stored = new Variable[c.inputs().size()];
        Variable[] presented = new Variable[stored.length];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = Variable.of(c.inputs().get(i).stored().copy(), true);
            presented[i] = c.inputs().get(i).present(stored[i]);
        }
        Variable out = c.op().apply(presented);
        Variable seed = Variable.of(Tensor.rand(new SplittableRandom(5), out.shape().toArray()));
        for (int pass = 0; pass < passes; pass++) {
            out.backward(seed, retainGraph, createGraph);
        }
        Tensor[] grads = new Tensor[stored.length];
        for (int i = 0; i < stored.length; i++) {
            grads[i] = stored[i].grad() == null ? Tensor.zeros(stored[i].shape().toArray()) : stored[i].grad().value();
        }
        return grads;
    }

    private Case graph(RandomnessSource in) {
        int[] common = shape(in, 0, 3);
        int inputCount = intIn(in, 1, 3);
        List<Input> inputs = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputCount; i++) {
            int[] shape = broadcastOperand(in, common);
            inputs.add(input(in, shape, uniform(-1.5f, 1.5f)));
            values.add(new Value(shape.length, 1.5f));
        }
        List<Step> steps = new ArrayList<>();
        StringBuilder text = new StringBuilder("graph over ").append(Arrays.toString(common)).append(':');
        int count = intIn(in, 3, 6);
        while (steps.size() < count) {
            int a = intIn(in, 0, values.size() - 1);
            int b = intIn(in, 0, values.size() - 1);
            Candidate candidate = CANDIDATES.get(intIn(in, 0, CANDIDATES.size() - 1));
            float[] bound = new float[1];
            Step step = candidate.make(in, a, values.get(a).bound(), values.get(a).rank(), b, values.get(b).bound(), bound);
            if (step == null || bound[0] > MAX_BOUND) {
                continue;
            }
            // Binary ops broadcast; keepDim reductions keep the rank.
            int rank = Arrays.stream(step.operands()).map(v -> values.get(v).rank()).max().orElseThrow();
            values.add(new Value(rank, bound[0]));
            steps.add(step);
            text.append(" v").append(values.size() - 1).append(" = ").append(step.text()).append(';');
        }
        // The output adds up every value nothing else read (they all broadcast to the common
        // shape), so every step counts.
        boolean[] read = new boolean[values.size()];
        for (Step step : steps) {
            for (int v : step.operands()) {
                read[v] = true;
            }
        }
        int[] sinks = IntStream.range(0, values.size()).filter(v -> !read[v]).toArray();
        text.append(" output = sum of v").append(Arrays.toString(sinks));
        return new Case(text.toString(), xs -> {
            List<Variable> vs = new ArrayList<>(List.of(xs));
            for (Step step : steps) {
                vs.add(step.apply().apply(vs));
            }
            Variable out = vs.get(sinks[0]);
            for (int i = 1; i < sinks.length; i++) {
                out = out.add(vs.get(sinks[i]));
            }
            return out;
        }, inputs.toArray(Input[]::new));
    }

    /**
     * A graph with a fixed shape that exercises accumulation heavily: one input reaches the output
     * along many paths through shared intermediates, views and indexing.
     */
    @Test
    void sharedIntermediatesAlongManyPaths() {
        qt().withFixedSeed(802).withExamples(60).forAll(in -> {
            int rows = intIn(in, 1, 4), cols = intIn(in, 1, 4);
            Tensor index = indices(in, new int[] {intIn(in, 1, 4)}, cols);
            Input x = input(in, new int[] {rows, cols}, uniform(-1.5f, 1.5f));
            Input y = input(in, new int[] {cols}, uniform(-1.5f, 1.5f));
            return new Case("shared intermediates, indexSelect " + index, xs -> {
                Variable a = xs[0].tanh();
                Variable b = a.mul(xs[1]).add(a);
                Variable c = b.transpose(0, 1).sum(1, false).add(xs[1]);
                Variable d = a.indexSelect(1, index).sum(1, true).mul(b.sum(1, true));
                return Variable.cat(0, c.unsqueeze(0).expand(rows, cols), d.expand(rows, cols).mul(a)).mul(b.sigmoid().sum());
            }, x, y);
        }).checkAssert(GradAssertions::assertGradients);
    }
}
