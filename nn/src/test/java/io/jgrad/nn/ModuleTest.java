package io.jgrad.nn;

import static io.jgrad.nn.Fixtures.assertThrowsWith;
import static io.jgrad.nn.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Variable;
import io.jgrad.nn.optim.SGD;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Module bookkeeping: dotted names, order, state dicts, modes and the printed tree. */
class ModuleTest {
    /** A model registering a parameter, a buffer and two submodules, one a nested Sequential. */
    static final class Net extends Module {
        final Sequential features;
        final Variable scale;
        final Tensor steps;
        final Linear classifier;

        Net(RandomGenerator random) {
            features = registerModule("features", new Sequential(new Linear(2, 3, true, random), new ReLU(),
                    new Dropout(0.5f, random), new Linear(3, 4, true, random)));
            scale = registerParameter("scale", Tensor.full(1.5f, 1));
            steps = registerBuffer("steps", Tensor.zeros(1));
            classifier = registerModule("classifier", new Linear(4, 2, false, random));
        }

        @Override
        public Variable forward(Variable input) {
            return classifier.forward(features.forward(input)).mul(scale);
        }
    }

    @Test
    void dottedNamesFollowPyTorchOwnParametersFirstThenSubmodulesInOrder() {
        Net net = new Net(new SplittableRandom(1));
        List<String> expected = List.of("scale", "features.0.weight", "features.0.bias", "features.3.weight",
                "features.3.bias", "classifier.weight");
        assertEquals(expected, new ArrayList<>(net.namedParameters().keySet()));
        Linear first = (Linear) net.features.get(0);
        Linear last = (Linear) net.features.get(3);
        List<Variable> byHand = List.of(net.scale, first.weight(), first.bias(), last.weight(), last.bias(),
                net.classifier.weight());
        List<Variable> params = net.parameters();
        assertEquals(byHand.size(), params.size());
        for (int i = 0; i < params.size(); i++) {
            assertSame(byHand.get(i), params.get(i), "parameter " + i + " is the layer's own variable");
            assertSame(params.get(i), net.namedParameters().get(expected.get(i)));
            assertTrue(params.get(i).requiresGrad() && params.get(i).isLeaf());
        }
        assertEquals(List.of("features", "classifier"), new ArrayList<>(net.children().keySet()));
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(
                new Sequential(new Linear(1, 1)).namedParameters().keySet()));
        assertTrue(new ReLU().parameters().isEmpty());
    }

    @Test
    void aModuleUsedTwiceHasItsParametersListedOnceAsInPyTorch() {
        // Weight tying: PyTorch's named_parameters() yields a shared parameter once, under its
        // first name, while state_dict() keeps every name.
        Linear shared = new Linear(2, 2, true, new SplittableRandom(21));
        Sequential tied = new Sequential(shared, new Tanh(), shared);
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(tied.namedParameters().keySet()));
        assertEquals(List.of(shared.weight(), shared.bias()), tied.parameters());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(tied.stateDict().keySet()));

        // So an optimizer over parameters() steps the shared weight once, by lr times its summed gradient.
        Tensor before = shared.weight().value().copy();
        tied.forward(Variable.of(uniform(22, -1, 1, 3, 2))).sum().backward();
        Tensor grad = shared.weight().grad().value().copy();
        new SGD(tied.parameters(), 0.5).step();
        assertTrue(before.sub(grad.mul(0.5f)).allClose(shared.weight().value(), 0f, 1e-6f),
                "one step of lr·grad, not two");
    }

    @Test
    void stateDictHoldsParametersBuffersAndLiveTensors() {
        Net net = new Net(new SplittableRandom(2));
        Map<String, Tensor> state = net.stateDict();
        assertEquals(List.of("scale", "steps", "features.0.weight", "features.0.bias", "features.3.weight",
                "features.3.bias", "classifier.weight"), new ArrayList<>(state.keySet()));
        assertSame(net.steps, state.get("steps"));
        assertSame(net.classifier.weight().value(), state.get("classifier.weight"));
        assertEquals(List.of(3, 2), List.of(state.get("features.0.weight").size(0), state.get("features.0.weight").size(1)));
    }

    @Test
    void loadStateDictRoundTrip() {
        Net a = new Net(new SplittableRandom(3));
        a.steps.fill(42f);
        Net b = new Net(new SplittableRandom(4));
        Tensor x = uniform(5, -1, 1, 6, 2);
        a.eval();
        b.eval();
        assertNotEquals(a.forward(Variable.of(x)).value(), b.forward(Variable.of(x)).value());
        b.loadStateDict(a.stateDict());
        assertEquals(a.forward(Variable.of(x)).value(), b.forward(Variable.of(x)).value());
        assertEquals(42f, b.steps.item(), "buffers load too");
        for (var e : a.stateDict().entrySet()) {
            assertEquals(e.getValue(), b.stateDict().get(e.getKey()), e.getKey());
            assertFalse(e.getValue().sharesStorageWith(b.stateDict().get(e.getKey())), e.getKey() + " is copied");
        }
        assertSame(b.classifier.weight().value(), b.stateDict().get("classifier.weight"),
                "loading writes into the module's own tensors");
    }

    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : m.stateDict().entrySet()) {
            out.put(e.getKey(), e.getValue().copy());
        }
        return out;
    }

    @Test
    void strictLoadingListsMissingAndUnexpectedKeysAndChangesNothing() {
        Net source = new Net(new SplittableRandom(6));
        Net target = new Net(new SplittableRandom(7));
        Map<String, Tensor> before = snapshot(target);
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.remove("classifier.weight");
        state.remove("steps");
        state.put("head.weight", Tensor.zeros(2, 4));
        state.put("features.9.bias", Tensor.zeros(1));
        assertThrowsWith(IllegalArgumentException.class, () -> target.loadStateDict(state), "Net",
                "missing keys [steps, classifier.weight]", "unexpected keys [features.9.bias, head.weight]");
        assertEquals(before, snapshot(target), "nothing was loaded");
    }

    @Test
    void sizeMismatchIsReportedAndChangesNothingEvenWhenNotStrict() {
        Net source = new Net(new SplittableRandom(8));
        Net target = new Net(new SplittableRandom(9));
        Map<String, Tensor> before = snapshot(target);
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.put("features.3.weight", Tensor.zeros(3, 4));
        for (boolean strict : new boolean[] {true, false}) {
            assertThrowsWith(IllegalArgumentException.class, () -> target.loadStateDict(state, strict),
                    "size mismatch for features.3.weight", "checkpoint has shape [3, 4]", "the module [4, 3]");
            assertEquals(before, snapshot(target), "nothing was loaded (strict " + strict + ")");
        }
    }

    @Test
    void aNameMappedToNullIsRefusedNotSkipped() {
        // A strict load passed and left the weight as it was.
        Net source = new Net(new SplittableRandom(12));
        Net target = new Net(new SplittableRandom(13));
        Map<String, Tensor> before = snapshot(target);
        Map<String, Tensor> state = new HashMap<>(source.stateDict());
        state.put("classifier.weight", null);
        for (boolean strict : new boolean[] {true, false}) {
            assertThrowsWith(IllegalArgumentException.class, () -> target.loadStateDict(state, strict),
                    "'classifier.weight' is null");
            assertEquals(before, snapshot(target), "nothing was loaded (strict " + strict + ")");
        }
        assertThrowsWith(IndexOutOfBoundsException.class, () -> target.features.get(7), "layer 7",
                target.features.size() + " layers");
    }

    @Test
    void aFrozenSubmoduleGetsNoGradientsAndStaysPut() {
        Net net = new Net(new SplittableRandom(14));
        Map<String, Tensor> before = snapshot(net);
        net.features.setRequiresGrad(false);
        var sgd = new io.jgrad.nn.optim.SGD(net.parameters(), 0.1);
        net.eval();
        Variable x = Variable.of(Tensor.randn(new SplittableRandom(15), 2, 2));
        net.forward(x).sum().backward();
        sgd.step();
        Map<String, Tensor> after = snapshot(net);
        for (String name : before.keySet()) {
            boolean frozen = name.startsWith("features.");
            if (net.namedParameters().containsKey(name)) {
                assertEquals(frozen, before.get(name).equals(after.get(name)), name + (frozen ? " is frozen" : " trains"));
            }
        }
        assertTrue(net.features.parameters().stream().noneMatch(Variable::requiresGrad));
        net.setRequiresGrad(true);
        assertTrue(net.parameters().stream().allMatch(Variable::requiresGrad), "unfrozen again");
    }

    @Test
    void nonStrictLoadingSkipsAndReportsTheKeys() {
        Net source = new Net(new SplittableRandom(10));
        Net target = new Net(new SplittableRandom(11));
        Tensor keptClassifier = target.classifier.weight().value().copy();
        Map<String, Tensor> state = new HashMap<>(source.stateDict());
        state.remove("classifier.weight");
        state.put("extra", Tensor.ones(2));
        Module.LoadResult result = target.loadStateDict(state, false);
        assertEquals(List.of("classifier.weight"), result.missingKeys());
        assertEquals(List.of("extra"), result.unexpectedKeys());
        assertEquals(keptClassifier, target.classifier.weight().value(), "a missing key keeps the module's value");
        assertEquals(source.features.get(0).stateDict().get("weight"), target.features.get(0).stateDict().get("weight"));
        Module.LoadResult clean = target.loadStateDict(source.stateDict(), false);
        assertTrue(clean.missingKeys().isEmpty() && clean.unexpectedKeys().isEmpty());
    }

    @Test
    void trainAndEvalPropagateToEverySubmodule() {
        Net net = new Net(new SplittableRandom(12));
        List<Module> all = List.of(net, net.features, net.features.get(0), net.features.get(1), net.features.get(2),
                net.features.get(3), net.classifier);
        for (Module m : all) {
            assertTrue(m.isTraining(), "modules start in training mode");
        }
        assertSame(net, net.eval());
        for (Module m : all) {
            assertFalse(m.isTraining(), m.getClass().getSimpleName() + " after eval()");
        }
        net.features.train();
        assertFalse(net.isTraining(), "train() on a child leaves the parent");
        assertTrue(net.features.get(2).isTraining(), "and reaches the child's children");
        assertFalse(net.classifier.isTraining(), "and not its siblings");
        net.train();
        for (Module m : all) {
            assertTrue(m.isTraining(), m.getClass().getSimpleName() + " after train()");
        }
    }

    @Test
    void evalMakesDropoutInsideDeterministic() {
        Net net = new Net(new SplittableRandom(13));
        Tensor x = uniform(14, -1, 1, 16, 2);
        net.eval();
        Tensor first = net.forward(Variable.of(x)).value();
        assertEquals(first, net.forward(Variable.of(x)).value());
    }

    @Test
    void toStringPrintsTheTreeAsPyTorch() {
        Sequential seq = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1, false, new SplittableRandom(1)));
        assertEquals("""
                Sequential(
                  (0): Linear(in_features=2, out_features=3, bias=True)
                  (1): ReLU()
                  (2): Linear(in_features=3, out_features=1, bias=False)
                )""", seq.toString());
        assertEquals("""
                Net(
                  (features): Sequential(
                    (0): Linear(in_features=2, out_features=3, bias=True)
                    (1): ReLU()
                    (2): Dropout(p=0.5, inplace=False)
                    (3): Linear(in_features=3, out_features=4, bias=True)
                  )
                  (classifier): Linear(in_features=4, out_features=2, bias=False)
                )""", new Net(new SplittableRandom(15)).toString());
        assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2f).toString());
        // As PyTorch 2.13 prints them: Dropout(p=0.0001, inplace=False), LeakyReLU(negative_slope=0.0001).
        assertEquals("Dropout(p=0.0001, inplace=False)", new Dropout(1e-4f).toString());
        assertEquals("LeakyReLU(negative_slope=0.0001)", new LeakyReLU(1e-4f).toString());
        assertEquals("GELU(approximate='none')", new GELU().toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
    }

    /** A module with settings of its own and a submodule. */
    static final class Scaled extends Module {
        Scaled() {
            registerModule("inner", new Linear(1, 1));
        }

        @Override
        public Variable forward(Variable input) {
            return input;
        }

        @Override
        protected String extraRepr() {
            return "factor=2";
        }
    }

    @Test
    void toStringPutsSettingsOnTheirOwnLineWhenThereAreSubmodules() {
        // PyTorch lists extra_repr and the children as one indented block.
        assertEquals("""
                Scaled(
                  factor=2
                  (inner): Linear(in_features=1, out_features=1, bias=True)
                )""", new Scaled().toString());
        assertEquals("""
                Sequential(
                  (0): Scaled(
                    factor=2
                    (inner): Linear(in_features=1, out_features=1, bias=True)
                  )
                )""", new Sequential(new Scaled()).toString());
    }

    /** A module that tries bad registrations on demand. */
    static final class Registrar extends Module {
        @Override
        public Variable forward(Variable input) {
            return input;
        }

        void parameter(String name) {
            registerParameter(name, Tensor.zeros(1));
        }

        void buffer(String name) {
            registerBuffer(name, Tensor.zeros(1));
        }

        void module(String name, Module m) {
            registerModule(name, m);
        }
    }

    @Test
    void registrationErrors() {
        Registrar r = new Registrar();
        r.parameter("w");
        assertThrowsWith(IllegalArgumentException.class, () -> r.parameter("w"), "'w'", "already registered", "Registrar");
        assertThrowsWith(IllegalArgumentException.class, () -> r.buffer("w"), "'w'", "already registered");
        assertThrowsWith(IllegalArgumentException.class, () -> r.module("w", new ReLU()), "'w'", "already registered");
        assertThrowsWith(IllegalArgumentException.class, () -> r.parameter("a.b"), "no dot", "'a.b'");
        assertThrowsWith(IllegalArgumentException.class, () -> r.buffer(""), "non-empty", "''");
        assertThrowsWith(IllegalArgumentException.class, () -> r.module(null, new ReLU()), "'null'");
        assertThrowsWith(IllegalArgumentException.class, () -> r.module("m", null), "submodule 'm'", "null");
        assertThrowsWith(IllegalArgumentException.class, Sequential::new, "at least one module");
        assertThrowsWith(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null), "'1'", "null");
    }

    @Test
    void zeroGradClearsEveryParameter() {
        Net net = new Net(new SplittableRandom(16));
        net.forward(Variable.of(uniform(17, -1, 1, 3, 2))).sum().backward();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() != null));
        net.zeroGrad();
        for (Variable p : net.parameters()) {
            assertNull(p.grad());
        }
    }

    @Test
    void sequentialAppliesItsLayersInOrder() {
        Linear a = new Linear(3, 4, true, new SplittableRandom(18));
        Linear b = new Linear(4, 2, true, new SplittableRandom(19));
        Sequential seq = new Sequential(a, new Tanh(), b);
        assertEquals(3, seq.size());
        assertSame(b, seq.get(2));
        Tensor x = uniform(20, -1, 1, 5, 3);
        Tensor byHand = b.forward(a.forward(Variable.of(x)).tanh()).value();
        assertEquals(byHand, seq.forward(Variable.of(x)).value());
    }
}
