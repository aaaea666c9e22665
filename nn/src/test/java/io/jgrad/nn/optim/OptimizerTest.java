package io.jgrad.nn.optim;

import static io.jgrad.nn.optim.OptimFixtures.assertThrowsWith;
import static io.jgrad.nn.optim.OptimFixtures.copies;
import static io.jgrad.nn.optim.OptimFixtures.gradients;
import static io.jgrad.nn.optim.OptimFixtures.parameters;
import static io.jgrad.nn.optim.OptimFixtures.setGradients;
import static io.jgrad.nn.optim.OptimFixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every optimizer shares: validation, zeroGrad, skipping, learning rate, state dicts. */
class OptimizerTest {
    /** One configuration of each optimizer, with every kind of state it keeps switched on. */
    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("SGD(momentum, nesterov, decay)",
                        (Function<List<Variable>, Optimizer>) ps -> new SGD(ps, 0.1, 0.9, 0, 0.01, true)),
                Arguments.of("SGD(momentum, dampening)",
                        (Function<List<Variable>, Optimizer>) ps -> new SGD(ps, 0.07, 0.8, 0.25, 0, false)),
                Arguments.of("Adam(lr 0.1, decay)",
                        (Function<List<Variable>, Optimizer>) ps -> new Adam(ps, 0.1, 0.9, 0.999, 1e-8, 0.01)),
                Arguments.of("Adam(lr 1e-3)", (Function<List<Variable>, Optimizer>) ps -> new Adam(ps, 1e-3)),
                Arguments.of("AdamW(lr 0.3)",
                        (Function<List<Variable>, Optimizer>) ps -> new AdamW(ps, 0.3, 0.9, 0.99, 1e-8, 0.1)),
                Arguments.of("RMSprop(centered, momentum, decay)",
                        (Function<List<Variable>, Optimizer>) ps -> new RMSprop(ps, 0.01, 0.9, 1e-8, 0.01, 0.5, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stateDictRoundTripResumesBitForBit(String name, Function<List<Variable>, Optimizer> make) {
        Tensor[][] g = gradients(61, 7);
        List<Variable> original = parameters(60);
        Optimizer a = make.apply(original);
        for (int s = 0; s < 3; s++) {
            setGradients(original, g[s]);
            a.step();
        }
        Map<String, Tensor> saved = a.stateDict();
        List<Variable> resumed = copies(original);
        Optimizer b = make.apply(resumed);
        b.loadStateDict(saved);
        assertEquals(a.learningRate(), b.learningRate(), "the learning rate after loading");
        for (int s = 3; s < g.length; s++) {
            setGradients(original, g[s]);
            setGradients(resumed, g[s]);
            a.step();
            b.step();
            float[][] x = snapshot(original);
            float[][] y = snapshot(resumed);
            for (int k = 0; k < x.length; k++) {
                assertArrayEquals(x[k], y[k], name + ": parameter " + k + " after step " + (s + 1));
            }
        }
        assertEquals(a.stateDict().keySet(), b.stateDict().keySet());
    }

    @Test
    void aSavedLearningRateThatDiffersIsLoaded() {
        List<Variable> ps = parameters(75);
        Map<String, Tensor> saved = new SGD(ps, 0.25).stateDict();
        SGD other = new SGD(copies(ps), 0.1);
        other.loadStateDict(saved);
        assertEquals(0.25, other.learningRate());
        // Rates that no float holds come back exactly, to the last bit of the double.
        for (double rate : new double[] {0.3, 0.1 * 0.5 * 0.5 * 0.5, 1e-3 / 7, Math.PI * 1e-5}) {
            SGD scheduled = new SGD(copies(ps), 0.5);
            scheduled.loadStateDict(new SGD(ps, rate).stateDict());
            assertEquals(rate, scheduled.learningRate(), "rate " + rate);
        }
        // A rate saved as one float, as earlier versions did, is read as that float.
        SGD legacy = new SGD(copies(ps), 0.5);
        legacy.loadStateDict(Map.of("lr", Tensor.scalar(0.3f)));
        assertEquals(0.3f, legacy.learningRate());
    }

    @Test
    void stateDictNamesEveryStateTensorAndHoldsCopies() {
        List<Variable> ps = parameters(62);
        Adam adam = new Adam(ps, 0.01);
        assertEquals(List.of("lr"), new ArrayList<>(adam.stateDict().keySet()), "no state before the first step");
        setGradients(ps, gradients(63, 1)[0]);
        adam.step();
        Map<String, Tensor> state = adam.stateDict();
        assertEquals(List.of("lr", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.step",
                "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.step"), new ArrayList<>(state.keySet()));
        float[] lr = state.get("lr").toArray();
        assertEquals(0.01, (double) lr[0] + lr[1] + lr[2], "the rate, exactly, as three floats");
        assertEquals(0.01f, lr[0]);
        assertEquals(1f, state.get("state.0.step").item());
        assertEquals(ps.get(0).shape(), state.get("state.0.exp_avg").shape());
        // After one step, m = (1 − β1)g: check one element by hand.
        float g0 = gradients(63, 1)[0][0].toArray()[0];
        assertEquals(0.1 * g0, state.get("state.0.exp_avg").toArray()[0], 1e-6);
        // The tensors are copies: scribbling on them does not change the optimizer.
        Map<String, Tensor> again = adam.stateDict();
        state.get("state.0.exp_avg").fill(1000f);
        assertEquals(again.get("state.0.exp_avg"), adam.stateDict().get("state.0.exp_avg"));
    }

    @Test
    void sgdStateIsTheMomentumBuffer() {
        List<Variable> ps = parameters(64);
        SGD sgd = new SGD(ps, 0.1, 0.9, 0, 0, false);
        Tensor[] g = gradients(65, 1)[0];
        setGradients(ps, g);
        sgd.step();
        Map<String, Tensor> state = sgd.stateDict();
        assertEquals(List.of("lr", "state.0.momentum_buffer", "state.1.momentum_buffer"), new ArrayList<>(state.keySet()));
        assertEquals(g[1], state.get("state.1.momentum_buffer"), "the first buffer is the gradient itself");
    }

    @Test
    void loadStateDictRejectsWhatItCannotUseAndChangesNothing() {
        List<Variable> ps = parameters(66);
        Tensor[][] g = gradients(67, 2);
        Adam adam = new Adam(ps, 0.01);
        setGradients(ps, g[0]);
        adam.step();
        Map<String, Tensor> good = adam.stateDict();

        Map<String, Tensor> noLr = new LinkedHashMap<>(good);
        noLr.remove("lr");
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(noLr), "'lr'");

        Map<String, Tensor> vectorLr = new LinkedHashMap<>(good);
        vectorLr.put("lr", Tensor.of(new float[] {0.1f, 0.2f}, 2));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(vectorLr), "'lr' as 1 or 3 floats",
                "[2]");

        Map<String, Tensor> badIndex = new LinkedHashMap<>(good);
        badIndex.put("state.2.exp_avg", Tensor.zeros(4));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(badIndex),
                "unexpected optimizer state key 'state.2.exp_avg'", "2 parameters");

        Map<String, Tensor> notANumber = new LinkedHashMap<>(good);
        notANumber.put("state.first.exp_avg", Tensor.zeros(2, 3));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(notANumber), "'state.first.exp_avg'");

        Map<String, Tensor> foreign = new LinkedHashMap<>(good);
        foreign.put("momentum", Tensor.scalar(0.9f));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(foreign), "'momentum'");

        Map<String, Tensor> anotherOptimizers = new LinkedHashMap<>(good);
        anotherOptimizers.put("state.0.momentum_buffer", Tensor.zeros(2, 3));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(anotherOptimizers),
                "'state.0.momentum_buffer'", "Adam", "exp_avg, exp_avg_sq");

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(good);
        wrongShape.put("state.0.exp_avg", Tensor.zeros(3, 2));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(wrongShape),
                "'state.0.exp_avg'", "[3, 2]", "expected [2, 3]");

        Map<String, Tensor> vectorStep = new LinkedHashMap<>(good);
        vectorStep.put("state.1.step", Tensor.of(new float[] {1f, 1f}, 2));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(vectorStep),
                "'state.1.step'", "[2]", "a scalar");

        Map<String, Tensor> negativeLr = new LinkedHashMap<>(good);
        negativeLr.put("lr", Tensor.scalar(-1f));
        negativeLr.put("state.0.exp_avg", Tensor.full(7f, 2, 3));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(negativeLr), "'lr'", "non-negative",
                "-1.0");

        Map<String, Tensor> nanInitialLr = new LinkedHashMap<>(good);
        nanInitialLr.put("initial_lr", Tensor.scalar(Float.NaN));
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(nanInitialLr), "'initial_lr'", "NaN");

        // PyTorch's step() fails on an Adam state without exp_avg_sq; loading it here fails at once.
        Map<String, Tensor> incomplete = new LinkedHashMap<>(good);
        incomplete.remove("state.0.exp_avg_sq");
        assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(incomplete), "parameter 0",
                "[exp_avg, step]", "all of [exp_avg, exp_avg_sq, step]");

        for (float step : new float[] {-3f, 0f, 1.5f, Float.NaN}) {
            Map<String, Tensor> badStep = new LinkedHashMap<>(good);
            badStep.put("state.1.step", Tensor.scalar(step));
            assertThrowsWith(IllegalArgumentException.class, () -> adam.loadStateDict(badStep), "'state.1.step'",
                    "at least 1", String.valueOf(step));
        }

        // Nothing was changed by the failed loads: the next step is the one an untouched twin takes.
        List<Variable> twin = copies(ps);
        Adam reference = new Adam(twin, 0.01);
        reference.loadStateDict(good);
        setGradients(ps, g[1]);
        setGradients(twin, g[1]);
        adam.step();
        reference.step();
        assertEquals(0.01, adam.learningRate());
        float[][] x = snapshot(ps);
        float[][] y = snapshot(twin);
        for (int k = 0; k < x.length; k++) {
            assertArrayEquals(y[k], x[k], "parameter " + k);
        }
    }

    /** An optimizer of one's own that counts steps without listing "step" among its state names, as the old contract said. */
    private static final class Counting extends Optimizer {
        Counting(List<Variable> parameters) {
            super(parameters, 0.1);
        }

        @Override
        protected void update(int index, Tensor parameter, Tensor gradient) {
            nextStep(index);
            setState(index, "seen", gradient.copy());
        }

        @Override
        protected Set<String> stateNames() {
            return Set.of("seen");
        }
    }

    @Test
    void aSubclassThatCountsStepsWithoutListingStepReloadsItsState() {
        List<Variable> ps = parameters(76);
        Counting first = new Counting(ps);
        setGradients(ps, gradients(77, 1)[0]);
        first.step();
        Counting second = new Counting(copies(ps));
        second.loadStateDict(first.stateDict());
        assertEquals(first.stateDict().keySet(), second.stateDict().keySet());
        Map<String, Tensor> withoutSeen = new LinkedHashMap<>(first.stateDict());
        withoutSeen.remove("state.0.seen");
        assertThrowsWith(IllegalArgumentException.class, () -> second.loadStateDict(withoutSeen), "parameter 0",
                "expected all of [seen]");
    }

    /** Fine-tuning: the optimizer gets all of a model's parameters, and the frozen ones stay as they are. */
    @Test
    void aFrozenParameterIsAcceptedAndLeftAlone() {
        Variable frozen = Variable.of(Tensor.of(new float[] {1f, 2f}, 2), true);
        Variable trained = Variable.of(Tensor.of(new float[] {3f, 4f}, 2), true);
        frozen.setRequiresGrad(false);
        SGD sgd = new SGD(List.of(frozen, trained), 0.5);
        frozen.mul(trained).sum().backward();
        assertNull(frozen.grad(), "no gradient reaches a frozen leaf");
        sgd.step();
        assertArrayEquals(new float[] {1f, 2f}, frozen.value().toArray());
        assertArrayEquals(new float[] {3f - 0.5f * 1f, 4f - 0.5f * 2f}, trained.value().toArray());
        assertThrowsWith(IllegalStateException.class, () -> trained.mul(2f).setRequiresGrad(false), "only a leaf",
                "Mul");
    }

    @Test
    void constructionRefusesParametersItCouldNotStep() {
        // PyTorch steps a transposed parameter; here updates write in place, so it is refused
        // at once rather than at the first step.
        Variable transposed = Variable.of(Tensor.arange(6).reshape(2, 3).t(), true);
        assertThrowsWith(IllegalArgumentException.class, () -> new Adam(List.of(transposed), 0.1), "parameter 0",
                "[3, 2]", "strides [1, 3]", "contiguous");
        Variable p = Variable.of(Tensor.ones(2), true);
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(List.of(p, Variable.of(Tensor.ones(1), true), p), 0.1),
                "parameter 2 is parameter 0 again");
    }

    @Test
    void constructionValidatesTheParameters() {
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1), "at least one parameter");
        assertThrowsWith(IllegalArgumentException.class, () -> new Adam(null, 0.1), "at least one parameter");
        Variable leaf = Variable.of(Tensor.ones(2), true);
        Variable nonLeaf = leaf.mul(2f);
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(List.of(leaf, nonLeaf), 0.1),
                "parameter 1", "[2]", "must be a leaf");
        double inf = Double.POSITIVE_INFINITY;
        List<Variable> ps = parameters(69);
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, inf, 0, 0, false), "finite", "Infinity");
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0.9, 0, inf, false), "finite",
                "Infinity");
        assertThrowsWith(IllegalArgumentException.class, () -> new RMSprop(ps, 0.1, 0.99, inf, 0, 0, false), "finite",
                "Infinity");
        assertThrowsWith(IllegalArgumentException.class, () -> new RMSprop(ps, 0.1, 0.99, 1e-8, 0, inf, false),
                "finite", "Infinity");
        // SGD without momentum keeps no state: any state key is refused, and the message says why.
        assertThrowsWith(IllegalArgumentException.class,
                () -> new SGD(ps, 0.1).loadStateDict(Map.of("lr", Tensor.scalar(0.1f), "state.0.momentum_buffer",
                        Tensor.zeros(ps.get(0).shape().toArray()))), "keeps no state");
    }

    @Test
    void learningRateMustBeFiniteAndNonNegative() {
        List<Variable> ps = parameters(68);
        assertThrowsWith(IllegalArgumentException.class, () -> new SGD(ps, -1e-3), "non-negative", "-0.001");
        SGD sgd = new SGD(ps, 0);
        assertEquals(0.0, sgd.learningRate());
        sgd.setLearningRate(0.5);
        assertEquals(0.5, sgd.learningRate());
        assertThrowsWith(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN), "NaN");
        assertThrowsWith(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NEGATIVE_INFINITY),
                "-Infinity");
        assertEquals(0.5, sgd.learningRate(), "a rejected rate leaves the old one");
        // Updates compute in float: beyond Float.MAX_VALUE the rate is infinite, and its state unsavable.
        assertThrowsWith(IllegalArgumentException.class, () -> sgd.setLearningRate(1e39), "as a float", "1.0E39");
    }

    @Test
    void theLearningRateSetLaterIsTheOneUsed() {
        Variable p = Variable.of(Tensor.of(new float[] {1f}, 1), true);
        SGD sgd = new SGD(List.of(p), 1.0);
        sgd.setLearningRate(0.25);
        p.mul(2f).sum().backward();
        sgd.step();
        assertEquals(0.5f, p.value().item());
    }

    @Test
    void zeroGradForgetsEveryGradient() {
        List<Variable> ps = parameters(69);
        Optimizer opt = new Adam(ps, 0.01);
        setGradients(ps, gradients(70, 1)[0]);
        opt.zeroGrad();
        for (Variable p : ps) {
            assertNull(p.grad());
        }
        float[][] before = snapshot(ps);
        opt.step();
        float[][] after = snapshot(ps);
        for (int k = 0; k < before.length; k++) {
            assertArrayEquals(before[k], after[k], "a step without gradients changes nothing");
        }
        assertEquals(List.of("lr"), new ArrayList<>(opt.stateDict().keySet()), "and creates no state");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void parametersWithoutAGradientAreSkipped(String name, Function<List<Variable>, Optimizer> make) {
        List<Variable> ps = parameters(71);
        Optimizer opt = make.apply(ps);
        Tensor unusedBefore = ps.get(1).value().copy();
        Tensor usedBefore = ps.get(0).value().copy();
        ps.get(0).mul(Variable.of(Tensor.full(0.5f, 2, 3))).sum().backward();
        opt.step();
        assertEquals(unusedBefore, ps.get(1).value(), name + ": the parameter without a gradient");
        assertNotEquals(usedBefore, ps.get(0).value(), name + ": the parameter with a gradient");
        for (String key : opt.stateDict().keySet()) {
            assertFalse(key.startsWith("state.1."), name + ": no state for the skipped parameter, got " + key);
        }
    }

    @Test
    void stepRecordsNoGraphAndBumpsTheParameterVersion() {
        List<Variable> ps = parameters(72);
        Optimizer opt = new Adam(ps, 0.01);
        setGradients(ps, gradients(73, 1)[0]);
        int version = ps.get(0).value().version();
        Tensor storage = ps.get(0).value();
        opt.step();
        assertTrue(ps.get(0).isLeaf());
        assertTrue(ps.get(0).value() == storage, "updated in place, not replaced");
        assertTrue(ps.get(0).value().version() > version, "an in-place update bumps the version");
        assertNull(ps.get(0).grad().gradFn(), "the gradient is not part of a graph");
    }

    @Test
    void parameterListIsACopy() {
        List<Variable> ps = new ArrayList<>(parameters(74));
        SGD sgd = new SGD(ps, 0.1);
        ps.clear();
        assertEquals(2, sgd.parameters().size());
    }
}
