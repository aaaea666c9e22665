package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward pass: walks the graph from an output in reverse topological order, without
 * recursion so that deep graphs cannot overflow the stack, and adds each gradient into the
 * leaves' {@code grad}. A node runs once every node that consumes its output has passed its
 * gradient on, so a value used several times receives the sum of all its gradients first.
 */
final class Backward {
    private Backward() {
    }

    static void run(Variable root, Variable gradOutput, boolean retainGraph, boolean createGraph) {
        try (ModeScope scope = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            Ownership owned = new Ownership(gradOutput, createGraph);
            if (root.isLeaf()) {
                root.accumulateGrad(owned.forLeaf(gradOutput));
                return;
            }
            Map<Function, Integer> consumers = countConsumers(root.gradFn());
            Map<Function, Variable> pending = new IdentityHashMap<>();
            pending.put(root.gradFn(), gradOutput);
            Deque<Function> ready = new ArrayDeque<>();
            ready.push(root.gradFn());
            while (!ready.isEmpty()) {
                Function node = ready.pop();
                Variable grad = pending.remove(node);
                Variable[] inputs = node.inputs();
                Variable[] grads = grad == null ? new Variable[inputs.length] : node.backward(grad);
                if (!retainGraph) {
                    node.release();
                }
                for (int i = 0; i < inputs.length; i++) {
                    Variable input = inputs[i];
                    Variable g = node.recordedRequiresGrad(i) && input.requiresGrad() ? grads[i] : null;
                    if (g != null) {
                        check(node, i, input, g);
                    }
                    Function producer = input.gradFn();
                    if (producer == null) {
                        if (g != null) {
                            input.accumulateGrad(owned.forLeaf(g));
                        }
                        continue;
                    }
                    if (g != null) {
                        pending.merge(producer, g, Variable::add);
                    }
                    if (consumers.merge(producer, -1, Integer::sum) == 0) {
                        ready.push(producer);
                    }
                }
            }
        }
    }

    /** For every node reachable from {@code root}, how many edges lead into it from other reachable nodes. */
    private static Map<Function, Integer> countConsumers(Function root) {
        Map<Function, Integer> consumers = new IdentityHashMap<>();
        consumers.put(root, 0);
        Deque<Function> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Function node = stack.pop();
            Variable[] inputs = node.inputs();
            if (inputs == null) {
                throw new IllegalStateException("backward through " + node.name() + " a second time: its graph was freed"
                        + " by the first backward(); pass retainGraph = true to the first call to run it again");
            }
            for (Variable input : inputs) {
                Function producer = input.gradFn();
                if (producer != null && consumers.merge(producer, 1, Integer::sum) == 1) {
                    stack.push(producer);
                }
            }
        }
        return consumers;
    }

    private static void check(Function node, int i, Variable input, Variable grad) {
        if (!grad.shape().equals(input.shape())) {
            throw new IllegalStateException(node.name() + " returned a gradient of shape " + grad.shape()
                    + " for input " + i + " of shape " + input.shape());
        }
        if (AnomalyMode.isEnabled()) {
            Anomalies.check(grad.value(), node.name() + " backward (gradient of input " + i + ")");
        }
    }

    /**
     * Makes sure each leaf owns the gradient it keeps. A gradient is often a view of another
     * one (an add passes its gradient on unchanged to both inputs, a reshape returns a view),
     * so the same storage can reach several leaves, or be the caller's {@code gradOutput}.
     * The first leaf to receive a storage keeps it; later ones, and strided views, get a
     * contiguous copy. With {@code createGraph} every leaf gets a recorded copy, as PyTorch
     * clones it: the gradient may also be a value the recorded graph saved, which changing the
     * leaf's gradient in place (as gradient clipping does) must not touch.
     */
    private static final class Ownership {
        private final List<Tensor> taken = new ArrayList<>();
        private final boolean createGraph;

        Ownership(Variable gradOutput, boolean createGraph) {
            this.createGraph = createGraph;
            taken.add(gradOutput.value());
        }

        Variable forLeaf(Variable g) {
            Tensor value = g.value();
            boolean shared = !value.isContiguous();
            for (Tensor t : taken) {
                shared |= t.sharesStorageWith(value);
            }
            Variable owned;
            if (createGraph) {
                owned = g.mul(1f);
            } else {
                owned = shared ? Variable.of(value.copy()) : g.detach();
            }
            taken.add(owned.value());
            return owned;
        }
    }
}
